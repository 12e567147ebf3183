// `awsprof use` end to end: the exact lines each dialect prints, those lines evaluated by real bash, zsh and fish,
// regions, unknown and expired profiles, --env (keys read from the file, and a role resolved through the SDK
// against the STS emulator), --unset, and no secret ever on stderr.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsEmulator, type StsEmulator } from '../sts-emulator/index.js';
import { aws, awsprof, CLI, cleanEnv } from '../support/cli.js';
import { dumpEnvLine, quoteFor, readDumpedEnv, REAL_SHELLS, runShell, type RealShell } from '../shell/shell-harness.js';

const SECRETS = {
  defaultSecret: 'dEfAuLtSeCrEt/K7MDENG/bPxRfiCYEXAMPLEKEY',
  tempSecret: 'tEmPsEcReT/Zp9Utk/h3yCo8nvbEXAMPLEKEY0001',
  tempToken: 'FwoGZXIvYXdzEXAMPLEtempSessionTokenValue0001',
  oldSecret: 'oLdSeCrEt/Zp9Utk/h3yCo8nvbEXAMPLEKEY000002',
  oldToken: 'FwoGZXIvYXdzEXAMPLEoldSessionTokenValue00002',
  samlSecret: 'sAmLsEcReT/Zp9Utk/h3yCo8nvbEXAMPLEKEY00003',
  samlToken: 'FwoGZXIvYXdzEXAMPLEsamlSessionTokenValue0003',
  noRegionSecret: 'nOrEgIoNsEcReT/K7MDENG/bPxRfiCYEXAMPLE04',
};

const CONFIG = `[default]
region = us-east-1

[profile dev]
role_arn = arn:aws:iam::111111111111:role/Developer
source_profile = default
region = eu-west-1

[profile tooling]
credential_process = /usr/local/bin/get-creds

[profile temp]
region = ap-southeast-2

[profile old]
region = eu-west-1
awsprof_source_profile = dev

[profile "o'brien"]
region = eu-north-1
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULTEXAMPLE01
aws_secret_access_key = ${SECRETS.defaultSecret}

[temp]
aws_access_key_id = ASIATEMPEXAMPLE00001
aws_secret_access_key = ${SECRETS.tempSecret}
aws_session_token = ${SECRETS.tempToken}
x_security_token_expires = 2099-01-01T00:00:00Z

[old]
aws_access_key_id = ASIAOLDEXAMPLE000002
aws_secret_access_key = ${SECRETS.oldSecret}
aws_session_token = ${SECRETS.oldToken}
x_security_token_expires = 2020-01-01T00:00:00Z

[saml-old]
aws_access_key_id = ASIASAMLEXAMPLE00003
aws_secret_access_key = ${SECRETS.samlSecret}
aws_session_token = ${SECRETS.samlToken}
expiration = 2021-06-01T12:00:00Z

[no-region]
aws_access_key_id = AKIANOREGIONEXAMPLE4
aws_secret_access_key = ${SECRETS.noRegionSecret}
`;

const UNSET_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'];
const ALL_VARIABLES = [...UNSET_KEYS, 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

/** A shell session that was using some other identity: every variable `use` must replace or clear. */
const STALE: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'AKIASTALEEXAMPLE0000',
  AWS_SECRET_ACCESS_KEY: 'stale-secret',
  AWS_SESSION_TOKEN: 'stale-token',
  AWS_SECURITY_TOKEN: 'stale-legacy-token',
  AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z',
  AWS_PROFILE: 'stale-profile',
  AWS_DEFAULT_PROFILE: 'stale-profile',
  AWS_REGION: 'sa-east-1',
  AWS_DEFAULT_REGION: 'sa-east-1',
};

const POSIX_DEV = `unset AWS_ACCESS_KEY_ID
unset AWS_SECRET_ACCESS_KEY
unset AWS_SESSION_TOKEN
unset AWS_SECURITY_TOKEN
unset AWS_CREDENTIAL_EXPIRATION
export AWS_PROFILE='dev'
export AWS_DEFAULT_PROFILE='dev'
export AWS_REGION='eu-west-1'
export AWS_DEFAULT_REGION='eu-west-1'
`;

