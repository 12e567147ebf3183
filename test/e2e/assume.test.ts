// `awsprof assume` and `awsprof refresh` as a user runs them: the built CLI as a child process, a temp HOME, and a
// real STS Query-API emulator on 127.0.0.1 that checks every SigV4 signature. Each test asserts the exit code, both
// output streams and the resulting files; failures must leave both files byte-for-byte as they were.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAwsFiles, settingText } from '../../src/profiles/view.js';
import { totp } from '../sts-emulator/index.js';
import type { RequestLogEntry } from '../sts-emulator/index.js';
import { aws, awsprof, CLI, type CliResult, run, withTempDir } from '../support/cli.js';
import { ACCOUNT, ALICE, CONFIG, CREDENTIALS, EXTERNAL_ID, ROLE, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function withHome(work: (h: SeededHome) => Promise<void>, files: { config?: string; credentials?: string } = {}): Promise<void> {
  return withTempDir(async (dir) => work(await seedHome(dir, sts.url, files)));
}

interface Snapshot {
  config: Buffer;
  credentials: Buffer;
  entries: string[];
}

/** Both files' bytes and what else is in ~/.aws (a stray lock or temp file would show up here). */
async function snapshot(h: SeededHome): Promise<Snapshot> {
  return {
    config: await readFile(h.config),
    credentials: await readFile(h.credentials),
    entries: (await readdir(join(h.home, '.aws'))).sort(),
  };
}

async function expectUnchanged(h: SeededHome, before: Snapshot): Promise<void> {
  const after = await snapshot(h);
  expect(after.entries).toEqual(before.entries);
  expect(after.config.equals(before.config), 'config changed').toBe(true);
  expect(after.credentials.equals(before.credentials), 'credentials changed').toBe(true);
}

async function profiles(h: SeededHome) {
  return readAwsFiles(await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')).profiles;
}

/** The temporary keys awsprof wrote into [target] of the credentials file. */
async function keysOf(h: SeededHome, target: string) {
  const credentials = (await profiles(h)).get(target)?.credentials ?? {};
  return {
    accessKeyId: settingText(credentials, 'aws_access_key_id')!,
    secretAccessKey: settingText(credentials, 'aws_secret_access_key')!,
    sessionToken: settingText(credentials, 'aws_session_token')!,
    expires: settingText(credentials, 'x_security_token_expires')!,
  };
}

/** Requests the emulator received since `mark` (an earlier `requests.length`). */
const since = (mark: number): RequestLogEntry[] => sts.emulator.requests.slice(mark);
const assumeCalls = (mark: number) => since(mark).filter((entry) => entry.action === 'AssumeRole');

const assumedArn = (role: string, session: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The one success line: `Assumed ARN into profile T; expires HH:MM (in 59m).` with HH:MM the local expiry time. */
function expectAssumedLine(stderr: string, arn: string, target: string, expires: string, relative = '(?:59m|1h)'): void {
  const at = new Date(expires);
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  expect(stderr).toMatch(new RegExp(`^Assumed ${escape(arn)} into profile ${escape(target)}; expires (?:\\w{3} )?${hhmm} \\(in ${relative}\\)\\.\\n$`));
}

function expectNoSecrets(result: CliResult, secrets: string[]): void {
  for (const secret of secrets) {
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  }
}

/** The env for the real AWS CLI: no AWS_ENDPOINT_URL_STS (2.9 ignores it; --endpoint-url says where instead). */
const awsEnv = (h: SeededHome) => ({ ...h.env, AWS_ENDPOINT_URL_STS: undefined });

async function callerArn(h: SeededHome, profile: string, extraArgs: string[] = []): Promise<string> {
  const result = await aws(['sts', 'get-caller-identity', '--profile', profile, '--endpoint-url', sts.url, '--output', 'json', ...extraArgs], awsEnv(h));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { Arn: string }).Arn;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** MFA codes the emulator accepts now (it allows one step either side); a code outside them is wrong for sure. */
function wrongMfaCode(): string {
  const now = sts.emulator.now().getTime();
  const valid = new Set([-60, -30, 0, 30, 60].map((offset) => totp(ALICE.totpSecret, new Date(now + offset * 1000))));
  for (let code = 123456; ; code++) if (!valid.has(String(code))) return String(code);
}

/**
 * Runs awsprof and records the command line of it and every process it starts while it runs, read from /proc, so a
 * test can check no secret was ever passed as an argument (where `ps` would show it to every user).
 */
async function awsprofWatchingArgs(args: string[], env: NodeJS.ProcessEnv): Promise<{ result: CliResult; commandLines: string[] }> {
  const commandLines = new Set<string>();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const watch = (pid: number) => {
    try {
      commandLines.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        for (const childPid of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) watch(Number(childPid));
      }
    } catch {
      // The process ended between listing and reading.
    }
  };
  const timer = setInterval(() => child.pid && watch(child.pid), 1);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end();
  const result = await new Promise<CliResult>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
  clearInterval(timer);
  return { result, commandLines: [...commandLines].filter(Boolean) };
}

// ---------------------------------------------------------------------------------------------------------------

describe('awsprof assume: the basic flow', () => {
  it('writes the temporary keys, expiry and region, prints one line, and the AWS CLI acts as the role', () =>
    withHome(async (h) => {
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      const keys = await keysOf(h, 'dev-keys');
      expectAssumedLine(result.stderr, assumedArn('Developer', 'alice-dev'), 'dev-keys', keys.expires);

      // The keys are exactly the session the emulator issued, with its expiry in RFC 3339.
      const session = sts.emulator.sessions().find((candidate) => candidate.accessKeyId === keys.accessKeyId);
      expect(session?.arn).toBe(assumedArn('Developer', 'alice-dev'));
      expect(keys.accessKeyId).toMatch(/^ASIA/);
      expect(keys.expires).toBe(session!.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      const config = (await profiles(h)).get('dev-keys')!.config;
      expect(config).toEqual({ region: 'eu-west-1', awsprof_source_profile: 'dev' });
      expect((await stat(h.credentials)).mode & 0o777).toBe(0o600);

      expect(await callerArn(h, 'dev-keys')).toBe(assumedArn('Developer', 'alice-dev'));
    }));

  it('signs AssumeRole with the source profile’s long-term key', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const calls = since(mark);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        action: 'AssumeRole',
        accessKeyId: ALICE.accessKeyId,
        callerArn: ALICE.arn,
        status: 200,
        params: { RoleArn: ROLE.developer, RoleSessionName: 'alice-dev', DurationSeconds: '3600' },
      });
    }));

  it('with no --as, writes to assumed-role and says so', () =>
    withHome(async (h) => {
      const result = await awsprof(['assume', 'dev'], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      const [notice, assumed] = result.stderr.split(/(?<=\n)/);
      expect(notice).toBe('awsprof: no --as given; writing to profile assumed-role\n');
      expectAssumedLine(assumed!, assumedArn('Developer', 'alice-dev'), 'assumed-role', (await keysOf(h, 'assumed-role')).expires);
      expect(await callerArn(h, 'assumed-role')).toBe(assumedArn('Developer', 'alice-dev'));
    }));

  it('names the session <user>-<YYYYMMDD> when the profile has no role_session_name', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      expect((await awsprof(['assume', 'ext', '--as', 'e'], h.env)).code).toBe(0);
      expect(assumeCalls(mark)[0]?.params.RoleSessionName).toMatch(/^[\w+=,.@-]+-\d{8}$/);
    }));

  it('takes the region from the role profile first', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'short', '--as', 's'], h.env)).code).toBe(0);
      expect((await profiles(h)).get('s')?.config.region).toBe('ap-southeast-2');
    }));
});

