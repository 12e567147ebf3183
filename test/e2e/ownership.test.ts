// Owner, group and mode across rewrites, as root (`sudo -E awsprof ...` on a user's ~/.aws) and as a plain user,
// with real uids: the tests run as root and start awsprof and the AWS CLI as uid 1000 where a user is needed.
import { chmod, chown, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI, awsprof, CLI, type CliResult, cleanEnv, run, withTempDir } from '../support/cli.js';
import { CONFIG, CREDENTIALS, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const USER = 1000;
const USER_GROUP = 1000;
/** A group uid 1000 is not in (no such group on this machine: only the number matters). */
const OTHER_GROUP = 1001;

const isRoot = process.geteuid?.() === 0;

interface Owned {
  uid: number;
  gid: number;
  mode: number;
}

async function owned(path: string): Promise<Owned> {
  const info = await stat(path);
  return { uid: info.uid, gid: info.gid, mode: info.mode & 0o7777 };
}

async function place(path: string, text: string, { uid, gid, mode }: Owned): Promise<void> {
  await writeFile(path, text);
  await chown(path, uid, gid);
  await chmod(path, mode);
}

/** A home owned by the user, as theirs would be; ~/.aws too unless `noAws`. */
async function userHome(dir: string, noAws = false): Promise<{ home: string; config: string; credentials: string }> {
  await chown(dir, USER, USER_GROUP);
  if (!noAws) {
    await mkdir(join(dir, '.aws'), { mode: 0o700 });
    await chown(join(dir, '.aws'), USER, USER_GROUP);
  }
  return { home: dir, config: join(dir, '.aws', 'config'), credentials: join(dir, '.aws', 'credentials') };
}

function runAs(uid: number, gid: number, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return run(command, args, env, undefined, { uid, gid });
}

describe.runIf(isRoot)('root editing a user’s files keeps their owner, group and mode (#7)', () => {
  let sts: TestEmulator;
  beforeAll(async () => {
    sts = await startTestEmulator();
  });
  afterAll(() => sts?.close());

  it('set, on config and credentials, keeps uid, gid and mode (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      await place(h.config, '[default]\nregion = a\n', { uid: USER, gid: OTHER_GROUP, mode: 0o640 });
      await place(h.credentials, '[default]\naws_access_key_id = AKIAEXAMPLE\n', { uid: USER, gid: USER_GROUP, mode: 0o600 });
      const env = cleanEnv(h.home);
      expect((await awsprof(['set', 'region', 'eu-west-2'], env)).code).toBe(0);
      expect((await awsprof(['set', 'aws_secret_access_key', 'secret'], env)).code).toBe(0);
      expect(await readFile(h.config, 'utf8')).toBe('[default]\nregion = eu-west-2\n');
      expect(await readFile(h.credentials, 'utf8')).toContain('aws_secret_access_key = secret\n');
      expect(await owned(h.config)).toEqual({ uid: USER, gid: OTHER_GROUP, mode: 0o640 });
      expect(await owned(h.credentials)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o600 });
      // No root-owned leftovers either (lock files, temp files).
      expect((await readdir(join(h.home, '.aws'))).sort()).toEqual(['config', 'credentials']);
    }));

  it('rm keeps both files’ owner, group and mode (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      await place(h.config, '[default]\nregion = a\n[profile dev]\nregion = b\n', { uid: USER, gid: OTHER_GROUP, mode: 0o660 });
      await place(h.credentials, '[default]\naws_access_key_id = A\n[dev]\naws_access_key_id = B\n', { uid: USER, gid: USER_GROUP, mode: 0o600 });
      expect((await awsprof(['rm', 'dev'], cleanEnv(h.home))).code).toBe(0);
      expect(await readFile(h.config, 'utf8')).toBe('[default]\nregion = a\n');
      expect(await readFile(h.credentials, 'utf8')).toBe('[default]\naws_access_key_id = A\n');
      expect(await owned(h.config)).toEqual({ uid: USER, gid: OTHER_GROUP, mode: 0o660 });
      expect(await owned(h.credentials)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o600 });
    }));

  it('assume writes both files and keeps their owner, group and mode (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      await place(h.config, CONFIG, { uid: USER, gid: OTHER_GROUP, mode: 0o640 });
      await place(h.credentials, CREDENTIALS, { uid: USER, gid: USER_GROUP, mode: 0o600 });
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], cleanEnv(h.home, { AWS_ENDPOINT_URL_STS: sts.url }));
      expect(result.code, result.stderr).toBe(0);
      expect(await readFile(h.credentials, 'utf8')).toContain('[dev-keys]\naws_access_key_id = ');
      expect(await readFile(h.config, 'utf8')).toContain('[profile dev-keys]\n');
      expect(await owned(h.config)).toEqual({ uid: USER, gid: OTHER_GROUP, mode: 0o640 });
      expect(await owned(h.credentials)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o600 });
    }));

  it('sudo -E awsprof set in a home without ~/.aws: ~/.aws and the new files belong to the home’s owner (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir, true);
      const env = cleanEnv(h.home);
      expect((await awsprof(['set', 'region', 'eu-west-1'], env)).code).toBe(0);
      expect((await awsprof(['set', 'aws_access_key_id', 'AKIAEXAMPLE'], env)).code).toBe(0);
      expect(await owned(join(h.home, '.aws'))).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o700 });
      expect(await owned(h.config)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o600 });
      expect(await owned(h.credentials)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o600 });
      // The user can now use and edit their own config, which a root-owned 0600 file would have prevented.
      const asUser = await runAs(USER, USER_GROUP, process.execPath, [CLI, 'set', 'region', 'us-east-1'], env);
      expect(asUser.code, asUser.stderr).toBe(0);
      expect(await readFile(h.config, 'utf8')).toBe('[default]\nregion = us-east-1\n');
    }));

  it('every directory root creates on the way to a new file in a user’s directory goes to that user (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir, true);
      const config = join(h.home, 'dotfiles', 'aws', 'config');
      expect((await awsprof(['set', 'region', 'eu-west-2'], cleanEnv(h.home, { AWS_CONFIG_FILE: config }))).code).toBe(0);
      for (const created of [join(h.home, 'dotfiles'), join(h.home, 'dotfiles', 'aws')]) {
        expect(await owned(created)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o700 });
      }
      expect(await owned(config)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o600 });
      expect(await readdir(join(h.home, 'dotfiles', 'aws'))).toEqual(['config']);
    }));

  it('root’s new files in a root-owned directory stay root’s (#7)', () =>
    withTempDir(async (dir) => {
      await mkdir(join(dir, 'etc'), { mode: 0o755 });
      const config = join(dir, 'etc', 'config');
      expect((await awsprof(['set', 'region', 'eu-west-2'], cleanEnv(dir, { AWS_CONFIG_FILE: config }))).code).toBe(0);
      expect(await owned(config)).toEqual({ uid: 0, gid: 0, mode: 0o600 });
    }));
});

