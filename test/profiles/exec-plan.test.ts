import { describe, expect, it } from 'vitest';
import { AwsprofError, UsageError } from '../../src/errors.js';
import { exec } from '../../src/commands/exec.js';
import { use } from '../../src/commands/use.js';
import { parseFastArgs } from '../../src/fast-path.js';
import { parseSpan } from '../../src/profiles/duration.js';
import { EXEC_PROFILE_VARIABLE, formatExecEnvironment, planExec } from '../../src/profiles/exec-plan.js';
import { selectRefreshable } from '../../src/profiles/refresh-selection.js';
import { readAwsFiles } from '../../src/profiles/view.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const defaults = { env: { AWS_REGION: 'us-east-2' }, user: 'alice', now: NOW };
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const CONFIG = `[default]
region = eu-west-1
[profile dev]
role_arn = arn:aws:iam::111122223333:role/Developer
source_profile = default
[profile live]
region = eu-central-1
awsprof_source_profile = dev
awsprof_duration_seconds = 7200
[profile stale]
awsprof_source_profile = dev
[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev
[profile noregion]
`;
const credentials = (liveMinutes: number, staleMinutes = -5) => `[default]
aws_access_key_id = AKIAEXAMPLE000000001
aws_secret_access_key = longTermSecret
[live]
aws_access_key_id = ASIALIVE000000000001
aws_secret_access_key = liveSecret
aws_session_token = liveToken
x_security_token_expires = ${at(liveMinutes)}
[stale]
aws_access_key_id = ASIASTALE00000000001
aws_secret_access_key = s
aws_session_token = t
x_security_token_expires = ${at(staleMinutes)}
[saml]
aws_access_key_id = ASIASAML000000000001
aws_secret_access_key = s
aws_session_token = t
x_security_token_expires = ${at(-1)}
[noregion]
aws_access_key_id = AKIAEXAMPLE000000002
aws_secret_access_key = other
`;

describe('planExec: where exec gets the keys', () => {
  it('a role profile is assumed (a plan with no target: exec writes nowhere)', () => {
    const source = planExec(readAwsFiles(CONFIG, credentials(40)), 'dev', defaults);
    expect(source).toMatchObject({ kind: 'assume', renewing: false, plan: { roleArn: 'arn:aws:iam::111122223333:role/Developer', region: 'eu-west-1' } });
    expect(source.kind === 'assume' && 'target' in source.plan).toBe(false);
  });

  it('keys awsprof wrote with more than 15 minutes left are used as they are', () => {
    expect(planExec(readAwsFiles(CONFIG, credentials(16)), 'live', defaults)).toEqual({
      kind: 'keys',
      keys: { accessKeyId: 'ASIALIVE000000000001', secretAccessKey: 'liveSecret', sessionToken: 'liveToken', expiration: new Date(at(16)) },
      region: 'eu-central-1',
    });
  });

  it.each([15, 3, -60])('keys awsprof wrote with %i minutes left: the recorded assumption again, with its overrides', (minutes) => {
    const source = planExec(readAwsFiles(CONFIG, credentials(minutes)), 'live', defaults);
    expect(source).toMatchObject({ kind: 'assume', renewing: true, plan: { target: 'live', profile: 'dev', durationSeconds: 7200, region: 'eu-central-1' } });
  });

  it('long-term keys as they are, with the environment’s region when the profile has none', () => {
    expect(planExec(readAwsFiles(CONFIG, credentials(40)), 'noregion', defaults)).toEqual({
      kind: 'keys',
      keys: { accessKeyId: 'AKIAEXAMPLE000000002', secretAccessKey: 'other', sessionToken: undefined, expiration: undefined },
      region: 'us-east-2',
    });
  });

  it('expired keys another tool wrote: a failure (exit 1) that says who can renew them', () => {
    const error = (() => {
      try {
        planExec(readAwsFiles(CONFIG, credentials(40)), 'saml', defaults);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AwsprofError);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as AwsprofError).message).toBe('the temporary keys of saml expired 1m ago');
  });

  it('an SSO profile goes to the SDK’s providers', () => {
    expect(planExec(readAwsFiles(CONFIG, credentials(40)), 'sso', defaults)).toEqual({ kind: 'providers', region: 'us-east-2' });
  });

  it('an unknown profile is a usage error (exit 2) with a suggestion', () => {
    expect(() => planExec(readAwsFiles(CONFIG, credentials(40)), 'lve', defaults)).toThrow(UsageError);
    expect(() => planExec(readAwsFiles(CONFIG, credentials(40)), 'lve', defaults)).toThrow(/profile lve not found/);
  });
});

