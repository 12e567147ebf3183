// obtainRoleCredentials in-process, with a stand-in STS gateway that counts calls: the routing and the cache's lock,
// without network or child processes. The emulator-backed proofs are in test/e2e/mfa-session.test.ts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { cachedRoleCredentials, obtainRoleCredentials } from '../../src/credentials/obtain.js';
import { planRole } from '../../src/profiles/assume-plan.js';
import { readAwsFiles } from '../../src/profiles/view.js';
import type { AssumeRoleRequest, StsGateway } from '../../src/sts/types.js';

const CONFIG = `[profile dev]
role_arn = arn:aws:iam::111122223333:role/Developer
source_profile = default
role_session_name = alice-dev

[profile mfa]
role_arn = arn:aws:iam::111122223333:role/MfaRole
source_profile = default
role_session_name = alice-mfa
mfa_serial = arn:aws:iam::111122223333:mfa/alice
`;
const CREDENTIALS = '[default]\naws_access_key_id = AKIAALICE0EXAMPLE001\naws_secret_access_key = secret\n';
const view = readAwsFiles(CONFIG, CREDENTIALS);

let home: string | undefined;
afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function setUp(now = new Date()) {
  home = mkdtempSync(join(tmpdir(), 'awsprof-obtain-'));
  const stderr: string[] = [];
  const context = {
    env: { HOME: home },
    paths: { config: join(home, 'config'), credentials: join(home, 'credentials') },
    out: { stdout: () => undefined, stderr: (text: string) => stderr.push(text) },
    now: () => now,
  } as unknown as CommandContext;
  const calls: { action: string; request?: AssumeRoleRequest }[] = [];
  let issued = 0;
  const sts: StsGateway = {
    async assumeRole(request) {
      calls.push({ action: 'AssumeRole', request });
      await new Promise((done) => setTimeout(done, 50));
      issued++;
      return { accessKeyId: `ASIAROLE${issued}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(now.getTime() + request.durationSeconds * 1000), assumedRoleArn: request.roleArn };
    },
    async getSessionToken(request) {
      calls.push({ action: 'GetSessionToken' });
      return { accessKeyId: 'ASIASESSION', secretAccessKey: 's', sessionToken: 't', expiration: new Date(now.getTime() + request.durationSeconds * 1000) };
    },
    getCallerIdentity: async () => ({ account: '', arn: '', userId: '' }),
    resolveCredentials: async () => ({ accessKeyId: '', secretAccessKey: '' }),
  };
  const plan = (profile: string) => planRole(view, { profile, flags: {} }, { env: context.env, user: 'alice', now });
  return { context, sts, calls, stderr, plan, home };
}

describe('obtainRoleCredentials (#8)', () => {
  it('ten concurrent callers that may reuse make one AssumeRole, and all get its keys', async () => {
    const { context, sts, calls, plan } = setUp();
    const results = await Promise.all(Array.from({ length: 10 }, () => obtainRoleCredentials(plan('dev'), context, { prompt: false, reuse: true, sts, view })));
    expect(calls.map((call) => call.action)).toEqual(['AssumeRole']);
    expect(new Set(results.map((keys) => keys.accessKeyId))).toEqual(new Set(['ASIAROLE1']));
    expect(cachedRoleCredentials(plan('dev'), context, view)?.accessKeyId).toBe('ASIAROLE1');
  });

  it('plain assume neither reads nor writes the role cache', async () => {
    const { context, sts, calls, plan, home } = setUp();
    await obtainRoleCredentials(plan('dev'), context, { prompt: false, sts, view });
    await obtainRoleCredentials(plan('dev'), context, { prompt: false, sts, view });
    expect(calls).toHaveLength(2);
    expect(() => readdirSync(join(home, '.aws', 'awsprof', 'cache'))).toThrow();
  });

  it('an MFA role: one GetSessionToken, then AssumeRole with the session keys and no code', async () => {
    const { context, sts, calls, plan } = setUp();
    await obtainRoleCredentials(plan('mfa'), context, { prompt: false, tokenCode: '123456', sts, view });
    await obtainRoleCredentials(plan('mfa'), context, { prompt: false, sts, view });
    expect(calls.map((call) => call.action)).toEqual(['GetSessionToken', 'AssumeRole', 'AssumeRole']);
    for (const call of calls.slice(1)) {
      expect(call.request?.source).toMatchObject({ kind: 'credentials', credentials: { accessKeyId: 'ASIASESSION' } });
      expect(call.request?.mfaSerial).toBeUndefined();
      expect(call.request?.tokenCode).toBeUndefined();
    }
  });

  it('refresh asks STS although the cache is fresh, and stores the new keys', async () => {
    const { context, sts, calls, plan } = setUp();
    await obtainRoleCredentials(plan('dev'), context, { prompt: false, reuse: true, sts, view });
    const renewed = await obtainRoleCredentials(plan('dev'), context, { prompt: false, reuse: true, refresh: true, sts, view });
    expect(calls).toHaveLength(2);
    expect(cachedRoleCredentials(plan('dev'), context, view)?.accessKeyId).toBe(renewed.accessKeyId);
  });

  it('no code and no prompt allowed: the one-line error with the hint given', async () => {
    const { context, sts, calls, plan } = setUp();
    await expect(obtainRoleCredentials(plan('mfa'), context, { prompt: false, sts, view, hintWithoutTerminal: 'run `awsprof mfa mfa` in a terminal first' })).rejects.toMatchObject({
      message: 'profile mfa needs an MFA code for arn:aws:iam::111122223333:mfa/alice, and no prompt is allowed here',
      hint: 'run `awsprof mfa mfa` in a terminal first',
    });
    expect(calls).toEqual([]);
  });
});