describe.runIf(isRoot)('a file its owner made read-only is refused, as the AWS CLI refuses it (#7)', () => {
  it('the AWS CLI gets EACCES as the user (and, as root, would write it anyway); awsprof refuses either way (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      const text = '[default]\nregion = a\n';
      await place(h.config, text, { uid: USER, gid: USER_GROUP, mode: 0o400 });
      const env = cleanEnv(h.home);

      const cli = await runAs(USER, USER_GROUP, AWS_CLI, ['configure', 'set', 'region', 'eu-west-2'], env);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain('Permission denied');
      expect(await readFile(h.config, 'utf8')).toBe(text);

      for (const result of [await runAs(USER, USER_GROUP, process.execPath, [CLI, 'set', 'region', 'eu-west-2'], env), await awsprof(['set', 'region', 'eu-west-2'], env)]) {
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('awsprof: ~/.aws/config: is read-only (mode 0400); refusing to replace it (run chmod u+w on it to allow edits)\n');
        expect(await readFile(h.config, 'utf8')).toBe(text);
        expect(await owned(h.config)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o400 });
        expect((await readdir(join(h.home, '.aws'))).sort()).toEqual(['config']);
      }
    }));

  it('assume refuses a read-only credentials file before calling STS (#7)', () =>
    withTempDir(async (dir) => {
      const sts = await startTestEmulator();
      try {
        const h = await userHome(dir);
        await place(h.config, CONFIG, { uid: USER, gid: USER_GROUP, mode: 0o600 });
        await place(h.credentials, CREDENTIALS, { uid: USER, gid: USER_GROUP, mode: 0o400 });
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], cleanEnv(h.home, { AWS_ENDPOINT_URL_STS: sts.url }));
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('awsprof: ~/.aws/credentials: is read-only (mode 0400); refusing to replace it (run chmod u+w on it to allow edits)\n');
        expect(sts.emulator.requests).toEqual([]);
        expect(await readFile(h.config, 'utf8')).toBe(CONFIG);
        expect(await readFile(h.credentials, 'utf8')).toBe(CREDENTIALS);
      } finally {
        await sts.close();
      }
    }));

  it('rm refuses before touching either file when one of them is read-only (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      const config = '[profile dev]\nregion = b\n';
      const credentials = '[dev]\naws_access_key_id = B\n';
      await place(h.config, config, { uid: USER, gid: USER_GROUP, mode: 0o600 });
      await place(h.credentials, credentials, { uid: USER, gid: USER_GROUP, mode: 0o400 });
      const result = await awsprof(['rm', 'dev'], cleanEnv(h.home));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('awsprof: ~/.aws/credentials: is read-only (mode 0400); refusing to replace it (run chmod u+w on it to allow edits)\n');
      expect(await readFile(h.config, 'utf8')).toBe(config);
      expect(await readFile(h.credentials, 'utf8')).toBe(credentials);
    }));
});