describe('awsprof assume: the rest of both files is untouched', () => {
  it('appends the new sections and leaves every other byte alone', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      for (const [file, before, header] of [
        [h.config, CONFIG, '[profile dev-keys]'],
        [h.credentials, CREDENTIALS, '[dev-keys]'],
      ] as const) {
        const after = await readFile(file, 'utf8');
        expect(after.startsWith(before), `${file} keeps its original text as a prefix`).toBe(true);
        const tail = after.slice(before.length);
        expect(tail.match(/^\s*\[.*\]\s*$/gm)).toEqual([header]);
      }
    }));

  it('re-assuming into an existing target changes only its values: comments, order and other sections stay', () => {
    const config = `${CONFIG}
# my scratch profile
[profile dev-keys]
# keep this comment
region = eu-west-1
output = text
awsprof_source_profile = dev

[profile after]
region = us-west-2
`;
    const credentials = `${CREDENTIALS}
[dev-keys]
# temporary, written by awsprof last week
aws_access_key_id = ASIAOLDOLDOLDOLDOLD1
aws_secret_access_key = oldSecret
aws_session_token = oldToken
x_security_token_expires = 2026-01-01T00:00:00Z

[after]
aws_access_key_id = AKIAAFTER00000000001
aws_secret_access_key = afterSecret
`;
    return withHome(
      async (h) => {
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
        expect(result.stderr).toMatch(/^Assumed /);
        expect(result.code).toBe(0);
        const keys = await keysOf(h, 'dev-keys');
        expect(await readFile(h.config, 'utf8')).toBe(config);
        expect(await readFile(h.credentials, 'utf8')).toBe(
          credentials
            .replace('ASIAOLDOLDOLDOLDOLD1', keys.accessKeyId)
            .replace('oldSecret', keys.secretAccessKey)
            .replace('oldToken', keys.sessionToken)
            .replace('2026-01-01T00:00:00Z', keys.expires),
        );
      },
      { config, credentials },
    );
  });

  it('keeps CRLF line endings and copes with a credentials file without a final newline', () =>
    withHome(
      async (h) => {
        expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
        const config = await readFile(h.config, 'utf8');
        const credentials = await readFile(h.credentials, 'utf8');
        expect(config.startsWith(CONFIG.replace(/\n/g, '\r\n'))).toBe(true);
        expect(credentials.startsWith(CREDENTIALS.trimEnd().replace(/\n/g, '\r\n'))).toBe(true);
        expect(config.replace(/\r\n/g, '')).not.toContain('\n');
        expect(credentials.replace(/\r\n/g, '')).not.toContain('\n');
        expect(await callerArn(h, 'dev-keys')).toBe(assumedArn('Developer', 'alice-dev'));
      },
      { config: CONFIG.replace(/\n/g, '\r\n'), credentials: CREDENTIALS.trimEnd().replace(/\n/g, '\r\n') },
    ));
});

