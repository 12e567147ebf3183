import { spawn } from 'node:child_process';
import { chmod, lstat, mkdir, readFile, readdir, readlink, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAwsFiles } from '../../src/profiles/view.js';
import { aws, awsprof, CLI, cleanEnv, withTempDir } from '../support/cli.js';

const files = (home: string) => ({ config: join(home, '.aws', 'config'), credentials: join(home, '.aws', 'credentials') });

describe('writing safely', () => {
  it('creates ~/.aws 0700 and both files 0600', () =>
    withTempDir(async (home) => {
      const env = cleanEnv(home);
      expect((await awsprof(['set', 'region', 'us-east-1'], env)).code).toBe(0);
      expect((await awsprof(['set', 'aws_access_key_id', 'AKIAEXAMPLE'], env)).code).toBe(0);
      expect((await stat(join(home, '.aws'))).mode & 0o777).toBe(0o700);
      expect((await stat(files(home).config)).mode & 0o777).toBe(0o600);
      expect((await stat(files(home).credentials)).mode & 0o777).toBe(0o600);
    }));

  it('keeps an existing file’s mode', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, '[default]\n');
      await chmod(files(home).config, 0o640);
      expect((await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home))).code).toBe(0);
      expect((await stat(files(home).config)).mode & 0o777).toBe(0o640);
    }));

  it('writes through a symlink and keeps the link (dotfile managers)', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, 'dotfiles'));
      await mkdir(join(home, '.aws'));
      await writeFile(join(home, 'dotfiles', 'aws-config'), '# mine\n[default]\nregion = a\n');
      await symlink('../dotfiles/aws-config', files(home).config);
      expect((await awsprof(['set', 'region', 'eu-west-2'], cleanEnv(home))).code).toBe(0);
      expect((await lstat(files(home).config)).isSymbolicLink()).toBe(true);
      expect(await readlink(files(home).config)).toBe('../dotfiles/aws-config');
      expect(await readFile(join(home, 'dotfiles', 'aws-config'), 'utf8')).toBe('# mine\n[default]\nregion = eu-west-2\n');
    }));

  it('honours AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and the global flags', () =>
    withTempDir(async (home) => {
      const env = cleanEnv(home, { AWS_CONFIG_FILE: join(home, 'c1'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'k1') });
      await awsprof(['set', 'region', 'eu-west-3'], env);
      await awsprof(['set', 'aws_access_key_id', 'AKIA1'], env);
      await awsprof(['set', 'region', 'eu-north-1', '--config-file', join(home, 'c2')], env);
      expect(await readFile(join(home, 'c1'), 'utf8')).toBe('[default]\nregion = eu-west-3\n');
      expect(await readFile(join(home, 'k1'), 'utf8')).toBe('[default]\naws_access_key_id = AKIA1\n');
      expect(await readFile(join(home, 'c2'), 'utf8')).toBe('[default]\nregion = eu-north-1\n');
    }));

  it('50 concurrent writers of 50 profiles lose nothing', () =>
    withTempDir(async (home) => {
      // Generous lock timeout: this test is about losing nothing, not about how long 100 writers queue on a busy machine.
      const env = cleanEnv(home, { AWSPROF_LOCK_TIMEOUT_MS: '60000' });
      await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          Promise.all([
            awsprof(['set', 'region', `eu-west-${index}`, '--profile', `p${index}`], env),
            awsprof(['set', 'aws_access_key_id', `AKIA${index}`, '--profile', `p${index}`], env),
          ]),
        ).flat(),
      ).then((results) => results.flat().forEach((result) => expect(result.stderr).toBe('')));
      const view = readAwsFiles(await readFile(files(home).config, 'utf8'), await readFile(files(home).credentials, 'utf8'));
      expect(view.problems).toEqual([]);
      for (let index = 0; index < 50; index++) {
        expect(view.profiles.get(`p${index}`)?.config.region).toBe(`eu-west-${index}`);
        expect(view.profiles.get(`p${index}`)?.credentials.aws_access_key_id).toBe(`AKIA${index}`);
      }
      // And the real AWS CLI can read both files.
      const check = await aws(['configure', 'get', 'region', '--profile', 'p49'], env);
      expect(check.stdout.trim()).toBe('eu-west-49');
      expect(await readdir(join(home, '.aws'))).toEqual(['config', 'credentials']);
    }));

  it('a writer killed with SIGKILL at random moments never leaves a damaged file', () =>
    withTempDir(async (home) => {
      const env = cleanEnv(home, { AWSPROF_LOCK_TIMEOUT_MS: '20000' });
      const big = Array.from({ length: 3000 }, (_, index) => `[profile p${index}]\nregion = us-east-1\noutput = json\n`).join('\n');
      await mkdir(join(home, '.aws'), { mode: 0o700 });
      await writeFile(files(home).config, big, { mode: 0o600 });
      let expected = new Set([big]);
      for (let round = 0; round < 25; round++) {
        const value = `eu-west-${round + 10}`;
        const child = spawn(process.execPath, [CLI, 'set', 'region', value, '--profile', 'p1500'], { env, stdio: 'ignore' });
        const closed = new Promise((done) => child.on('close', done));
        const delay = 20 + Math.floor(Math.random() * 200);
        await new Promise((done) => setTimeout(done, delay));
        child.kill('SIGKILL');
        await closed;
        const text = await readFile(files(home).config, 'utf8');
        const intended = text.replace(/\[profile p1500\]\nregion = [^\n]*/, `[profile p1500]\nregion = ${value}`);
        // Either as it was before this round, or exactly as intended: never empty, never half-written.
        expect(expected.has(text) || text === intended).toBe(true);
        expect(text.length).toBeGreaterThan(big.length - 10);
        expected = new Set([text]);
      }
      // A stale lock from a killed writer never blocks the next one.
      const after = await awsprof(['set', 'region', 'me-south-1', '--profile', 'p1500'], env);
      expect(after.code).toBe(0);
      expect(await readFile(files(home).config, 'utf8')).toContain('[profile p1500]\nregion = me-south-1\n');
      expect((await readdir(join(home, '.aws'))).filter((name) => name !== 'config')).toEqual([]);
    }));

  it('times out with a clear error when another process holds the lock', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, '[default]\n');
      // A live process (this test runner) owns the lock.
      await writeFile(`${files(home).config}.lock`, JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), created: Date.now() }));
      const result = await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home, { AWSPROF_LOCK_TIMEOUT_MS: '300' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^awsprof: timed out after 300 ms waiting for the lock .*config\.lock held by pid \d+ \(if no awsprof process is running, delete .*\)\n$/);
      expect(await readFile(files(home).config, 'utf8')).toBe('[default]\n');
    }));
});

