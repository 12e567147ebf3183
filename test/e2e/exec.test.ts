// `awsprof exec PROFILE -- COMMAND` as a user runs it: the built CLI as a child process, a temp HOME, the STS emulator
// on 127.0.0.1, and real child commands (node, sh, printf, the AWS CLI) that report what they were given. Every test
// also checks that nothing under ~/.aws changed: exec reads the files and never writes them.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsprof, CLI, type CliResult, withTempDir } from '../support/cli.js';
import { ACCOUNT, ALICE, CONFIG, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

/** A child that prints the AWS-related part of its environment as JSON. */
const PRINT_ENV = ['node', '-e', 'console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => /^AWS/.test(k)))))'];

/** Variables a parent shell may hold that must not reach the child: each would make an SDK pick other credentials. */
const STALE = { AWS_PROFILE: 'default', AWS_DEFAULT_PROFILE: 'default', AWS_SECURITY_TOKEN: 'stale-token', AWS_SESSION_TOKEN: 'stale-session' };

async function withHome(work: (h: SeededHome) => Promise<void>, files: { config?: string } = {}): Promise<void> {
  return withTempDir(async (dir) => {
    const h = await seedHome(dir, sts.url, files);
    const before = await snapshot(h);
    await work(h);
    // exec never writes the AWS files: same bytes, no lock or temp file beside them. Only awsprof's own credential
    // cache (~/.aws/awsprof/cache) may gain the role's keys and the MFA session, as for credential-process.
    expect(await snapshot(h)).toEqual({ ...before, entries: (await readdir(join(h.home, '.aws'))).includes('awsprof') ? [...before.entries, 'awsprof'].sort() : before.entries });
  });
}

async function snapshot(h: SeededHome) {
  return { config: await readFile(h.config, 'utf8'), credentials: await readFile(h.credentials, 'utf8'), entries: (await readdir(join(h.home, '.aws'))).sort() };
}

const assumeCalls = (mark: number) => sts.emulator.requests.slice(mark).filter((entry) => entry.action === 'AssumeRole');

function childEnv(result: CliResult): Record<string, string> {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe('awsprof exec: the child’s environment', () => {
  it('a role profile: fresh role keys, expiry and region in the environment; AWS_PROFILE and stale tokens gone', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const env = childEnv(await awsprof(['exec', 'dev', '--', ...PRINT_ENV], { ...h.env, ...STALE }));
      expect(assumeCalls(mark)).toHaveLength(1);
      const session = sts.emulator.sessions().find((candidate) => candidate.accessKeyId === env.AWS_ACCESS_KEY_ID);
      expect(session?.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-dev`);
      expect(env.AWS_SECRET_ACCESS_KEY).toMatch(/^\S{30,}$/);
      expect(env.AWS_SESSION_TOKEN).not.toBe(STALE.AWS_SESSION_TOKEN);
      expect(env.AWS_SESSION_TOKEN!.length).toBeGreaterThan(20);
      expect(new Date(env.AWS_CREDENTIAL_EXPIRATION!).getTime()).toBe(Math.floor(session!.expiration.getTime() / 1000) * 1000);
      expect(env.AWS_CREDENTIAL_EXPIRATION).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(env).toMatchObject({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
      for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN']) expect(env).not.toHaveProperty(name);
      // What awsprof sets for itself while loading the SDK is not the child's business.
      expect(env).not.toHaveProperty('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED');
    }));

  it('the real AWS CLI accepts the keys and reads them from the environment: a chained role (default → Developer → Admin)', () =>
    withHome(async (h) => {
      // AWS_PROFILE in the parent would show as the profile the AWS CLI uses if exec kept it.
      const script = `/usr/bin/aws sts get-caller-identity --endpoint-url "$1" --output json && /usr/bin/aws configure list`;
      const result = await awsprof(['exec', 'admin', '--', 'sh', '-c', script, 'sh', sts.url], { ...h.env, ...STALE });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [identity, list] = result.stdout.split(/(?<=^\}\n)/m);
      expect((JSON.parse(identity!) as { Arn: string }).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice-admin`);
      expect(list).toMatch(/profile\s+<not set>/);
      expect(list).toMatch(/access_key\s+\*+\w{4}\s+env\s/);
      expect(list).toMatch(/region\s+eu-west-1\s+env\s/);
    }));

  it('long-term keys are passed as they are: no STS call, no session token, no expiry', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const env = childEnv(await awsprof(['exec', 'default', '--', ...PRINT_ENV], { ...h.env, ...STALE }));
      expect(sts.emulator.requests.length).toBe(mark);
      expect(env).toMatchObject({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey, AWS_REGION: 'eu-west-1' });
      for (const name of ['AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_PROFILE', 'AWS_SECURITY_TOKEN']) expect(env).not.toHaveProperty(name);
    }));

  it('an MFA role with --token-code; the next exec reuses the role’s cached keys, with no code and no terminal', () =>
    withHome(async (h) => {
      const env = childEnv(await awsprof(['exec', 'mfa', '--token-code', sts.emulator.totp(ALICE.mfaSerial), '--', ...PRINT_ENV], h.env));
      const session = sts.emulator.sessions().find((candidate) => candidate.accessKeyId === env.AWS_ACCESS_KEY_ID);
      expect(session?.mfaAuthenticated).toBe(true);
      const mark = sts.emulator.requests.length;
      const again = childEnv(await awsprof(['exec', 'mfa', '--', ...PRINT_ENV], h.env));
      expect(again.AWS_ACCESS_KEY_ID).toBe(env.AWS_ACCESS_KEY_ID);
      expect(sts.emulator.requests.length).toBe(mark);
    }));

  it('a second role of the same MFA source is assumed from the MFA session: no second code', () =>
    withHome(async (h) => {
      expect((await awsprof(['exec', 'mfa', '--token-code', sts.emulator.totp(ALICE.mfaSerial), '--', 'true'], h.env)).code).toBe(0);
      const mark = sts.emulator.requests.length;
      const env = childEnv(await awsprof(['exec', 'ext', '--', ...PRINT_ENV], h.env));
      expect(sts.emulator.requests.slice(mark).map((entry) => entry.action)).toEqual(['AssumeRole']);
      expect(sts.emulator.sessions().find((candidate) => candidate.accessKeyId === env.AWS_ACCESS_KEY_ID)?.arn).toMatch(/assumed-role\/ExtRole\//);
      // ext has no mfa_serial of its own in the seeded config; here it has one on the same device, so it needs MFA too.
    }, { config: CONFIG.replace('external_id = ', `mfa_serial = ${ALICE.mfaSerial}\nexternal_id = `) }));
});

