// The MFA session, the credential cache and the credential_process helper (#8), against the STS emulator, with the
// real AWS CLI and the JS SDK's own fromIni as the callers.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsprof, CLI, run, withTempDir } from '../support/cli.js';
import { ACCOUNT, ALICE, CONFIG, ROLE, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

/** Three roles behind the same MFA device, one asking for two hours. */
const MFA_CONFIG = `${CONFIG}
[profile mfa-dev]
role_arn = ${ROLE.developer}
source_profile = default
mfa_serial = ${ALICE.mfaSerial}

[profile mfa-ext]
role_arn = ${ROLE.ext}
source_profile = default
mfa_serial = ${ALICE.mfaSerial}
external_id = partner-7f3a

[profile mfa-long]
role_arn = ${ROLE.developer}
source_profile = default
mfa_serial = ${ALICE.mfaSerial}
duration_seconds = 7200
`;

const since = (mark: number, action: string) => sts.emulator.requests.slice(mark).filter((entry) => entry.action === action && entry.status === 200);
const HELPER = resolve('dist/credential-process.js');
const cacheDir = (h: SeededHome) => join(h.home, '.aws', 'awsprof', 'cache');
const code = () => sts.emulator.totp(ALICE.mfaSerial);

describe('one MFA code, many roles (#8)', () => {
  it('three roles after one code: one GetSessionToken, AssumeRole with the session and no code', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url, { config: MFA_CONFIG });
      const mark = sts.emulator.requests.length;
      const first = await awsprof(['assume', 'mfa', '--as', 'a', '--token-code', code()], h.env);
      expect(first.code, first.stderr).toBe(0);
      // No terminal and no --token-code: these would fail if they needed a code.
      for (const [profile, target] of [['mfa-dev', 'b'], ['mfa-ext', 'c']]) {
        const result = await awsprof(['assume', profile!, '--as', target!], h.env);
        expect(result.code, result.stderr).toBe(0);
      }
      expect(since(mark, 'GetSessionToken')).toHaveLength(1);
      expect(since(mark, 'GetSessionToken')[0]!.params.SerialNumber).toBe(ALICE.mfaSerial);
      const assumes = since(mark, 'AssumeRole');
      expect(assumes.map((entry) => entry.params.RoleArn)).toEqual([ROLE.mfa, ROLE.developer, ROLE.ext]);
      // Signed with the session's keys, not alice's, and without an MFA code.
      for (const entry of assumes) {
        expect(entry.accessKeyId).not.toBe(ALICE.accessKeyId);
        expect(entry.params.SerialNumber).toBeUndefined();
      }

      // The helper needs no code either; it caches the role (plain assume keeps its keys in the credentials file only).
      const helper = await awsprof(['credential-process', 'mfa-dev'], h.env);
      expect(helper.code, helper.stderr).toBe(0);
      expect(since(mark, 'GetSessionToken')).toHaveLength(1);

      // The cache: a private directory, private files, names that are digests (no key id, no secret).
      expect(statSync(cacheDir(h)).mode & 0o777).toBe(0o700);
      const names = readdirSync(cacheDir(h));
      expect(names.filter((name) => name.startsWith('mfa-'))).toHaveLength(1);
      expect(names.filter((name) => name.startsWith('role-'))).toHaveLength(1);
      expect(names).toHaveLength(2);
      for (const name of names) {
        expect(name).toMatch(/^(role|mfa)-[0-9a-f]{40}\.json$/);
        expect(statSync(join(cacheDir(h), name)).mode & 0o777).toBe(0o600);
      }
      // list shows when role profiles' cached sessions expire.
      const list = await awsprof(['list'], h.env);
      expect(list.stdout).toMatch(/^ +mfa-dev +role .* in (59|60)m \(cached\)$/m);

      // logout forgets the MFA session: the next assume needs a code again, and says so.
      const logout = await awsprof(['logout', 'mfa-dev'], h.env);
      expect(logout.stdout).toBe('removed role session of mfa-dev\nremoved MFA session of default\n');
      const again = await awsprof(['assume', 'mfa-ext', '--as', 'c'], h.env);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(`awsprof: profile mfa-ext needs an MFA code for ${ALICE.mfaSerial}, and there is no terminal to ask on (pass --token-code 123456)\n`);
    }));

  it('a cached MFA session STS no longer takes is replaced once: with a code, or the one line naming what to run', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url, { config: MFA_CONFIG });
      expect((await awsprof(['mfa', 'mfa-dev', '--token-code', code()], h.env)).code).toBe(0);
      // Revoked at STS while the cache still holds it: its key id is one STS no longer knows.
      const [name] = readdirSync(cacheDir(h)).filter((entry) => entry.startsWith('mfa-'));
      const path = join(cacheDir(h), name!);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/"AccessKeyId":"[^"]+"/, '"AccessKeyId":"ASIAREVOKED000000000"'));
      const mark = sts.emulator.requests.length;
      const refused = 'awsprof: STS refused the cached MFA session of default (STS does not recognise the access key of profile default); getting a new one\n';
      const without = await awsprof(['assume', 'mfa-dev', '--as', 'b'], h.env);
      expect(without.code).toBe(1);
      expect(without.stderr).toBe(`${refused}awsprof: profile mfa-dev needs an MFA code for ${ALICE.mfaSerial}, and there is no terminal to ask on (pass --token-code 123456)\n`);
      const withCode = await awsprof(['assume', 'mfa-dev', '--as', 'b', '--token-code', code()], h.env);
      expect(withCode.code, withCode.stderr).toBe(0);
      expect(withCode.stderr).toContain(refused);
      expect(since(mark, 'GetSessionToken')).toHaveLength(1);
      // The new session is the cached one now: the next role needs no code and says nothing about sessions.
      const next = await awsprof(['assume', 'mfa-ext', '--as', 'c'], h.env);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).not.toContain('refused');
      expect(since(mark, 'GetSessionToken')).toHaveLength(1);
    }));

  it('a role asked for longer than 1h gets the code in AssumeRole itself, and says why', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url, { config: MFA_CONFIG });
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'mfa-long', '--as', 'long', '--token-code', code()], h.env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('awsprof: mfa-long asks for a 2h session, longer than the 1h AWS allows a role assumed from an MFA session; sending the MFA code with AssumeRole instead\n');
      expect(since(mark, 'GetSessionToken')).toHaveLength(0);
      const [assume] = since(mark, 'AssumeRole');
      expect(assume!.params).toMatchObject({ DurationSeconds: '7200', SerialNumber: ALICE.mfaSerial });
      expect(assume!.accessKeyId).toBe(ALICE.accessKeyId);
    }));

  it('the emulator caps a role assumed with MFA-session keys at 1h, as AWS does', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url, { config: MFA_CONFIG });
      const session = await aws(['sts', 'get-session-token', '--serial-number', ALICE.mfaSerial, '--token-code', code(), '--output', 'json', '--endpoint-url', sts.url], { ...h.env, AWS_DEFAULT_REGION: 'us-east-1' });
      expect(session.code, session.stderr).toBe(0);
      const keys = JSON.parse(session.stdout).Credentials;
      const env = { ...h.env, AWS_ACCESS_KEY_ID: keys.AccessKeyId, AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey, AWS_SESSION_TOKEN: keys.SessionToken, AWS_DEFAULT_REGION: 'us-east-1' };
      const long = await aws(['sts', 'assume-role', '--role-arn', ROLE.developer, '--role-session-name', 'cap-test', '--duration-seconds', '7200', '--endpoint-url', sts.url], env);
      expect(long.stderr).toContain('ValidationError');
      expect(long.stderr).toContain('exceeds the 1 hour session limit');
    }));
});