describe('locks left by other hosts or dead processes (#7)', () => {
  async function handMadeLock(home: string, holder: { pid: number; host: string }, ageSeconds: number): Promise<void> {
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(files(home).config, '[default]\n');
    const lock = `${files(home).config}.lock`;
    await writeFile(lock, JSON.stringify({ ...holder, created: Date.now() - ageSeconds * 1000 }));
    const then = new Date(Date.now() - ageSeconds * 1000);
    await utimes(lock, then, then);
  }

  it('a lock held on another host (a container sharing ~/.aws) is taken over after the bound, with a warning (#7)', () =>
    withTempDir(async (home) => {
      await handMadeLock(home, { pid: 4242, host: 'box-b' }, 12);
      const started = Date.now();
      const result = await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home, { AWSPROF_LOCK_TAKEOVER_MS: '500' }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(result.code).toBe(0);
      // 12 s old when made, plus the wait and Node's start.
      expect(result.stderr).toMatch(
        /^awsprof: warning: took over the lock ~\/\.aws\/config\.lock held by pid 4242 on host box-b for 1[234]s \(awsprof cannot check a process on another host, and no write holds a lock this long\)\n$/,
      );
      expect(await readFile(files(home).config, 'utf8')).toBe('[default]\nregion = eu-west-3\n');
      expect(await readdir(join(home, '.aws'))).toEqual(['config']);
    }));

  it('by default the bound is 5 s, well inside the 10 s timeout (#7)', () =>
    withTempDir(async (home) => {
      await handMadeLock(home, { pid: 4242, host: 'box-b' }, 0);
      const started = Date.now();
      const result = await awsprof(['rm', 'default', '--force'], cleanEnv(home));
      const took = Date.now() - started;
      expect(result.code, result.stderr).toBe(0);
      expect(took).toBeGreaterThanOrEqual(5000);
      expect(took).toBeLessThan(9000);
      expect(result.stderr).toMatch(/^awsprof: warning: took over the lock ~\/\.aws\/config\.lock held by pid 4242 on host box-b for [56]s /);
      expect(await readFile(files(home).config, 'utf8')).toBe('');
    }));

  it('a lock of a dead process on this host is taken at once, with a warning (#7)', () =>
    withTempDir(async (home) => {
      const dead = spawn(process.execPath, ['-e', '0']);
      await new Promise((done) => dead.on('close', done));
      await handMadeLock(home, { pid: dead.pid!, host: hostname() }, 75);
      const result = await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home, { AWSPROF_LOCK_TAKEOVER_MS: '60000' }));
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(
        `awsprof: warning: took over the lock ~/.aws/config.lock held by pid ${dead.pid} on host ${hostname()} for 1m (that process is gone)\n`,
      );
      expect(await readFile(files(home).config, 'utf8')).toBe('[default]\nregion = eu-west-3\n');
    }));

  it('a host name with control characters is shown escaped (#7)', () =>
    withTempDir(async (home) => {
      await handMadeLock(home, { pid: 7, host: 'evil\u001b]0;pwned\u0007' }, 3);
      const result = await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home, { AWSPROF_LOCK_TAKEOVER_MS: '200' }));
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('held by pid 7 on host evil\\e]0;pwned\\x07 for ');
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    }));
});