const FISH_DEV = `set -e AWS_ACCESS_KEY_ID; or true
set -e AWS_SECRET_ACCESS_KEY; or true
set -e AWS_SESSION_TOKEN; or true
set -e AWS_SECURITY_TOKEN; or true
set -e AWS_CREDENTIAL_EXPIRATION; or true
set -gx AWS_PROFILE 'dev'
set -gx AWS_DEFAULT_PROFILE 'dev'
set -gx AWS_REGION 'eu-west-1'
set -gx AWS_DEFAULT_REGION 'eu-west-1'
`;

const POWERSHELL_DEV = `Remove-Item Env:AWS_ACCESS_KEY_ID -ErrorAction SilentlyContinue
Remove-Item Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue
Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
Remove-Item Env:AWS_SECURITY_TOKEN -ErrorAction SilentlyContinue
Remove-Item Env:AWS_CREDENTIAL_EXPIRATION -ErrorAction SilentlyContinue
$Env:AWS_PROFILE = 'dev'
$Env:AWS_DEFAULT_PROFILE = 'dev'
$Env:AWS_REGION = 'eu-west-1'
$Env:AWS_DEFAULT_REGION = 'eu-west-1'
`;

const POSIX_UNSET = `${ALL_VARIABLES.map((name) => `unset ${name}`).join('\n')}\n`;

let home: string;
let env: NodeJS.ProcessEnv;
/** Every stderr this file sees, checked for secrets at the end. */
const stderrSeen: string[] = [];

async function use(args: string[], extra: Record<string, string | undefined> = {}) {
  const result = await awsprof(['use', ...args], { ...env, ...extra });
  stderrSeen.push(result.stderr);
  return result;
}

/** The shell's own script syntax for running the CLI: `'node' '/…/dist/cli.js' use dev`. */
function cliWords(shell: RealShell, args: string[]): string {
  return [process.execPath, CLI, ...args].map((word) => quoteFor(shell, word)).join(' ');
}

function exportStale(shell: RealShell): string {
  return Object.entries(STALE)
    .map(([name, value]) => (shell === 'fish' ? `set -gx ${name} ${quoteFor(shell, value)}` : `export ${name}=${quoteFor(shell, value)}`))
    .join('\n');
}

/** The line an rc file or a user would type to apply `awsprof use` output in this shell. */
function evalLine(shell: RealShell, args: string[]): string {
  return shell === 'fish' ? `${cliWords(shell, args)} | source` : `eval "$(${cliWords(shell, args)})"`;
}

/**
 * Runs `awsprof use ARGS` inside a real shell that starts with STALE exported, evaluates its output there (no
 * --shell: the dialect is detected from the parent process) and returns what that shell's children then see.
 */
