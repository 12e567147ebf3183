import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  chooseMfaRoute,
  formatCacheEntry,
  formatCredentialProcessOutput,
  hasAtLeast,
  isCacheFileName,
  mfaCacheName,
  parseCacheEntry,
  roleCacheName,
  sourceIdentity,
} from '../../src/credentials/cache-rules.js';
import { formatCredentialProcessLine } from '../../src/credentials/process-line.js';
import { findCredentialProcessLoop } from '../../src/credentials/recursion.js';
import { planRole, type RolePlan } from '../../src/profiles/assume-plan.js';
import { shlexSplit } from '../../src/profiles/shlex.js';
import { readAwsFiles } from '../../src/profiles/view.js';

const CONFIG = `[profile dev]
role_arn = arn:aws:iam::111122223333:role/Developer
source_profile = default
mfa_serial = arn:aws:iam::111122223333:mfa/alice

[profile long]
role_arn = arn:aws:iam::111122223333:role/Developer
source_profile = default
mfa_serial = arn:aws:iam::111122223333:mfa/alice
duration_seconds = 7200

[profile chained]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = dev
mfa_serial = arn:aws:iam::111122223333:mfa/alice
`;
const SECRET = 'aLiCeSecret/K7MDENG+bPxRfiCYEXAMPLEKEY01';
const CREDENTIALS = `[default]\naws_access_key_id = AKIAALICE0EXAMPLE001\naws_secret_access_key = ${SECRET}\n`;
const view = readAwsFiles(CONFIG, CREDENTIALS);
const defaults = { env: {}, user: 'alice', now: new Date('2026-11-26T05:00:00Z') };
const plan = (profile: string, flags = {}): RolePlan => planRole(view, { profile, flags }, defaults);

describe('cache keys (#8)', () => {
  const base = plan('dev');
  const identity = sourceIdentity(view, base.source);

  it('names the source by its access key id, never its secret', () => {
    expect(identity).toBe('key:AKIAALICE0EXAMPLE001');
    const name = roleCacheName(base, identity, 'aws');
    expect(isCacheFileName(name)).toBe(true);
    expect(name).not.toContain('AKIA');
    expect(name).not.toContain(SECRET.slice(0, 8));
  });

  it.each([
    ['role ARN', { roleArn: 'arn:aws:iam::111122223333:role/Other' }],
    ['session name', { sessionName: 'other' }],
    ['external id', { externalId: 'ext-1' }],
    ['mfa serial', { mfaSerial: 'arn:aws:iam::111122223333:mfa/bob' }],
    ['duration', { duration: '30m' }],
    ['policy ARNs', { policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }],
    ['inline policy', { policy: '{"Version":"2012-10-17","Statement":[]}' }],
    ['endpoint', { endpointUrl: 'http://127.0.0.1:1' }],
  ])('a different %s is a different entry', (_what, flags) => {
    const other = plan('dev', flags);
    expect(roleCacheName(other, identity, other.endpointUrl ?? 'aws')).not.toBe(roleCacheName(base, identity, 'aws'));
  });

  it('the same request is the same entry; another source key is another', () => {
    expect(roleCacheName(plan('dev'), identity, 'aws')).toBe(roleCacheName(base, identity, 'aws'));
    expect(roleCacheName(base, 'key:AKIAOTHER', 'aws')).not.toBe(roleCacheName(base, identity, 'aws'));
    expect(mfaCacheName(identity, 'arn:aws:iam::111122223333:mfa/alice', 'aws')).toMatch(/^mfa-[0-9a-f]{40}\.json$/);
  });
});

describe('freshness and the MFA route (#8)', () => {
  const now = new Date('2026-11-26T05:00:00Z');
  it.each([
    [16, 15, true],
    [15, 15, false],
    [6, 5, true],
    [4, 5, false],
  ])('%d minutes left, %d required: %s', (left, required, fresh) => {
    expect(hasAtLeast({ expiration: new Date(now.getTime() + left * 60_000) }, now, required * 60_000)).toBe(fresh);
  });

  it('up to 1h: through the MFA session of the source; longer: the code goes to AssumeRole', () => {
    expect(chooseMfaRoute(plan('dev'), view)).toEqual({ kind: 'session', sourceProfile: 'default', keyId: 'AKIAALICE0EXAMPLE001', mfaSerial: 'arn:aws:iam::111122223333:mfa/alice' });
    expect(chooseMfaRoute(plan('long'), view)).toEqual({ kind: 'direct', reason: 'duration' });
    // The source of `chained` is a role, not long-term keys: GetSessionToken is not possible.
    expect(chooseMfaRoute(plan('chained'), view)).toEqual({ kind: 'direct' });
    expect(chooseMfaRoute({ ...plan('dev'), mfaSerial: undefined }, view)).toEqual({ kind: 'none' });
  });
});

describe('cache entries and helper output (#8)', () => {
  const entry = { kind: 'role' as const, profile: 'dev', accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't', expiration: new Date('2026-11-26T06:00:00.123Z'), assumedRoleArn: 'arn:x' };

  it('round-trips; anything else is no entry', () => {
    expect(parseCacheEntry(formatCacheEntry(entry))).toEqual(entry);
    for (const text of ['', '{', '[]', 'null', '{"Version":2}', formatCacheEntry(entry).replace('"Expiration":"2026', '"Expiration":"x')]) {
      expect(parseCacheEntry(text)).toBeUndefined();
    }
  });

  it('prints the credential_process format with an RFC 3339 expiry', () => {
    expect(JSON.parse(formatCredentialProcessOutput(entry))).toEqual({ Version: 1, AccessKeyId: 'ASIAX', SecretAccessKey: 's', SessionToken: 't', Expiration: '2026-11-26T06:00:00Z' });
  });
});

describe('the credential_process line (#8)', () => {
  const launcher = ["/opt/my node's/bin/node", '/home/a b/awsprof/dist/cli.js'];
  const line = formatCredentialProcessLine(launcher, 'dev', ['--duration', '1800']);
  const words = [...launcher, 'credential-process', 'dev', '--duration', '1800'];

  it("botocore's shlex split and /bin/sh read the same words", () => {
    expect(shlexSplit(line)).toEqual(words);
    const printed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
    expect(printed).toBe(`${words.join('\n')}\n`);
    const python = execFileSync('/usr/bin/python3', ['-c', 'import shlex, sys, json; print(json.dumps(shlex.split(sys.argv[1])))', line], { encoding: 'utf8' });
    expect(JSON.parse(python)).toEqual(words);
  });

  it('finds a chain that runs back into itself', () => {
    const loopView = readAwsFiles(`${CONFIG}\n[profile loop]\nrole_arn = arn:aws:iam::111122223333:role/Developer\nsource_profile = helper\n\n[profile helper]\ncredential_process = ${formatCredentialProcessLine(launcher, 'loop')}\n`, CREDENTIALS);
    expect(findCredentialProcessLoop(loopView, 'loop')).toEqual(['loop', 'helper', 'loop']);
    expect(findCredentialProcessLoop(loopView, 'dev')).toBeUndefined();
  });
});