describe('bad input changes nothing', () => {
  const original = '[default]\nregion = us-east-1\n';
  it.each([
    ['newline in a value (credential_process injection)', ['set', 'region', 'us-east-1\ncredential_process = /tmp/x', '--profile', 'dev'], 2],
    ['carriage return in a value', ['set', 'region', 'a\rb'], 2],
    ['U+2028 in a nested value', ['set', 's3.x', 'a\u2028b = c'], 2],
    ['bracket in a profile name', ['set', 'region', 'eu-west-3', '--profile', 'dev]\n[evil'], 2],
    ['] in a profile name', ['set', 'region', 'eu-west-3', '--profile', 'a]b'], 2],
    ['a region no AWS partition has (#7)', ['set', 'region', 'xx-nowhere-9'], 2],
    ['whitespace at the end of a profile name', ['set', 'region', 'eu-west-3', '--profile', 'dev '], 2],
    ['control character in a key', ['set', 'reg\u0007ion', 'x'], 2],
    ['= in a key', ['set', 'a=b', 'x'], 2],
    ['a dotted name the AWS CLI crashes on', ['set', 'profile.dev', 'x'], 2],
    ['a dotted name the AWS CLI truncates', ['set', 'a.b.c', 'x'], 2],
    ['rm of default without --force', ['rm', 'default'], 2],
    ['rm of a missing profile', ['rm', 'nope'], 1],
  ])('%s: one-line error, exit %i, files untouched', (_name, args, code) =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, original);
      const result = await awsprof(args as string[], cleanEnv(home));
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^awsprof: [^\n]+\n$/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await readFile(files(home).config, 'utf8')).toBe(original);
      expect(await readdir(join(home, '.aws'))).toEqual(['config']);
    }),
  );

  it('refuses a file that is not text, naming file and line', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      const bytes = Buffer.concat([Buffer.from('[default]\nregion = x\n'), Buffer.from([0xff, 0xfe, 0x0a])]);
      await writeFile(files(home).config, bytes);
      const result = await awsprof(['set', 'output', 'json'], cleanEnv(home));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('awsprof: ~/.aws/config:3: is not valid UTF-8 text\n');
      expect(await readFile(files(home).config)).toEqual(bytes);
    }));

  it('warns about a duplicate section and edits the first, as the AWS CLI does', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, '[default]\nregion = a\n[default]\noutput = json\n');
      const result = await awsprof(['set', 'region', 'eu-west-2'], cleanEnv(home));
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/warning: ~\/\.aws\/config: \[default\] appears 2 times \(lines 1, 3\)/);
      expect(await readFile(files(home).config, 'utf8')).toBe('[default]\nregion = eu-west-2\n[default]\noutput = json\n');
    }));

  it('shows a stack trace only with --debug', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws', 'config'), { recursive: true });
      const plain = await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home));
      expect(plain.code).toBe(1);
      expect(plain.stderr.trim().split('\n')).toHaveLength(1);
      const debug = await awsprof(['set', 'region', 'eu-west-3', '--debug'], cleanEnv(home));
      expect(debug.stderr).toMatch(/\n\s+at /);
    }));
});