describe('formatExecEnvironment', () => {
  const parent = { PATH: '/usr/bin', AWS_PROFILE: 'x', AWS_DEFAULT_PROFILE: 'x', AWS_SECURITY_TOKEN: 'old', AWS_SESSION_TOKEN: 'old', AWS_CREDENTIAL_EXPIRATION: 'old', AWS_REGION: 'old', AWS_CONFIG_FILE: '/c' };

  it('sets the keys, expiry and region, removes what would compete, keeps the rest', () => {
    const env = formatExecEnvironment(parent, 'dev', { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: new Date(at(60)) }, 'eu-west-1');
    expect(env).toEqual({
      PATH: '/usr/bin',
      AWS_CONFIG_FILE: '/c',
      AWS_ACCESS_KEY_ID: 'ASIA1',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_SESSION_TOKEN: 't',
      AWS_CREDENTIAL_EXPIRATION: '2026-11-26T13:00:00.000Z',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      [EXEC_PROFILE_VARIABLE]: 'dev',
    });
    expect(parent.AWS_PROFILE).toBe('x');
  });

  it('long-term keys: no stale session token or expiry left behind; no region, none set', () => {
    const env = formatExecEnvironment(parent, 'default', { accessKeyId: 'AKIA1', secretAccessKey: 's' }, undefined);
    for (const name of ['AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) expect(env).not.toHaveProperty(name);
  });
});

describe('exec on the fast path', () => {
  it('takes the words after the first -- verbatim', () => {
    expect(parseFastArgs(['exec', 'dev', '--', 'aws', '--debug', '--', '-x'], exec.spec)).toMatchObject({ profile: 'dev', command: ['aws', '--debug', '--', '-x'] });
    expect(parseFastArgs(['--no-color', 'exec', 'dev', '--token-code', '123456', '--'], exec.spec)).toMatchObject({ profile: 'dev', 'token-code': '123456', command: [] });
  });

  it('leaves -- to yargs for commands without a pass-through', () => {
    expect(parseFastArgs(['use', 'dev', '--', 'x'], use.spec)).toBeUndefined();
  });
});

describe('selectRefreshable', () => {
  it('due: awsprof’s profiles expiring within the window, past or without expiry; others never', () => {
    const view = readAwsFiles(CONFIG, credentials(20, -5));
    expect(selectRefreshable(view, NOW, 15 * 60)).toEqual({ due: [{ name: 'stale', expiration: new Date(at(-5)) }], fresh: [{ name: 'live', expiration: new Date(at(20)) }], processes: [] });
    expect(selectRefreshable(view, NOW, 30 * 60).due.map((candidate) => candidate.name)).toEqual(['live', 'stale']);
    const noExpiry = readAwsFiles('[profile t]\nawsprof_source_profile = dev\n', '');
    expect(selectRefreshable(noExpiry, NOW, 0).due).toEqual([{ name: 't', expiration: undefined }]);
  });
});

describe('parseSpan', () => {
  it.each([
    ['15m', 900],
    ['1h30m', 5400],
    ['0', 0],
    ['45s', 45],
  ])('%s is %i seconds', (text, seconds) => expect(parseSpan(text, '--within')).toBe(seconds));

  it('refuses what is no duration', () => {
    expect(() => parseSpan('soon', '--within')).toThrow('--within: "soon" is not a duration');
  });
});
