// `awsprof refresh --all` as a user runs it: the built CLI, a temp HOME holding profiles awsprof wrote earlier (some
// expiring, one fresh, one whose recorded role STS refuses), and the STS emulator. The files are seeded directly with
// their expiry times, so the only STS calls are the refresh's own.
import { watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAwsFiles, settingText } from '../../src/profiles/view.js';
import { awsprof, withTempDir } from '../support/cli.js';
import { ACCOUNT, ALICE, CONFIG, CREDENTIALS, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const minutesFromNow = (minutes: number) => rfc3339(new Date(Date.now() + minutes * 60_000));

/** A profile as `awsprof assume SOURCE --as NAME` leaves it, with made-up keys expiring at `expires`. */
function written(name: string, source: string, expires: string, extraConfig = ''): { config: string; credentials: string } {
  return {
    config: `\n[profile ${name}]\nregion = eu-west-1\nawsprof_source_profile = ${source}\n${extraConfig}`,
    credentials: `\n[${name}]\naws_access_key_id = ASIA${name.toUpperCase().padEnd(16, 'X')}\naws_secret_access_key = old-secret-${name}\naws_session_token = old-token-${name}\nx_security_token_expires = ${expires}\n`,
  };
}

function home(dir: string, profiles: { config: string; credentials: string }[]): Promise<SeededHome> {
  return seedHome(dir, sts.url, {
    config: CONFIG + profiles.map((profile) => profile.config).join(''),
    credentials: CREDENTIALS + profiles.map((profile) => profile.credentials).join(''),
  });
}

async function profileKeys(h: SeededHome, name: string) {
  const view = readAwsFiles(await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8'));
  const credentials = view.profiles.get(name)?.credentials ?? {};
  return { accessKeyId: settingText(credentials, 'aws_access_key_id')!, expires: settingText(credentials, 'x_security_token_expires')! };
}

/** The section of `text` that starts at `header`, up to the next section. */
function section(text: string, header: string): string {
  const start = text.indexOf(`${header}\n`);
  const end = text.indexOf('\n[', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

const assumeCalls = (mark: number) => sts.emulator.requests.slice(mark).filter((entry) => entry.action === 'AssumeRole');

describe('awsprof refresh --all', () => {
  it('refreshes the expiring profiles in one write, names the broken one, leaves the fresh one alone; exit 3', () =>
    withTempDir(async (dir) => {
      const soon = minutesFromNow(5);
      const later = minutesFromNow(50);
      const h = await home(dir, [
        written('a1', 'dev', soon),
        written('a2', 'ext', minutesFromNow(-30)),
        written('a3', 'dev', soon, 'awsprof_duration_seconds = 7200\n'),
        written('keep', 'dev', later),
        written('broken', 'dev', soon, `awsprof_role_arn = arn:aws:iam::${ACCOUNT}:role/NoSuchRole\n`),
      ]);
      const before = { config: await readFile(h.config, 'utf8'), credentials: await readFile(h.credentials, 'utf8') };
      // Every replacement of the credentials file is an atomic rename onto its name: count them.
      const renames: string[] = [];
      const watcher = watch(join(h.home, '.aws'), (event, file) => file === 'credentials' && renames.push(event));
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', '--all'], h.env);
      // inotify events are read on this process's event loop: give the last one a moment to arrive.
      await new Promise((done) => setTimeout(done, 200));
      watcher.close();

      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n');
      expect(lines.slice(0, 3).map((line) => line.replace(/expires .*$/, 'expires …'))).toEqual(['Refreshed a1; expires …', 'Refreshed a2; expires …', 'Refreshed a3; expires …']);
      expect(lines[3]).toMatch(/^awsprof: broken: access denied: .*role\/NoSuchRole/);
      expect(lines.slice(4)).toEqual(['awsprof: refreshed 3 of 4 profiles; 1 failed', '']);
      expect(result.code).toBe(3);

      // One AssumeRole per due profile, with what each recorded; none for the fresh one.
      const calls = assumeCalls(mark);
      const sessionNames = calls.map((call) => call.params.RoleSessionName);
      expect(sessionNames.filter((name) => name === 'alice-dev')).toHaveLength(3);
      expect(sessionNames.filter((name) => name !== 'alice-dev')).toEqual([expect.stringMatching(/-\d{8}$/)]);
      expect(calls.find((call) => call.params.DurationSeconds === '7200')).toBeDefined();
      expect(renames.length, 'one write of the credentials file').toBeGreaterThanOrEqual(1);
      expect(new Set(renames).size).toBe(1);
      expect(renames.filter((event) => event === 'rename')).toHaveLength(1);

      const after = { config: await readFile(h.config, 'utf8'), credentials: await readFile(h.credentials, 'utf8') };
      for (const name of ['a1', 'a2', 'a3']) {
        const keys = await profileKeys(h, name);
        const session = sts.emulator.sessions().find((candidate) => candidate.accessKeyId === keys.accessKeyId);
        expect(session, `${name} holds keys STS issued just now`).toBeDefined();
        expect(keys.expires).toBe(rfc3339(session!.expiration));
      }
      expect(new Date((await profileKeys(h, 'a3')).expires).getTime() - Date.now()).toBeGreaterThan(110 * 60_000);
      for (const header of ['[keep]', '[broken]', '[default]']) expect(section(after.credentials, header)).toBe(section(before.credentials, header));
      expect(after.config).toBe(before.config);
    }));

  it('nothing to refresh: says so, exit 0, the files keep their bytes and mtime, no STS call', () =>
    withTempDir(async (dir) => {
      const h = await home(dir, [written('keep', 'dev', minutesFromNow(50))]);
      const before = await Promise.all([stat(h.config), stat(h.credentials), readFile(h.credentials, 'utf8')]);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', '--all'], h.env);
      expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'awsprof: nothing to refresh: no profile written by awsprof expires within 15m (1 with more left)\n' });
      expect(sts.emulator.requests.length).toBe(mark);
      const after = await Promise.all([stat(h.config), stat(h.credentials), readFile(h.credentials, 'utf8')]);
      expect(after[0].mtimeMs).toBe(before[0].mtimeMs);
      expect(after[1].mtimeMs).toBe(before[1].mtimeMs);
      expect(after[2]).toBe(before[2]);
    }));

  it('--within widens the window: a profile with 50 minutes left is refreshed with --within 1h', () =>
    withTempDir(async (dir) => {
      const h = await home(dir, [written('keep', 'dev', minutesFromNow(50))]);
      const result = await awsprof(['refresh', '--all', '--within', '1h'], h.env);
      expect(result.stderr).toMatch(/^Refreshed keep; expires .*\.\n$/);
      expect(result.code).toBe(0);
      expect((await profileKeys(h, 'keep')).accessKeyId).not.toBe('ASIAKEEPXXXXXXXXXXXX');
    }));

  it('every due profile fails: exit 1, each named, nothing written', () =>
    withTempDir(async (dir) => {
      const h = await home(dir, [written('gone', 'no-such-source', minutesFromNow(1))]);
      const before = [await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')];
      const result = await awsprof(['refresh', '--all'], h.env);
      expect(result.stderr).toMatch(/^awsprof: gone: profile no-such-source not found in config or credentials.*\nawsprof: refreshed 0 of 1 profiles; 1 failed\n$/);
      expect(result.code).toBe(1);
      expect([await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')]).toEqual(before);
    }));

  it('one MFA code for all: profiles of an MFA role share one MFA session (one GetSessionToken), no terminal needed', () =>
    withTempDir(async (dir) => {
      const h = await home(dir, [written('m1', 'mfa', minutesFromNow(2)), written('m2', 'mfa', minutesFromNow(3)), written('m3', 'mfa', minutesFromNow(4))]);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', '--all', '--token-code', sts.emulator.totp(ALICE.mfaSerial)], h.env);
      expect(result.stderr).toMatch(/^Refreshed m1; .*\nRefreshed m2; .*\nRefreshed m3; .*\n$/);
      expect(result.code).toBe(0);
      const calls = sts.emulator.requests.slice(mark);
      expect(calls.filter((call) => call.action === 'GetSessionToken')).toHaveLength(1);
      // The roles are assumed with the session's keys, which carry the MFA: no code is sent again.
      expect(calls.filter((call) => call.action === 'AssumeRole').map((call) => [call.status, call.params.TokenCode])).toEqual([
        [200, undefined],
        [200, undefined],
        [200, undefined],
      ]);
      for (const name of ['m1', 'm2', 'm3']) {
        const keys = await profileKeys(h, name);
        expect(sts.emulator.sessions().find((candidate) => candidate.accessKeyId === keys.accessKeyId)?.mfaAuthenticated).toBe(true);
      }
    }));

  it('a --process profile: its cached keys are renewed when due, the files stay as they are', () =>
    withTempDir(async (dir) => {
      const h = await home(dir, []);
      const assumed = await awsprof(['assume', 'dev', '--as', 'live', '--process'], h.env);
      expect(assumed.code).toBe(0);
      const files = [await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')];
      // Fresh in the cache for the default window…
      const idle = await awsprof(['refresh', '--all'], h.env);
      expect(idle).toMatchObject({ code: 0, stderr: 'awsprof: nothing to refresh: no profile written by awsprof expires within 15m (1 with more left)\n' });
      // …and due for a window wider than what is left.
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['refresh', '--all', '--within', '2h'], h.env);
      expect(result.stderr).toMatch(/^Refreshed live \(cached keys of credential-process dev\); expires .*\n$/);
      expect(result.code).toBe(0);
      expect(sts.emulator.requests.slice(mark).map((call) => call.action)).toEqual(['AssumeRole']);
      expect([await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')]).toEqual(files);
      // The helper now hands out the renewed keys from the cache.
      const helper = await awsprof(['credential-process', 'dev'], h.env);
      const issued = sts.emulator.sessions().at(-1)!;
      expect((JSON.parse(helper.stdout) as { AccessKeyId: string }).AccessKeyId).toBe(issued.accessKeyId);
      expect(sts.emulator.requests.slice(mark)).toHaveLength(1);
    }));

  it.each([
    [['refresh', '--all', 'a1'], /^awsprof: --all refreshes every profile as recorded; it takes no profile name\n$/],
    [['refresh', '--all', '--region', 'eu-west-2'], /^awsprof: --all refreshes every profile as recorded; it takes no --region\n$/],
    [['refresh', 'a1', '--within', '5m'], /^awsprof: --within goes with --all\n$/],
    [['refresh'], /^awsprof: name a profile written by awsprof assume, or pass --all\n$/],
    [['refresh', '--all', '--within', 'soon'], /^awsprof: --within: "soon" is not a duration/],
  ])('usage error, exit 2: %j', (args, message) =>
    withTempDir(async (dir) => {
      const h = await home(dir, [written('a1', 'dev', minutesFromNow(1))]);
      const result = await awsprof(args, h.env);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
    }),
  );

  it('refresh PROFILE still renews one profile as before', () =>
    withTempDir(async (dir) => {
      const h = await home(dir, [written('a1', 'dev', minutesFromNow(1)), written('a2', 'dev', minutesFromNow(1))]);
      const result = await awsprof(['refresh', 'a1'], h.env);
      expect(result.stderr).toMatch(/^Assumed arn:aws:sts::\d+:assumed-role\/Developer\/alice-dev into profile a1; expires/);
      expect(result.code).toBe(0);
      expect((await profileKeys(h, 'a2')).accessKeyId).toBe('ASIAA2XXXXXXXXXXXXXX');
    }));
});