describe('get and rm', () => {
  it('get prints the value like aws configure get, exit 1 and no output when missing', () =>
    withTempDir(async (home) => {
      const env = cleanEnv(home);
      await awsprof(['set', 'region', 'eu-west-1', '--profile', 'dev'], env);
      await awsprof(['set', 'profile.dev.s3.addressing_style', 'path'], env);
      for (const args of [['region', '--profile', 'dev'], ['dev.region'], ['profile.dev.s3.addressing_style'], ['nope', '--profile', 'dev']]) {
        const ours = await awsprof(['get', ...args], env);
        const theirs = await aws(['configure', 'get', ...args], env);
        expect([ours.code, ours.stdout], args.join(' ')).toEqual([theirs.code, theirs.stdout]);
      }
    }));

  it('rm removes both files’ sections and keeps every other byte', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, '# top\n[default]\nregion = a\n\n[profile dev]\nregion = b\ns3 =\n    x = 1\n\n# prod below\n[profile prod]\nregion = c\n');
      await writeFile(files(home).credentials, '[dev]\naws_access_key_id = AKIA\n[prod]\naws_access_key_id = AKIB\n');
      const result = await awsprof(['rm', 'dev'], cleanEnv(home));
      expect(result.code).toBe(0);
      expect(await readFile(files(home).config, 'utf8')).toBe('# top\n[default]\nregion = a\n\n# prod below\n[profile prod]\nregion = c\n');
      expect(await readFile(files(home).credentials, 'utf8')).toBe('[prod]\naws_access_key_id = AKIB\n');
    }));
});