describe('awsprof assume: role chaining', () => {
  it('profile → role → role: Admin is assumed with the Developer session’s key', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'admin', '--as', 'admin-keys'], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      expectAssumedLine(result.stderr, assumedArn('Admin', 'alice-admin'), 'admin-keys', (await keysOf(h, 'admin-keys')).expires);

      const [first, second] = assumeCalls(mark);
      expect(assumeCalls(mark)).toHaveLength(2);
      expect(first).toMatchObject({ accessKeyId: ALICE.accessKeyId, callerArn: ALICE.arn, params: { RoleArn: ROLE.developer }, status: 200 });
      expect(second).toMatchObject({ params: { RoleArn: ROLE.admin, RoleSessionName: 'alice-admin' }, status: 200 });
      // The second call is signed with the temporary key the first one issued.
      const developerSession = sts.emulator.sessions().find((session) => session.accessKeyId === second!.accessKeyId);
      expect(developerSession?.arn).toBe(assumedArn('Developer', 'alice-dev'));
      expect(second!.callerArn).toBe(developerSession!.arn);

      // admin and its source dev name no region, so admin-keys gets none (awsprof looks one hop down the chain, see
      // the report); the AWS CLI then needs one.
      expect(await callerArn(h, 'admin-keys', ['--region', 'eu-west-1'])).toBe(assumedArn('Admin', 'alice-admin'));
    }));

  it('chains from keys awsprof wrote: a profile whose source_profile is an assumed profile', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const devKeys = await keysOf(h, 'dev-keys');
      await writeFile(h.config, `${await readFile(h.config, 'utf8')}\n[profile admin-from-keys]\nrole_arn = ${ROLE.admin}\nsource_profile = dev-keys\n`);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'admin-from-keys', '--as', 'admin-keys', '--session-name', 'chain2'], h.env);
      expect(result.code).toBe(0);
      expect(assumeCalls(mark)).toHaveLength(1);
      expect(assumeCalls(mark)[0]).toMatchObject({ accessKeyId: devKeys.accessKeyId, params: { RoleArn: ROLE.admin } });
      expect(await callerArn(h, 'admin-keys')).toBe(assumedArn('Admin', 'chain2'));
    }));

  it('a chained session longer than 1h is STS’s error, explained; nothing written', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const result = await awsprof(['assume', 'admin', '--as', 'admin-keys', '--duration', '2h'], h.env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^awsprof: the requested duration is longer than the role allows: .*1 hour session limit.*role chaining/);
      expect(result.stderr.split('\n')).toHaveLength(2);
      await expectUnchanged(h, before);
    }));
});

describe('awsprof assume: MFA', () => {
  it('assumes an MFA-protected role with --token-code', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'mfa', '--as', 'mfa-keys', '--session-name', 'with-mfa', '--token-code', sts.emulator.totp(ALICE.mfaSerial)], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      const keys = await keysOf(h, 'mfa-keys');
      expectAssumedLine(result.stderr, assumedArn('MfaRole', 'with-mfa'), 'mfa-keys', keys.expires);
      // The code buys an MFA session (GetSessionToken with alice's keys), and the role is assumed with it (#8).
      const calls = sts.emulator.requests.slice(mark);
      expect(calls.map((entry) => entry.action)).toEqual(['GetSessionToken', 'AssumeRole']);
      expect(calls[0]).toMatchObject({ accessKeyId: ALICE.accessKeyId, params: { SerialNumber: ALICE.mfaSerial, TokenCode: '<redacted>' }, status: 200 });
      expect(assumeCalls(mark)[0]).toMatchObject({ params: { RoleArn: ROLE.mfa }, status: 200 });
      expect(assumeCalls(mark)[0]!.accessKeyId).not.toBe(ALICE.accessKeyId);
      expect(sts.emulator.sessions().find((session) => session.accessKeyId === keys.accessKeyId)?.mfaAuthenticated).toBe(true);
    }));

  it('a wrong code: a clear error, exit 1, nothing written', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const result = await awsprof(['assume', 'mfa', '--as', 'mfa-keys', '--token-code', wrongMfaCode()], h.env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('awsprof: STS rejected the MFA code (codes change every 30 seconds and can be used once; try the next code)\n');
      await expectUnchanged(h, before);
    }));

  it('no terminal and no --token-code: a clear error before any call', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'mfa', '--as', 'mfa-keys'], h.env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `awsprof: profile mfa needs an MFA code for ${ALICE.mfaSerial}, and there is no terminal to ask on (pass --token-code 123456)\n`,
      );
      expect(since(mark)).toEqual([]);
      await expectUnchanged(h, before);
    }));

  it('a code that is not 6 digits is refused before any call', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'mfa', '--as', 'mfa-keys', '--token-code', '12ab56'], h.env);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('awsprof: an MFA code is 6 digits (check the code on your MFA device)\n');
      expect(since(mark)).toEqual([]);
      await expectUnchanged(h, before);
    }));

  it('MFA needed by the source profile, no terminal: the same clear error (not wrapped as an STS error)', () =>
    withHome(
      async (h) => {
        const before = await snapshot(h);
        const result = await awsprof(['assume', 'via-mfa', '--as', 'via-mfa-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(
          `awsprof: profile mfa needs an MFA code for ${ALICE.mfaSerial}, and there is no terminal to ask on (pass --token-code 123456)\n`,
        );
        await expectUnchanged(h, before);
      },
      { config: `${CONFIG}\n[profile via-mfa]\nrole_arn = ${ROLE.admin}\nsource_profile = mfa\n` },
    ));
});