function switchInShell(shell: RealShell, args: string[], stale: Record<string, string> = STALE) {
  const dir = mkdtempSync(join(tmpdir(), `awsprof-use-${shell}-`));
  try {
    mkdirSync(join(dir, '.aws'));
    writeFileSync(join(dir, '.aws', 'config'), CONFIG);
    writeFileSync(join(dir, '.aws', 'credentials'), CREDENTIALS);
    const script = [exportStale(shell), evalLine(shell, args), dumpEnvLine(shell, dir, ALL_VARIABLES), ''].join('\n');
    const result = runShell(shell, script, dir, { NO_COLOR: '1', ...stale });
    stderrSeen.push(result.stderr);
    return { ...result, env: readDumpedEnv(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'awsprof-use-'));
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  writeFileSync(join(home, '.aws', 'config'), CONFIG, { mode: 0o600 });
  writeFileSync(join(home, '.aws', 'credentials'), CREDENTIALS, { mode: 0o600 });
  env = cleanEnv(home);
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('awsprof use: dialects', () => {
  it.each(['bash', 'zsh', 'sh', 'posix', 'BASH'])('--shell %s prints exactly the POSIX lines', async (shell) => {
    expect(await use(['dev', '--shell', shell])).toEqual({ code: 0, signal: null, stdout: POSIX_DEV, stderr: '' });
  });

  it('--shell fish prints set -e / set -gx lines', async () => {
    expect(await use(['dev', '--shell', 'fish'])).toMatchObject({ code: 0, stdout: FISH_DEV, stderr: '' });
  });

  it.each(['powershell', 'pwsh'])('--shell %s prints $Env: lines', async (shell) => {
    expect(await use(['dev', '--shell', shell])).toMatchObject({ code: 0, stdout: POWERSHELL_DEV, stderr: '' });
  });

  it('--shell json prints one object a program can apply', async () => {
    const result = await use(['dev', '--shell', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(JSON.parse(result.stdout)).toEqual({
      set: { AWS_PROFILE: 'dev', AWS_DEFAULT_PROFILE: 'dev', AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' },
      unset: UNSET_KEYS,
    });
  });

  it('detection: AWSPROF_SHELL, then the parent process, then $SHELL, then POSIX', async () => {
    // The parent here is node, not a shell, so $SHELL decides unless AWSPROF_SHELL is set.
    expect((await use(['dev'], { SHELL: '/usr/bin/fish' })).stdout).toBe(FISH_DEV);
    expect((await use(['dev'], { SHELL: '/usr/bin/fish', AWSPROF_SHELL: 'pwsh' })).stdout).toBe(POWERSHELL_DEV);
    expect((await use(['dev'], { SHELL: undefined })).stdout).toBe(POSIX_DEV);
    expect((await use(['dev'], { SHELL: '/usr/bin/fish', AWSPROF_SHELL: 'bash' })).stdout).toBe(POSIX_DEV);
  });

  it('--shell beats AWSPROF_SHELL', async () => {
    expect((await use(['dev', '--shell', 'bash'], { AWSPROF_SHELL: 'fish' })).stdout).toBe(POSIX_DEV);
  });

  it('AWSPROF_SHELL naming no shell is a usage error, not a guess', async () => {
    const result = await use(['dev'], { AWSPROF_SHELL: 'tcsh' });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^awsprof: AWSPROF_SHELL="tcsh" is not a shell awsprof can print for/);
  });
});

describe.each(REAL_SHELLS)('awsprof use evaluated by real %s', (shell) => {
  it('switches to dev: keys cleared, profile and region replaced', () => {
    const result = switchInShell(shell, ['use', 'dev']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.env).toEqual({
      ...Object.fromEntries(UNSET_KEYS.map((name) => [name, null])),
      AWS_PROFILE: 'dev',
      AWS_DEFAULT_PROFILE: 'dev',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  it('a profile without a region clears the stale AWS_REGION and AWS_DEFAULT_REGION', () => {
    const result = switchInShell(shell, ['use', 'tooling']);
    expect(result.status).toBe(0);
    expect(result.env).toEqual({
      ...Object.fromEntries(ALL_VARIABLES.map((name) => [name, null])),
      AWS_PROFILE: 'tooling',
      AWS_DEFAULT_PROFILE: 'tooling',
    });
  });

  it("a quoted profile name with a single quote ([profile \"o'brien\"]) survives the shell's parser", () => {
    const result = switchInShell(shell, ['use', "o'brien"]);
    expect(result.status).toBe(0);
    expect(result.env.AWS_PROFILE).toBe("o'brien");
    expect(result.env.AWS_REGION).toBe('eu-north-1');
  });

  it('--unset clears all nine variables', () => {
    const result = switchInShell(shell, ['use', '--unset']);
    expect(result.status).toBe(0);
    expect(result.env).toEqual(Object.fromEntries(ALL_VARIABLES.map((name) => [name, null])));
  });

  it('an unknown profile prints nothing to evaluate, so the shell keeps its variables', () => {
    const result = switchInShell(shell, ['use', 'nope']);
    expect(result.stderr).toContain('awsprof: profile nope not found in config or credentials');
    expect(result.env).toEqual(STALE);
  });
});

describe('awsprof use: unknown profiles and bad usage', () => {
  it('an unknown profile: one line naming the closest profile, exit 1, nothing on stdout', async () => {
    expect(await use(['dve', '--shell', 'bash'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'awsprof: profile dve not found in config or credentials (did you mean dev?)\n',
    });
  });

  it('suggests up to three close names', async () => {
    const result = await use(['tmp']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/\(did you mean [^)]*\btemp\b[^)]*\?\)\n$/);
  });

  it('no profile at all in the files: still exit 1 and nothing on stdout', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'awsprof-use-empty-'));
    try {
      const result = await awsprof(['use', 'dev'], cleanEnv(empty));
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe('awsprof: profile dev not found in config or credentials\n');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('--shell bogus: an error naming the accepted shells, nothing on stdout', async () => {
    const result = await use(['dev', '--shell', 'bogus']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^awsprof: --shell: unknown shell "bogus" \(use bash, zsh, fish, powershell or json\)\n$/);
  });

  it('--shell bogus is a usage error: exit 2, like AWSPROF_SHELL=bogus', async () => {
    expect((await use(['dev', '--shell', 'bogus'])).code).toBe(2);
  });

  it('no profile and no --unset is a usage error', async () => {
    expect(await use([])).toMatchObject({ code: 2, stdout: '', stderr: 'awsprof: name a profile (or --unset to return to the default)\n' });
  });

  it('--unset with a profile is a usage error', async () => {
    expect(await use(['dev', '--unset'])).toMatchObject({ code: 2, stdout: '', stderr: 'awsprof: --unset takes no profile\n' });
  });

  it('--unset prints every unset and nothing else', async () => {
    expect(await use(['--unset', '--shell', 'bash'])).toEqual({ code: 0, signal: null, stdout: POSIX_UNSET, stderr: '' });
    const fish = await use(['--unset', '--shell', 'fish']);
    expect(fish.stdout).toBe(`${ALL_VARIABLES.map((name) => `set -e ${name}; or true`).join('\n')}\n`);
  });
});

describe('awsprof use: expired temporary keys', () => {
  it('an expired profile awsprof wrote: switches anyway, warns on stderr to run awsprof refresh', async () => {
    const result = await use(['old', '--shell', 'bash']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("export AWS_PROFILE='old'\n");
    expect(result.stdout).toContain("export AWS_REGION='eu-west-1'\n");
    expect(result.stderr).toMatch(/^awsprof: warning: the temporary keys of old expired \d+d ago; run awsprof refresh old\n$/);
  });

  it('an expired profile another tool wrote (expiration key, no region): switches and says what to do', async () => {
    const result = await use(['saml-old', '--shell', 'bash']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("export AWS_PROFILE='saml-old'\n");
    expect(result.stdout).toContain('unset AWS_REGION\n');
    expect(result.stderr).toMatch(/^awsprof: warning: the temporary keys of saml-old expired \d+d ago; renew them with the tool that wrote them\n$/);
  });

  it('valid temporary keys switch silently', async () => {
    expect(await use(['temp', '--shell', 'bash'])).toMatchObject({ code: 0, stderr: '' });
  });
});

/** Runs `awsprof use ARGS` in real bash with STALE exported, evaluates its output, and dumps the variables. */
function envInBash(args: string[]) {
  return switchInShell('bash', ['use', ...args]);
}

describe('awsprof use --env: the keys themselves, evaluated in bash', () => {
  it('static keys: key id and secret exported, profile, token and expiration cleared, region set', () => {
    const result = envInBash(['default', '--env']);
    expect(result.stderr).toBe('');
    expect(result.env).toEqual({
      AWS_ACCESS_KEY_ID: 'AKIADEFAULTEXAMPLE01',
      AWS_SECRET_ACCESS_KEY: SECRETS.defaultSecret,
      AWS_SESSION_TOKEN: null,
      AWS_SECURITY_TOKEN: null,
      AWS_CREDENTIAL_EXPIRATION: null,
      AWS_PROFILE: null,
      AWS_DEFAULT_PROFILE: null,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    });
  });

  it('temporary keys: session token and AWS_CREDENTIAL_EXPIRATION (ISO 8601) exported', () => {
    const result = envInBash(['temp', '--env']);
    expect(result.stderr).toBe('');
    expect(result.env).toEqual({
      AWS_ACCESS_KEY_ID: 'ASIATEMPEXAMPLE00001',
      AWS_SECRET_ACCESS_KEY: SECRETS.tempSecret,
      AWS_SESSION_TOKEN: SECRETS.tempToken,
      AWS_SECURITY_TOKEN: null,
      AWS_CREDENTIAL_EXPIRATION: expect.stringMatching(/^2099-01-01T00:00:00(\.000)?Z$/),
      AWS_PROFILE: null,
      AWS_DEFAULT_PROFILE: null,
      AWS_REGION: 'ap-southeast-2',
      AWS_DEFAULT_REGION: 'ap-southeast-2',
    });
    expect(new Date(result.env.AWS_CREDENTIAL_EXPIRATION!).toISOString()).toBe('2099-01-01T00:00:00.000Z');
  });

  it('a profile without a region clears the stale AWS_REGION, as plain use does', () => {
    const result = envInBash(['no-region', '--env']);
    expect(result.env.AWS_ACCESS_KEY_ID).toBe('AKIANOREGIONEXAMPLE4');
    expect(result.env.AWS_REGION).toBeNull();
    expect(result.env.AWS_DEFAULT_REGION).toBeNull();
  });

  it('expired keys are refused: exit 1, nothing on stdout, no secret in the message', async () => {
    const result = await use(['old', '--env', '--shell', 'bash']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^awsprof: the temporary keys of old expired \d+d ago \(run awsprof refresh old\)\n$/);
  });

  it('fish gets its own dialect for the keys too', async () => {
    const result = await use(['temp', '--env', '--shell', 'fish']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`set -gx AWS_SESSION_TOKEN '${SECRETS.tempToken}'\n`);
    expect(result.stdout).toContain('set -e AWS_PROFILE; or true\n');
  });
});

describe('awsprof use --env for a role profile: resolved through the SDK against the STS emulator', () => {
  const ACCOUNT = '111122223333';
  const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/Developer`;
  const ALICE = { accessKeyId: 'AKIAALICEUSEEXAMPLE1', secretAccessKey: 'aLiCeUsEsEcReT/K7MDENG+bPxRfiCYEXAMPLE01' };
  let emulator: StsEmulator;
  let roleHome: string;

  beforeAll(async () => {
    emulator = await startStsEmulator();
    const alice = emulator.addUser({ name: 'alice', account: ACCOUNT, ...ALICE });
    emulator.addRole({ arn: ROLE_ARN, trust: [alice.arn] });
    roleHome = mkdtempSync(join(tmpdir(), 'awsprof-use-role-'));
    mkdirSync(join(roleHome, '.aws'));
    writeFileSync(
      join(roleHome, '.aws', 'config'),
      `[default]\nregion = us-east-1\n\n[profile dev]\nrole_arn = ${ROLE_ARN}\nsource_profile = default\nrole_session_name = alice-use\nregion = eu-west-1\n`,
    );
    writeFileSync(join(roleHome, '.aws', 'credentials'), `[default]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
  });

  afterAll(async () => {
    await emulator.close();
    rmSync(roleHome, { recursive: true, force: true });
  });

  it('exports working temporary keys for the role, with their expiry', async () => {
    const roleEnv = cleanEnv(roleHome, { AWS_ENDPOINT_URL_STS: emulator.url });
    const result = await awsprof(['use', 'dev', '--env', '--shell', 'json'], roleEnv);
    stderrSeen.push(result.stderr);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const change = JSON.parse(result.stdout) as { set: Record<string, string>; unset: string[] };
    expect(change.set.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(change.set.AWS_SESSION_TOKEN).toBeTruthy();
    expect(change.set.AWS_REGION).toBe('eu-west-1');
    const expiresIn = new Date(change.set.AWS_CREDENTIAL_EXPIRATION!).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(50 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    expect(change.unset).toEqual(expect.arrayContaining(['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']));

    // The exported keys are the role's: the real AWS CLI, given only them, is the assumed role.
    const identity = await aws(
      ['sts', 'get-caller-identity', '--endpoint-url', emulator.url, '--output', 'json'],
      cleanEnv(roleHome, { ...change.set, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }),
    );
    expect(identity.stderr).toBe('');
    expect(JSON.parse(identity.stdout).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-use`);
  });

  it('the same output evaluates in bash', async () => {
    const roleEnv = cleanEnv(roleHome, { AWS_ENDPOINT_URL_STS: emulator.url });
    const result = await awsprof(['use', 'dev', '--env', '--shell', 'bash'], roleEnv);
    expect(result.code).toBe(0);
    const evaluated = await new Promise<string>((done, fail) => {
      const child = spawn('bash', ['--norc', '--noprofile', '-c', 'eval "$1"; printf "%s\\n" "${AWS_PROFILE-unset}" "$AWS_ACCESS_KEY_ID"', 'bash', result.stdout], {
        env: { PATH: process.env.PATH, AWS_PROFILE: 'stale' },
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', fail);
      child.on('close', () => done(out));
    });
    expect(evaluated).toMatch(/^unset\nASIA\w+\n$/);
  });
});

describe('awsprof use --env for a credential_process profile: resolved through the SDK', () => {
  let processHome: string;
  let processEnv: NodeJS.ProcessEnv;

  beforeAll(() => {
    processHome = mkdtempSync(join(tmpdir(), 'awsprof-use-process-'));
    mkdirSync(join(processHome, '.aws'));
    const script = join(processHome, 'fetch-creds');
    writeFileSync(
      script,
      `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"ASIAPROCESSEXAMPLE01","SecretAccessKey":"${SECRETS.tempSecret}","SessionToken":"${SECRETS.tempToken}","Expiration":"2099-01-01T00:00:00Z"}'\n`,
      { mode: 0o755 },
    );
    writeFileSync(
      join(processHome, '.aws', 'config'),
      `[profile tool]\ncredential_process = ${script} --profile tool\nregion = us-west-1\n\n[profile broken]\ncredential_process = /nonexistent/fetch-creds --api-key proc-arg-secret-5f2e\n`,
    );
    processEnv = cleanEnv(processHome);
  });

  afterAll(() => rmSync(processHome, { recursive: true, force: true }));

  it('exports what the process printed, with its expiry', async () => {
    const result = await awsprof(['use', 'tool', '--env', '--shell', 'json'], processEnv);
    stderrSeen.push(result.stderr);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      set: {
        AWS_ACCESS_KEY_ID: 'ASIAPROCESSEXAMPLE01',
        AWS_SECRET_ACCESS_KEY: SECRETS.tempSecret,
        AWS_SESSION_TOKEN: SECRETS.tempToken,
        AWS_CREDENTIAL_EXPIRATION: '2099-01-01T00:00:00.000Z',
        AWS_REGION: 'us-west-1',
        AWS_DEFAULT_REGION: 'us-west-1',
      },
      unset: ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN'],
    });
  });

  it('a failing credential_process: exit 1, nothing on stdout, and its arguments (which may be secrets) not echoed', async () => {
    const result = await awsprof(['use', 'broken', '--env', '--shell', 'bash'], processEnv);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe("awsprof: the credential_process of profile broken failed (run the command from the config file by hand to see why)\n");
    // `awsprof list` shows only the program's name for this reason; errors must not undo that.
    expect(result.stderr).not.toContain('proc-arg-secret-5f2e');
  });
});

describe('secrets', () => {
  it('stay off stderr in every run above, and off stdout except with --env', async () => {
    const runs = await Promise.all([
      use(['old', '--env', '--debug']),
      use(['saml-old', '--env']),
      use(['saml-old']),
      use(['nope', '--debug']),
      use(['temp', '--shell', 'bogus']),
      use(['default']),
      use(['temp']),
      use(['old']),
    ]);
    for (const run of runs) for (const secret of Object.values(SECRETS)) expect(run.stdout).not.toContain(secret);
    expect(stderrSeen.length).toBeGreaterThan(30);
    for (const stderr of stderrSeen) for (const secret of Object.values(SECRETS)) expect(stderr).not.toContain(secret);
  });
});