describe.runIf(isRoot)('a plain user refuses to replace a file whose owner or group it cannot keep (#7)', () => {
  it('own file, a group the user is not in: refused, nothing written; the AWS CLI, writing in place, edits it (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      const text = '[default]\nregion = a\n';
      await place(h.config, text, { uid: USER, gid: OTHER_GROUP, mode: 0o660 });
      const env = cleanEnv(h.home);
      const result = await runAs(USER, USER_GROUP, process.execPath, [CLI, 'set', 'region', 'eu-west-2'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `awsprof: ~/.aws/config: belongs to group ${OTHER_GROUP}, which this user (uid ${USER}) is not in; a replacement could not keep its group, so refusing to replace it (chgrp it to one of your groups, or run awsprof as root)\n`,
      );
      expect(await readFile(h.config, 'utf8')).toBe(text);
      expect((await readdir(join(h.home, '.aws'))).sort()).toEqual(['config']);

      const cli = await runAs(USER, USER_GROUP, AWS_CLI, ['configure', 'set', 'region', 'eu-west-2'], env);
      expect(cli.code, cli.stderr).toBe(0);
      expect(await owned(h.config)).toEqual({ uid: USER, gid: OTHER_GROUP, mode: 0o660 });
    }));

  it('another user’s group-writable file: refused (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      await chmod(join(h.home, '.aws'), 0o770);
      await place(h.config, '[default]\n', { uid: 1002, gid: USER_GROUP, mode: 0o660 });
      const result = await runAs(USER, USER_GROUP, process.execPath, [CLI, 'set', 'region', 'eu-west-2'], cleanEnv(h.home));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `awsprof: ~/.aws/config: belongs to uid 1002, not to this user (uid ${USER}); a replacement could not keep its owner, so refusing to replace it (run awsprof as its owner)\n`,
      );
      expect(await owned(h.config)).toEqual({ uid: 1002, gid: USER_GROUP, mode: 0o660 });
    }));

  it('own file and group: edited, owner, group and mode kept (#7)', () =>
    withTempDir(async (dir) => {
      const h = await userHome(dir);
      await place(h.config, '[default]\nregion = a\n', { uid: USER, gid: USER_GROUP, mode: 0o640 });
      const result = await runAs(USER, USER_GROUP, process.execPath, [CLI, 'set', 'region', 'eu-west-2'], cleanEnv(h.home));
      expect(result.code, result.stderr).toBe(0);
      expect(await readFile(h.config, 'utf8')).toBe('[default]\nregion = eu-west-2\n');
      expect(await owned(h.config)).toEqual({ uid: USER, gid: USER_GROUP, mode: 0o640 });
    }));
});