describe('awsprof assume and whoami: --token-code for MFA in the source chain', () => {
  it('whoami --token-code answers the MFA of a role profile resolved through the SDK', () =>
    withHome(async (h) => {
      const result = await awsprof(['whoami', '--profile', 'mfa', '--json', '--token-code', sts.emulator.totp(ALICE.mfaSerial)], h.env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).arn).toMatch(/:assumed-role\/MfaRole\//);
    }));

  it('assume --token-code reaches the source chain when the role itself has no mfa_serial', () =>
    withHome(
      async (h) => {
        const result = await awsprof(['assume', 'via-mfa', '--as', 'via-mfa-keys', '--token-code', sts.emulator.totp(ALICE.mfaSerial)], h.env);
        // The MFA step succeeded; the emulator's Admin role does not trust MfaRole, so STS denies the second hop.
        expect(result.stderr).toMatch(/^awsprof: access denied: User: arn:aws:sts::\d+:assumed-role\/MfaRole\/[^ ]+ is not authorized to perform: sts:AssumeRole/);
        expect(result.code).toBe(1);
      },
      { config: `${CONFIG}\n[profile via-mfa]\nrole_arn = ${ROLE.admin}\nsource_profile = mfa\n` },
    ));
});

describe('awsprof assume: ExternalId, duration, --role-arn', () => {
  it('sends external_id from the profile', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'ext', '--as', 'ext-keys', '--session-name', 'ext-s'], h.env);
      expect(result.code).toBe(0);
      expectAssumedLine(result.stderr, assumedArn('ExtRole', 'ext-s'), 'ext-keys', (await keysOf(h, 'ext-keys')).expires);
      expect(assumeCalls(mark)[0]?.params.ExternalId).toBe(EXTERNAL_ID);
    }));

  it('sends --external-id, and stores it for refresh', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'default', '--role-arn', ROLE.ext, '--external-id', EXTERNAL_ID, '--as', 'ext-keys', '--session-name', 'ext-f'], h.env);
      expect(result.code).toBe(0);
      expect(assumeCalls(mark)[0]?.params).toMatchObject({ RoleArn: ROLE.ext, ExternalId: EXTERNAL_ID });
      expect((await profiles(h)).get('ext-keys')?.config).toMatchObject({ awsprof_external_id: EXTERNAL_ID, awsprof_role_arn: ROLE.ext });
      expect(await callerArn(h, 'ext-keys')).toBe(assumedArn('ExtRole', 'ext-f'));
    }));

  it('a wrong --external-id is access denied, nothing written', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const result = await awsprof(['assume', 'ext', '--as', 'ext-keys', '--external-id', 'not-the-one'], h.env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^awsprof: access denied: User: arn:aws:iam::111122223333:user\/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/ExtRole \(.*ExternalId.*\)\n$/);
      await expectUnchanged(h, before);
    }));

  it('--duration over the role’s maximum: a clear error, nothing written', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'short', '--as', 'short-keys', '--duration', '2h'], h.env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^awsprof: the requested duration is longer than the role allows: The requested DurationSeconds exceeds the MaxSessionDuration set for this role\. \(.*--duration.*\)\n$/);
      expect(assumeCalls(mark)).toMatchObject([{ params: { DurationSeconds: '7200' }, errorCode: 'ValidationError' }]);
      await expectUnchanged(h, before);
    }));

  it.each([
    ['100', '--duration: 100 seconds is outside what STS allows (900 to 43200, i.e. 15m to 12h)'],
    ['13h', '--duration: 46800 seconds is outside what STS allows (900 to 43200, i.e. 15m to 12h)'],
    ['soon', '--duration: "soon" is not a duration (use seconds or forms like 1h, 90m, 1h30m)'],
  ])('--duration %s is a usage error before any call', (duration, message) =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys', '--duration', duration], h.env);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`awsprof: ${message}\n`);
      expect(since(mark)).toEqual([]);
      await expectUnchanged(h, before);
    }),
  );

  it('--duration 2h on a role that allows it: a 2h session', () =>
    withHome(async (h) => {
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys', '--duration', '2h'], h.env);
      expect(result.code).toBe(0);
      expectAssumedLine(result.stderr, assumedArn('Developer', 'alice-dev'), 'dev-keys', (await keysOf(h, 'dev-keys')).expires, '(?:1h 59m|2h)');
    }));

  it('--role-arn assumes a role with the keys of a profile that has no role_arn', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'default', '--role-arn', ROLE.developer, '--as', 'by-arn', '--session-name', 'by-arn'], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      expectAssumedLine(result.stderr, assumedArn('Developer', 'by-arn'), 'by-arn', (await keysOf(h, 'by-arn')).expires);
      expect(assumeCalls(mark)).toMatchObject([{ accessKeyId: ALICE.accessKeyId, params: { RoleArn: ROLE.developer, RoleSessionName: 'by-arn' } }]);
      expect((await profiles(h)).get('by-arn')?.config).toEqual({
        region: 'eu-west-1',
        awsprof_source_profile: 'default',
        awsprof_role_arn: ROLE.developer,
        awsprof_role_session_name: 'by-arn',
      });
      expect(await callerArn(h, 'by-arn')).toBe(assumedArn('Developer', 'by-arn'));
    }));

  it('a profile without role_arn and no --role-arn: usage error, no call', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'default', '--as', 'x'], h.env);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('awsprof: profile default has no role_arn; pass --role-arn to assume a role with its credentials\n');
      expect(since(mark)).toEqual([]);
      await expectUnchanged(h, before);
    }));

  it('sends session policies and source identity, and refresh sends them again', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
      await writeFile(join(dir, 'policy.json'), JSON.stringify(policy, null, 2));
      const mark = sts.emulator.requests.length;
      const args = ['--policy', `file://${join(dir, 'policy.json')}`, '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess', '--policy-arn', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', '--source-identity', 'alice'];
      expect((await awsprof(['assume', 'dev', '--as', 'scoped', ...args], h.env)).code).toBe(0);
      expect((await awsprof(['refresh', 'scoped'], h.env)).code).toBe(0);
      const calls = assumeCalls(mark);
      expect(calls).toHaveLength(2);
      for (const call of calls) {
        expect(call.policyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess']);
        expect(JSON.parse(call.params.Policy!)).toEqual(policy);
        expect(call.params.SourceIdentity).toBe('alice');
      }
    }));
});