describe('rm of a profile other profiles use as source_profile (#7)', () => {
  const config = '[default]\nregion = a\n\n[profile base]\nregion = b\n\n[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/Dev\nsource_profile = base\n\n[profile ops]\nrole_arn = arn:aws:iam::111122223333:role/Ops\nsource_profile = base\n';
  const credentials = '[base]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';

  it('names them and refuses without --force: exit 1, both files unchanged (#7)', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, config);
      await writeFile(files(home).credentials, credentials);
      const result = await awsprof(['rm', 'base'], cleanEnv(home));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('awsprof: refusing to remove base: profiles dev and ops use it as source_profile (change their source_profile first, or pass --force)\n');
      expect(await readFile(files(home).config, 'utf8')).toBe(config);
      expect(await readFile(files(home).credentials, 'utf8')).toBe(credentials);
      expect((await readdir(join(home, '.aws'))).sort()).toEqual(['config', 'credentials']);
    }));

  it('with --force removes it and warns that they now name a missing source, which the AWS CLI then rejects (#7)', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, config);
      await writeFile(files(home).credentials, credentials);
      const env = cleanEnv(home);
      const result = await awsprof(['rm', 'base', '--force'], env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(
        'Removed profile base from config and credentials.\nawsprof: warning: profiles dev and ops now name a source_profile that does not exist (base)\n',
      );
      expect(await readFile(files(home).config, 'utf8')).toBe(config.replace('[profile base]\nregion = b\n\n', ''));
      expect(await readFile(files(home).credentials, 'utf8')).toBe('');
      const cli = await aws(['sts', 'get-caller-identity', '--profile', 'dev'], env);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain('The source_profile "base" referenced in the profile "dev" does not exist');
    }));

  it('a profile that assume --process profiles run credential-process for is kept too, unless --force', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      // As `awsprof assume base --as live --process` writes it: the line, and the profile it runs it for.
      const withProcess = `${config}\n[profile live]\ncredential_process = /usr/bin/node /opt/awsprof/dist/credential-process.js credential-process base\nawsprof_source_profile = base\nregion = b\n`;
      await writeFile(files(home).config, withProcess.replaceAll('source_profile = base\n\n', 'source_profile = default\n\n'));
      const before = await readFile(files(home).config, 'utf8');
      const refused = await awsprof(['rm', 'base'], cleanEnv(home));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe('awsprof: refusing to remove base: profile live runs awsprof credential-process base (remove it first, or pass --force)\n');
      expect(await readFile(files(home).config, 'utf8')).toBe(before);
      const forced = await awsprof(['rm', 'base', '--force'], cleanEnv(home));
      expect(forced.code).toBe(0);
      expect(forced.stderr).toBe('Removed profile base from config.\nawsprof: warning: profile live now runs awsprof credential-process for a profile that does not exist (base)\n');
    }));

  it('removes a section the AWS CLI wrote under a name awsprof would not write (a "]" in it)', () =>
    withTempDir(async (home) => {
      const env = cleanEnv(home);
      for (const [name, region] of [['a]b', 'eu-west-1'], ['keep', 'eu-west-2']]) {
        expect((await aws(['configure', 'set', 'region', region!, '--profile', name!], env)).code).toBe(0);
      }
      const result = await awsprof(['rm', 'a]b'], env);
      expect(result).toMatchObject({ code: 0, stderr: 'Removed profile a]b from config.\n' });
      expect(await readFile(files(home).config, 'utf8')).toBe('[profile keep]\nregion = eu-west-2\n');
      // Writing such a name stays refused: the AWS CLI's writer would not find the section again.
      expect((await awsprof(['set', 'region', 'x', '--profile', 'a]b'], env)).code).toBe(2);
    }));

  it('a profile that uses itself as source_profile does not stop its own removal (#7)', () =>
    withTempDir(async (home) => {
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, '[profile self]\nrole_arn = arn:aws:iam::111122223333:role/Dev\nsource_profile = self\n');
      await writeFile(files(home).credentials, '[self]\naws_access_key_id = AKIAEXAMPLE\n');
      const result = await awsprof(['rm', 'self'], cleanEnv(home));
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('Removed profile self from config and credentials.\n');
    }));
});

describe('files that are not regular files', () => {
  it('refuses to replace a device given as the config file (AWS_CONFIG_FILE=/dev/null)', () =>
    withTempDir(async (home) => {
      const result = await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home, { AWS_CONFIG_FILE: '/dev/null' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('awsprof: /dev/null: is a device, not a regular file; refusing to replace it\n');
      expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
    }));

  it('treats --profile with no value as a usage error, not as the default profile', () =>
    withTempDir(async (home) => {
      const result = await awsprof(['set', 'region', 'eu-west-3', '--profile'], cleanEnv(home));
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('awsprof: not enough arguments following: profile (see awsprof --help)\n');
      expect(await readdir(home)).toEqual([]);
    }));
});

describe('leftovers of killed writers', () => {
  it('removes temp files of writers that died before renaming or linking', () =>
    withTempDir(async (home) => {
      // A pid that is certainly dead: a child we started and waited for.
      const dead = spawn(process.execPath, ['-e', '0']);
      await new Promise((done) => dead.on('close', done));
      await mkdir(join(home, '.aws'));
      await writeFile(files(home).config, '[default]\n');
      await writeFile(join(home, '.aws', `.config.awsprof-${dead.pid}-abc.tmp`), 'half a file');
      await writeFile(join(home, '.aws', `.config.lock.awsprof-${dead.pid}-abc.tmp`), '{}');
      expect((await awsprof(['set', 'region', 'eu-west-3'], cleanEnv(home))).code).toBe(0);
      expect(await readdir(join(home, '.aws'))).toEqual(['config']);
    }));
});