describe('awsprof exec: profiles awsprof wrote', () => {
  /** `assume dev --as live`, then the file's expiry moved to `minutesLeft` from now (the keys stay valid at STS). */
  async function assumedLive(h: SeededHome, minutesLeft: number): Promise<string> {
    const assumed = await awsprof(['assume', 'dev', '--as', 'live'], h.env);
    expect(assumed.code).toBe(0);
    const expires = new Date(Date.now() + minutesLeft * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await writeFile(h.credentials, (await readFile(h.credentials, 'utf8')).replace(/^x_security_token_expires = .*$/m, `x_security_token_expires = ${expires}`));
    return expires;
  }

  it('keys with more than 15 minutes left: those keys, no STS call', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const expires = await assumedLive(h, 40);
      const credentials = await readFile(h.credentials, 'utf8');
      const mark = sts.emulator.requests.length;
      const env = childEnv(await awsprof(['exec', 'live', '--', ...PRINT_ENV], h.env));
      expect(sts.emulator.requests.length).toBe(mark);
      expect(credentials).toContain(`aws_access_key_id = ${env.AWS_ACCESS_KEY_ID}\n`);
      expect(credentials).toContain(`aws_session_token = ${env.AWS_SESSION_TOKEN}\n`);
      expect(new Date(env.AWS_CREDENTIAL_EXPIRATION!).toISOString()).toBe(new Date(expires).toISOString());
      expect(await readFile(h.credentials, 'utf8')).toBe(credentials);
    }));

  it('keys expiring within 15 minutes: the recorded role is assumed again, for the child only (the file keeps the old keys)', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      await assumedLive(h, 5);
      const credentials = await readFile(h.credentials, 'utf8');
      const mark = sts.emulator.requests.length;
      const env = childEnv(await awsprof(['exec', 'live', '--', ...PRINT_ENV], h.env));
      expect(assumeCalls(mark)).toHaveLength(1);
      expect(assumeCalls(mark)[0]?.params.RoleSessionName).toBe('alice-dev');
      expect(credentials).not.toContain(env.AWS_ACCESS_KEY_ID);
      expect(new Date(env.AWS_CREDENTIAL_EXPIRATION!).getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
      expect(await readFile(h.credentials, 'utf8')).toBe(credentials);
    }));

  it('expired temporary keys another tool wrote: one line saying so, exit 1, the command never runs', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url, {
        credentials: `[default]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n\n[saml]\naws_access_key_id = ASIAOLDOLDOLDOLDOLD1\naws_secret_access_key = old\naws_session_token = old\nx_security_token_expires = 2020-01-01T00:00:00Z\n`,
      });
      const result = await awsprof(['exec', 'saml', '--', 'sh', '-c', 'echo ran'], h.env);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^awsprof: the temporary keys of saml expired .* ago \(renew them with the tool that wrote them\)\n$/);
    }));
});