describe('awsprof assume: guarding the target profile', () => {
  const guarded = `${CONFIG}
[profile sso-dev]
sso_session = corp
sso_account_id = ${ACCOUNT}
sso_role_name = Dev

[profile proc]
credential_process = /usr/local/bin/creds

[profile web]
web_identity_token_file = /var/run/token
role_arn = ${ROLE.developer}
`;
  it.each([
    ['admin', 1, 'awsprof: profile admin has role_arn, source_profile in config; the AWS CLI would ignore keys written there (choose another name with --as)'],
    ['sso-dev', 1, 'awsprof: profile sso-dev has sso_session, sso_account_id, sso_role_name in config; the AWS CLI would ignore keys written there (choose another name with --as)'],
    ['proc', 1, 'awsprof: profile proc has credential_process in config; the AWS CLI would ignore keys written there (choose another name with --as)'],
    ['web', 1, 'awsprof: profile web has role_arn, web_identity_token_file in config; the AWS CLI would ignore keys written there (choose another name with --as)'],
    ['default', 2, 'awsprof: --as default would overwrite the source credentials of dev; choose another target name'],
    ['dev', 2, 'awsprof: --as dev would overwrite the profile being assumed; choose another target name'],
  ] as const)('refuses --as %s before any call, writing nothing', (target, code, message) =>
    withHome(
      async (h) => {
        const before = await snapshot(h);
        const mark = sts.emulator.requests.length;
        const result = await awsprof(['assume', 'dev', '--as', target], h.env);
        expect(result.code).toBe(code);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(`${message}\n`);
        expect(since(mark)).toEqual([]);
        await expectUnchanged(h, before);
      },
      { config: guarded },
    ),
  );

  const withVictim = `${CREDENTIALS}
[ci]
aws_access_key_id = AKIACIUSER0000000042
aws_secret_access_key = ciLongTermSecretDoNotLose
`;
  it('refuses to overwrite long-term keys it did not write', () =>
    withHome(
      async (h) => {
        const before = await snapshot(h);
        const mark = sts.emulator.requests.length;
        const result = await awsprof(['assume', 'dev', '--as', 'ci'], h.env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(
          'awsprof: profile ci holds long-term access keys (AKIA…0042) that awsprof did not write (choose another name with --as, or pass --force to overwrite them)\n',
        );
        expectNoSecrets(result, ['ciLongTermSecretDoNotLose', 'AKIACIUSER0000000042']);
        expect(since(mark)).toEqual([]);
        await expectUnchanged(h, before);
      },
      { credentials: withVictim },
    ));

  it('--force overwrites them and says what it overwrote', () =>
    withHome(
      async (h) => {
        const result = await awsprof(['assume', 'dev', '--as', 'ci', '--force'], h.env);
        expect(result.code).toBe(0);
        expect(result.stdout).toBe('');
        const [forced, assumed] = result.stderr.split(/(?<=\n)/);
        expect(forced).toBe('awsprof: --force: overwrote long-term access key AKIA…0042 in [ci]\n');
        const keys = await keysOf(h, 'ci');
        expectAssumedLine(assumed!, assumedArn('Developer', 'alice-dev'), 'ci', keys.expires);
        expect(keys.accessKeyId).toMatch(/^ASIA/);
        expect(await readFile(h.credentials, 'utf8')).not.toContain('ciLongTermSecretDoNotLose');
        expect(await callerArn(h, 'ci')).toBe(assumedArn('Developer', 'alice-dev'));
      },
      { credentials: withVictim },
    ));

  it('re-assuming into a profile it wrote needs no --force', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const first = await keysOf(h, 'dev-keys');
      const again = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/^Assumed .* into profile dev-keys; /);
      expect((await keysOf(h, 'dev-keys')).accessKeyId).not.toBe(first.accessKeyId);
    }));
});