describe('awsprof credential-process (#8)', () => {
  it('assume --process writes a credential_process line; ten parallel aws calls make one AssumeRole', () =>
    withTempDir(async (dir) => {
      const credentials = `${readFileSync(resolve('fixtures/../test/support/emulator.ts'), 'utf8').length ? '' : ''}# alice's long-term keys
[default]
aws_access_key_id = ${ALICE.accessKeyId}
aws_secret_access_key = ${ALICE.secretAccessKey}

[live]
aws_access_key_id = ASIASTALE0EXAMPLE001
aws_secret_access_key = stale
aws_session_token = stale
`;
      const h = await seedHome(dir, sts.url, { credentials });
      const assume = await awsprof(['assume', 'dev', '--as', 'live', '--process', '--force'], h.env);
      expect(assume.code, assume.stderr).toBe(0);
      const config = readFileSync(h.config, 'utf8');
      expect(config).toContain(`[profile live]\nregion = eu-west-1\nawsprof_source_profile = dev\ncredential_process = ${process.execPath} ${HELPER} credential-process dev\n`);
      // The stale keys would win over credential_process in botocore: gone.
      expect(readFileSync(h.credentials, 'utf8')).not.toContain('ASIASTALE');

      // Empty the cache, then ten AWS CLI processes start at once; the emulator answers slowly so they overlap.
      expect((await awsprof(['logout', 'dev'], h.env)).code).toBe(0);
      const mark = sts.emulator.requests.length;
      sts.emulator.setLatency(300);
      let results;
      try {
        results = await Promise.all(Array.from({ length: 10 }, () => aws(['configure', 'export-credentials', '--profile', 'live', '--format', 'process'], h.env)));
      } finally {
        sts.emulator.setLatency(0);
      }
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      expect(since(mark, 'AssumeRole')).toHaveLength(1);
      const keys = new Set(results.map((result) => JSON.parse(result.stdout).AccessKeyId));
      expect(keys.size).toBe(1);
      const [only] = keys;
      expect(sts.emulator.sessions().find((session) => session.accessKeyId === only)?.arn).toMatch(/assumed-role\/Developer\/alice-dev$/);
    }));

  it("the JS SDK's fromIni gets the keys through the helper; the helper re-assumes within 15 minutes of expiry", () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      // Issued 50 minutes in the past (by the emulator's clock): they expire in 10 minutes.
      sts.emulator.advanceClock(-50 * 60);
      let assume;
      try {
        assume = await awsprof(['assume', 'dev', '--as', 'live', '--process'], h.env);
      } finally {
        sts.emulator.advanceClock(50 * 60);
      }
      expect(assume.code, assume.stderr).toBe(0);
      const mark = sts.emulator.requests.length;
      const script = `import { fromIni } from '@aws-sdk/credential-providers';
        const keys = await fromIni({ profile: 'live' })();
        console.log(JSON.stringify({ id: keys.accessKeyId, expiration: keys.expiration.toISOString() }));`;
      const first = await run(process.execPath, ['--input-type=module', '-e', script], h.env);
      expect(first.code, first.stderr).toBe(0);
      // 10 minutes left is less than the SDKs' 15-minute margin: the helper asked STS again.
      expect(since(mark, 'AssumeRole')).toHaveLength(1);
      const got = JSON.parse(first.stdout);
      expect(sts.emulator.sessions().find((session) => session.accessKeyId === got.id)?.arn).toMatch(/Developer/);
      expect(new Date(got.expiration).getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
      // Now fresh: the next caller gets the same keys from the cache.
      const second = await awsprof(['credential-process', 'dev'], h.env);
      expect(second.code, second.stderr).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ Version: 1, AccessKeyId: got.id });
      expect(JSON.parse(second.stdout).Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(since(mark, 'AssumeRole')).toHaveLength(1);

      // Again with --process: the cache answers, the files stay as they are; list shows the cached expiry for live.
      const config = readFileSync(h.config, 'utf8');
      expect((await awsprof(['assume', 'dev', '--as', 'live', '--process'], h.env)).code).toBe(0);
      expect(since(mark, 'AssumeRole')).toHaveLength(1);
      expect(readFileSync(h.config, 'utf8')).toBe(config);
      expect((await awsprof(['list', 'live'], h.env)).stdout).toMatch(/^ +live +process +process awsprof → dev +eu-west-1 +in (59|60)m \(cached\)$/m);
      // refresh renews the cached keys now and keeps live a process profile.
      const refreshed = await awsprof(['refresh', 'live'], h.env);
      expect(refreshed.code, refreshed.stderr).toBe(0);
      expect(since(mark, 'AssumeRole')).toHaveLength(2);
      expect(readFileSync(h.config, 'utf8')).toBe(config);
      expect(JSON.parse((await awsprof(['credential-process', 'dev'], h.env)).stdout).AccessKeyId).not.toBe(got.id);
            // Back to plain keys: awsprof's own credential_process goes, or botocore would still run it.
      expect((await awsprof(['assume', 'dev', '--as', 'live'], h.env)).code).toBe(0);
      expect(readFileSync(h.config, 'utf8')).not.toContain('credential_process');
      expect(readFileSync(h.credentials, 'utf8')).toMatch(/\[live\]\naws_access_key_id = ASIA/);
    }));

  it('a cache hit loads neither the AWS SDK nor yargs, and the helper not even cli.js or node:crypto', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      expect((await awsprof(['credential-process', 'dev'], h.env)).code).toBe(0);
      const log = join(dir, 'imports.log');
      writeFileSync(log, '');
      const recorded = async (argv: string[]) => {
        writeFileSync(log, '');
        const hit = await run(process.execPath, argv, { ...h.env, NODE_OPTIONS: `--import=${resolve('test/support/record-imports.mjs')}`, IMPORT_LOG_FILE: log });
        expect(hit.code, hit.stderr).toBe(0);
        expect(JSON.parse(hit.stdout).Version).toBe(1);
        return readFileSync(log, 'utf8');
      };
      // Through the whole CLI: no SDK, no yargs.
      const viaCli = await recorded([CLI, 'credential-process', 'dev']);
      expect(viaCli).toContain('dist/cli.js');
      expect(viaCli).not.toMatch(/@aws-sdk|@smithy|yargs/);
      // Through the helper a --process line runs: not even cli.js.
      const viaHelper = await recorded([HELPER, 'credential-process', 'dev']);
      expect(viaHelper).toContain('dist/credential-process.js');
      expect(viaHelper).not.toMatch(/@aws-sdk|@smithy|yargs|dist\/cli\.js|builtin:crypto$/m);
      expect(viaHelper).toContain('builtin:fs');
      // A miss through the helper is the whole CLI's work, with the same arguments.
      const miss = await run(process.execPath, [HELPER, 'credential-process', 'nope'], h.env);
      expect(miss).toMatchObject({ code: 1, stdout: '', stderr: 'awsprof: profile nope not found in config or credentials\n' });
    }));

  it('no terminal and no MFA session: one line naming the command to run first, exit 1', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['credential-process', 'mfa'], h.env);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(`awsprof: profile mfa needs an MFA code for ${ALICE.mfaSerial}, and there is no terminal to ask on (run \`awsprof mfa mfa\` in a terminal first)\n`);
      expect(sts.emulator.requests.length).toBe(mark);
      // After `awsprof mfa`, it needs no terminal.
      expect((await awsprof(['mfa', 'mfa', '--token-code', code(), '--mfa-duration', '8h'], h.env)).code).toBe(0);
      const after = await awsprof(['credential-process', 'mfa'], h.env);
      expect(after.code, after.stderr).toBe(0);
      const [session] = since(mark, 'GetSessionToken');
      expect(session!.params.DurationSeconds).toBe('28800');
    }));

  it('a chain that runs back into itself is a clear error', () =>
    withTempDir(async (dir) => {
      const config = `${CONFIG}
[profile loop]
role_arn = ${ROLE.developer}
source_profile = loop-source

[profile loop-source]
credential_process = ${process.execPath} ${CLI} credential-process loop
`;
      const h = await seedHome(dir, sts.url, { config });
      const result = await awsprof(['credential-process', 'loop'], h.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^awsprof: credential-process loop runs back into itself \(loop -> loop-source -> loop\) \(.*\)\n$/);
    }));

  it('clean removes expired cache entries and keeps fresh ones', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      sts.emulator.advanceClock(-2 * 3600);
      try {
        expect((await awsprof(['credential-process', 'short'], h.env)).code).toBe(0);
      } finally {
        sts.emulator.advanceClock(2 * 3600);
      }
      expect((await awsprof(['credential-process', 'dev'], h.env)).code).toBe(0);
      const clean = await awsprof(['clean'], h.env);
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/^removed cached role session of short \(expired 1h( \d+m)? ago\)\n$/);
      expect(readdirSync(cacheDir(h)).filter((name) => name.endsWith('.json'))).toHaveLength(1);
    }));
});

void ACCOUNT;
void mkdtempSync;
void tmpdir;