describe('awsprof exec: the command line', () => {
  it.each([
    ['the fast path', {}],
    ['yargs', { AWSPROF_NO_FAST_PATH: '1' }],
  ])('passes the words after -- verbatim, flag-like ones and a second -- included (%s)', (_name, extra) =>
    withHome(async (h) => {
      const words = ['--help', '--version', '--debug', '-h', '--', '', 'a b', '--profile=x', '$HOME'];
      const result = await awsprof(['exec', 'default', '--', 'printf', '[%s]\\n', ...words], { ...h.env, ...extra });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(words.map((word) => `[${word}]\n`).join(''));
    }),
  );

  it('global options before the command and between profile and -- still apply', () =>
    withHome(async (h) => {
      const config = join(h.home, 'other-config');
      await writeFile(config, '[profile solo]\nregion = sa-east-1\n');
      const credentials = join(h.home, 'other-credentials');
      await writeFile(credentials, `[solo]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
      const result = await awsprof(['--config-file', config, 'exec', 'solo', '--credentials-file', credentials, '--', ...PRINT_ENV], h.env);
      expect(childEnv(result)).toMatchObject({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_REGION: 'sa-east-1' });
    }));

  it.each([
    ['no --', ['exec', 'default', 'printf', 'x'], /^awsprof: unknown arguments: printf, x \(put -- before the command to run: awsprof exec \[profile\] -- COMMAND \[ARGS…\]\)\n$/],
    ['nothing after --', ['exec', 'default', '--'], /^awsprof: name the command to run after -- \(awsprof exec default -- COMMAND \[ARGS…\]\)\n$/],
    ['no command at all', ['exec', 'default'], /^awsprof: name the command to run after -- /],
    ['no profile (off a terminal: no picker)', ['exec', '--', 'true'], /^awsprof: name the profile to run the command as/],
    ['an unknown profile', ['exec', 'dve', '--', 'true'], /^awsprof: profile dve not found in config or credentials \(did you mean dev\?\)\n$/],
  ])('usage error, exit 2: %s', (_name, args, message) =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(args, h.env);
      expect(result.stderr).toMatch(message);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(sts.emulator.requests.length).toBe(mark);
    }),
  );

  it('a command that does not exist: one line, exit 127 as in a shell', () =>
    withHome(async (h) => {
      const result = await awsprof(['exec', 'default', '--', 'no-such-command-awsprof'], h.env);
      expect(result).toEqual({ code: 127, signal: null, stdout: '', stderr: 'awsprof: no-such-command-awsprof: command not found\n' });
    }));
});

describe('awsprof exec: exit status and signals', () => {
  it.each([
    ['its exit status', 'exit 7', 7],
    ['128 + 9 when SIGKILL ends it', 'kill -KILL $$', 137],
    ['128 + 15 when SIGTERM ends it', 'kill -TERM $$', 143],
  ])('exits with the command’s status: %s', (_name, script, status) =>
    withHome(async (h) => {
      const result = await awsprof(['exec', 'default', '--', 'sh', '-c', script], h.env);
      expect(result).toMatchObject({ code: status, signal: null, stderr: '' });
    }),
  );

  it.each(['SIGTERM', 'SIGINT'] as const)('forwards %s sent to awsprof alone to the command, which decides how to end', (signal) =>
    withHome(async (h) => {
      const script = `process.on('${signal}', () => { console.log('child got ${signal}'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, [CLI, 'exec', 'default', '--', 'node', '-e', script], { env: h.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await new Promise<void>((ready) =>
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('ready')) ready();
        }),
      );
      child.kill(signal);
      const code = await new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
      expect(stderr).toBe('');
      expect(stdout).toBe(`ready\nchild got ${signal}\n`);
      expect(code).toBe(42);
    }),
  );

  it('a command killed by a forwarded signal it does not handle: 128 + that signal', () =>
    withHome(async (h) => {
      const child = spawn(process.execPath, [CLI, 'exec', 'default', '--', 'sh', '-c', 'echo ready; exec sleep 30'], { env: h.env, stdio: ['ignore', 'pipe', 'pipe'] });
      await new Promise<void>((ready) => child.stdout.once('data', () => ready()));
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
      expect(code).toBe(143);
    }));
});