describe('awsprof assume: STS and network trouble', () => {
  it('recovers from throttling by retrying', () =>
    withHome(async (h) => {
      sts.emulator.setThrottle(ROLE.developer, 2);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
      expect(result.code).toBe(0);
      expectAssumedLine(result.stderr, assumedArn('Developer', 'alice-dev'), 'dev-keys', (await keysOf(h, 'dev-keys')).expires);
      expect(assumeCalls(mark).map((call) => call.errorCode)).toEqual(['Throttling', 'Throttling', null]);
    }));

  it('unrecoverable throttling: a clear message, nothing written', () =>
    withHome(async (h) => {
      sts.emulator.setThrottle(ROLE.developer, 10);
      try {
        const before = await snapshot(h);
        const mark = sts.emulator.requests.length;
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('awsprof: STS is throttling requests (rate exceeded) even after retries (wait a few seconds and try again)\n');
        expect(assumeCalls(mark).length).toBeGreaterThanOrEqual(2);
        expect(assumeCalls(mark).every((call) => call.errorCode === 'Throttling')).toBe(true);
        await expectUnchanged(h, before);
      } finally {
        sts.emulator.setThrottle(ROLE.developer, 0);
      }
    }));

  it.each([
    ['--endpoint-url', true],
    ['AWS_ENDPOINT_URL_STS', false],
  ])('an unreachable endpoint (%s) fails within seconds with a clear message', (_how, flag) =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const url = `http://127.0.0.1:${await closedPort()}`;
      const started = Date.now();
      const result = flag
        ? await awsprof(['assume', 'dev', '--as', 'dev-keys', '--endpoint-url', url], h.env)
        : await awsprof(['assume', 'dev', '--as', 'dev-keys'], { ...h.env, AWS_ENDPOINT_URL_STS: url });
      expect(Date.now() - started).toBeLessThan(8000);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`awsprof: cannot reach STS at ${url}: connection refused (ECONNREFUSED) (check your network and proxy, and the endpoint if you set one (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL))\n`);
      await expectUnchanged(h, before);
    }),
  );

  it('expired source credentials: a clear "expired" error, nothing written', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      await writeFile(h.config, `${await readFile(h.config, 'utf8')}\n[profile admin-from-keys]\nrole_arn = ${ROLE.admin}\nsource_profile = dev-keys\n`);
      const before = await snapshot(h);
      sts.emulator.advanceClock(2 * 3600);
      try {
        const mark = sts.emulator.requests.length;
        const result = await awsprof(['assume', 'admin-from-keys', '--as', 'admin-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('awsprof: the credentials of profile dev-keys have expired (run awsprof refresh dev-keys first)\n');
        expect(assumeCalls(mark)).toMatchObject([{ errorCode: 'ExpiredToken' }]);
        await expectUnchanged(h, before);
      } finally {
        sts.emulator.advanceClock(-2 * 3600);
      }
    }));

  it('an unknown source profile: not found, with a suggestion, no call', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const result = await awsprof(['assume', 'deve', '--as', 'x'], h.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('awsprof: profile deve not found in config or credentials (did you mean dev?)\n');
      await expectUnchanged(h, before);
    }));
});

describe('awsprof assume --export', () => {
  it('prints lines bash can eval: the shell ends up on the new profile', () =>
    withHome(async (h) => {
      const script = `eval "$("${process.execPath}" "${CLI}" assume dev --as dev-keys --export)" && printf '%s|%s|%s\\n' "$AWS_PROFILE" "$AWS_REGION" "\${AWS_ACCESS_KEY_ID-unset}"`;
      const result = await run('/bin/bash', ['-c', script], { ...h.env, AWS_ACCESS_KEY_ID: 'AKIASTALE', AWS_PROFILE: 'default' });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('dev-keys|eu-west-1|unset\n');
      expect(result.stderr).toMatch(/^Assumed .* into profile dev-keys; /);
    }));

  it('stdout holds only the switch lines, never the keys', () =>
    withHome(async (h) => {
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys', '--export', '--shell', 'bash'], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("export AWS_PROFILE='dev-keys'\n");
      const keys = await keysOf(h, 'dev-keys');
      expectNoSecrets(result, [keys.accessKeyId, keys.secretAccessKey, keys.sessionToken, ALICE.secretAccessKey]);
    }));

  it('--shell json prints JSON', () =>
    withHome(async (h) => {
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys', '--export', '--shell', 'json'], h.env);
      expect(result.code).toBe(0);
      expect(JSON.stringify(JSON.parse(result.stdout))).toContain('"AWS_PROFILE"');
      expect(result.stdout).toContain('dev-keys');
    }));
});

describe('awsprof refresh', () => {
  it('repeats the assumption with the stored overrides (--duration 2h, --session-name)', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'long', '--duration', '2h', '--session-name', 'long-s'], h.env)).code).toBe(0);
      expect((await profiles(h)).get('long')?.config).toMatchObject({ awsprof_duration_seconds: '7200', awsprof_role_session_name: 'long-s' });
      const first = await keysOf(h, 'long');
      const configBefore = await readFile(h.config, 'utf8');

      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', 'long'], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      const second = await keysOf(h, 'long');
      expectAssumedLine(result.stderr, assumedArn('Developer', 'long-s'), 'long', second.expires, '(?:1h 59m|2h)');
      expect(assumeCalls(mark)).toMatchObject([
        { accessKeyId: ALICE.accessKeyId, params: { RoleArn: ROLE.developer, RoleSessionName: 'long-s', DurationSeconds: '7200' } },
      ]);
      expect(second.accessKeyId).not.toBe(first.accessKeyId);
      expect(await readFile(h.config, 'utf8')).toBe(configBefore);
      expect(await callerArn(h, 'long')).toBe(assumedArn('Developer', 'long-s'));
    }));

  it('reuses a stored --endpoint-url and --role-arn, with no AWS_ENDPOINT_URL_STS set', () =>
    withHome(async (h) => {
      const env = { ...h.env, AWS_ENDPOINT_URL_STS: undefined };
      expect((await awsprof(['assume', 'default', '--role-arn', ROLE.developer, '--as', 'by-arn', '--endpoint-url', sts.url], env)).code).toBe(0);
      expect((await profiles(h)).get('by-arn')?.config).toMatchObject({ awsprof_endpoint_url: sts.url, awsprof_role_arn: ROLE.developer });
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', 'by-arn'], env);
      expect(result.code).toBe(0);
      expect(assumeCalls(mark)).toMatchObject([{ accessKeyId: ALICE.accessKeyId, params: { RoleArn: ROLE.developer } }]);
    }));

  it('refuses a profile awsprof did not write, and suggests names for unknown ones', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const notOurs = await awsprof(['refresh', 'dev'], h.env);
      expect(notOurs.code).toBe(1);
      expect(notOurs.stderr).toBe('awsprof: profile dev was not written by awsprof assume, so there is nothing to repeat (run awsprof assume PROFILE --as dev)\n');
      const unknown = await awsprof(['refresh', 'admn'], h.env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('awsprof: profile admn not found in config or credentials (did you mean admin?)\n');
      await expectUnchanged(h, before);
    }));

  it('MFA: refresh passes --token-code on', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'mfa', '--as', 'mfa-keys', '--token-code', sts.emulator.totp(ALICE.mfaSerial)], h.env)).code).toBe(0);
      // Without this, refresh would use the MFA session the assume cached and need no code at all (#8).
      expect((await awsprof(['logout', '--all'], h.env)).code).toBe(0);
      const before = await snapshot(h);
      const noCode = await awsprof(['refresh', 'mfa-keys'], h.env);
      expect(noCode.code).toBe(1);
      expect(noCode.stderr).toContain('there is no terminal to ask on (pass --token-code 123456)');
      await expectUnchanged(h, before);
      const result = await awsprof(['refresh', 'mfa-keys', '--token-code', sts.emulator.totp(ALICE.mfaSerial)], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^Assumed arn:aws:sts::111122223333:assumed-role\/MfaRole\/.* into profile mfa-keys; /);
    }));
});

describe('awsprof refresh: the same overrides as assume (#7)', () => {
  it('--duration, --region and --endpoint-url replace the stored ones, and are stored for the next refresh', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const env = { ...h.env, AWS_ENDPOINT_URL_STS: undefined };
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', 'dev-keys', '--duration', '2h', '--region', 'us-west-2', '--endpoint-url', sts.url], env);
      expect(result.code, result.stderr).toBe(0);
      const keys = await keysOf(h, 'dev-keys');
      expectAssumedLine(result.stderr, assumedArn('Developer', 'alice-dev'), 'dev-keys', keys.expires, '(?:1h 59m|2h)');
      expect(assumeCalls(mark)).toMatchObject([{ params: { RoleArn: ROLE.developer, DurationSeconds: '7200' } }]);
      expect((await profiles(h)).get('dev-keys')?.config).toMatchObject({
        region: 'us-west-2',
        awsprof_duration_seconds: '7200',
        awsprof_endpoint_url: sts.url,
      });
      // The next refresh, with no flags and no endpoint variable, repeats them.
      const again = sts.emulator.requests.length;
      expect((await awsprof(['refresh', 'dev-keys'], env)).code).toBe(0);
      expect(assumeCalls(again)).toMatchObject([{ params: { DurationSeconds: '7200' } }]);
    }));

  it('refresh --endpoint-url pointing at nothing fails naming it; nothing written', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const before = await snapshot(h);
      const url = `http://127.0.0.1:${await closedPort()}`;
      const result = await awsprof(['refresh', 'dev-keys', '--endpoint-url', url], h.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`awsprof: cannot reach STS at ${url}: connection refused (ECONNREFUSED) (check your network and proxy, and the endpoint if you set one (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL))\n`);
      await expectUnchanged(h, before);
    }));

  it.each([
    [['--duration', '100'], /^awsprof: --duration/],
    [['--region'], /^awsprof: /],
  ])('refresh %j is a usage error before any call', (flags, message) =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', 'dev-keys', ...flags], h.env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(since(mark)).toEqual([]);
      await expectUnchanged(h, before);
    }));
});

describe('awsprof assume over a profile another tool wrote (#7)', () => {
  const foreign = `${CREDENTIALS}
# written by saml2aws / a script
[work]
aws_access_key_id = ASIAOLDSAML000000001
aws_secret_access_key = oldSamlSecret
aws_session_token = oldSamlToken
aws_security_token = oldSamlToken
x_principal_arn = arn:aws:sts::${ACCOUNT}:assumed-role/Old/old
x_security_token_expires = 2020-01-01T00:00:00Z
expiration = 2020-01-01T00:00:00Z
aws_expiration = 2020-01-01T00:00:00Z
aws_session_expiration = 2020-01-01T00:00:00Z
region = eu-west-1
`;
  it('removes the other expiry keys, so only one expiry, the new one, remains', () =>
    withHome(
      async (h) => {
        const result = await awsprof(['assume', 'dev', '--as', 'work', '--force'], h.env);
        expect(result.code, result.stderr).toBe(0);
        const work = (await profiles(h)).get('work')?.credentials ?? {};
        expect(Object.keys(work).sort()).toEqual(
          ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'region', 'x_principal_arn', 'x_security_token_expires'].sort(),
        );
        const keys = await keysOf(h, 'work');
        expect(new Date(keys.expires).getTime()).toBeGreaterThan(Date.now());
        const text = await readFile(h.credentials, 'utf8');
        expect(text).not.toMatch(/^(expiration|aws_expiration|aws_session_expiration|aws_security_token)\s*=/m);
        // The comment and the rest of the file stay.
        expect(text.startsWith(`${CREDENTIALS}\n# written by saml2aws / a script\n[work]\n`)).toBe(true);
        expect(await callerArn(h, 'work')).toBe(assumedArn('Developer', 'alice-dev'));
      },
      { credentials: foreign },
    ));
});

describe('a value copied from a file passes the same check as a flag (#7)', () => {
  // botocore reads dev's region as "eu-west-1\ncredential_process = /bin/false": written as it is into the target
  // profile, that would be two lines, the second one a command the AWS CLI runs.
  const config = `${CONFIG}
[profile chained]
role_arn = ${ROLE.developer}
source_profile = default
region = eu-west-1
    credential_process = /bin/false
`;
  it('a multi-line region in the role profile: one line, exit 1, nothing written', () =>
    withHome(
      async (h) => {
        const before = await snapshot(h);
        const result = await awsprof(['assume', 'chained', '--as', 'copied'], h.env);
        expect(result.code).toBe(1);
        // The SDK refuses the region for the STS call before anything is written; the write itself would refuse it too
        // (test/commands/assume.test.ts).
        expect(result.stderr).toMatch(/^awsprof: [^\n]*region[^\n]*\n$/);
        expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
        await expectUnchanged(h, before);
      },
      { config },
    ));
});

describe('secrets', () => {
  it('never reach stderr, stdout or any process’s arguments, on success or failure', () =>
    withHome(async (h) => {
      const watched = await awsprofWatchingArgs(['assume', 'admin', '--as', 'admin-keys', '--debug'], h.env);
      expect(watched.result.code).toBe(0);
      const keys = await keysOf(h, 'admin-keys');
      const secrets = [ALICE.secretAccessKey, keys.secretAccessKey, keys.sessionToken];
      // The intermediate Developer session's secrets are in no file; the emulator saw them only as signatures.
      expectNoSecrets(watched.result, secrets);
      expect(watched.commandLines.length).toBeGreaterThan(0);
      for (const line of watched.commandLines) for (const secret of secrets) expect(line).not.toContain(secret);

      const failing = await awsprofWatchingArgs(['assume', 'mfa', '--as', 'mfa-keys', '--token-code', wrongMfaCode(), '--debug'], h.env);
      expect(failing.result.code).toBe(1);
      expectNoSecrets(failing.result, secrets);
      for (const line of failing.commandLines) for (const secret of secrets) expect(line).not.toContain(secret);
    }));
});

describe('which commands load the AWS SDK', () => {
  const hook = join(import.meta.dirname, '..', 'support', 'record-imports.mjs');
  // Decided at collection time, which skipIf needs; `list` may not have landed yet.
  const listExists = /awsprof list\b/.test(spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } }).stdout ?? '');

  async function importedUrls(h: SeededHome, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<string[]> {
    const log = join(h.home, 'imports.log');
    await writeFile(log, '');
    const result = await awsprof(args, { ...h.env, ...extra, NODE_OPTIONS: `--import=${hook}`, IMPORT_LOG_FILE: log });
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code, `awsprof ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  }
  const sdkUrls = (urls: string[]) => urls.filter((url) => /@aws-sdk|@smithy/.test(url));

  const cheap: [string, string[]][] = [
    ['use', ['use', 'dev', '--shell', 'bash']],
    ['get', ['get', 'role_arn', '--profile', 'dev']],
    ['set', ['set', 'region', 'us-west-1', '--profile', 'scratch']],
    ['list', ['list']],
  ];
  for (const fastPath of [true, false]) {
    for (const [name, args] of cheap) {
      it.skipIf(name === 'list' && !listExists)(`${name} never loads it (${fastPath ? 'fast path' : 'yargs'})`, () =>
        withHome(async (h) => {
          const urls = await importedUrls(h, args, fastPath ? {} : { AWSPROF_NO_FAST_PATH: '1' });
          expect(urls.some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
          expect(sdkUrls(urls)).toEqual([]);
        }),
      );
    }
  }

  it('assume does load it (the hook sees SDK imports)', () =>
    withHome(async (h) => {
      const urls = await importedUrls(h, ['assume', 'dev', '--as', 'dev-keys']);
      expect(sdkUrls(urls).some((url) => url.includes('/@aws-sdk/client-sts/'))).toBe(true);
    }));
});
