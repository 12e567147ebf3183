/**
 * Edits keep their meaning (#7), end to end: awsprof writes, the real AWS CLI reads.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aws, awsprof, cleanEnv, withTempDir } from '../support/cli.js';

async function writeConfig(home: string, text: string): Promise<string> {
  await mkdir(join(home, '.aws'), { recursive: true });
  const path = join(home, '.aws', 'config');
  await writeFile(path, text, { mode: 0o600 });
  return path;
}

describe('edits keep what the AWS CLI reads (#7)', () => {
  it('set in an indented profile keeps source_profile and region readable by the AWS CLI', () =>
    withTempDir(async (home) => {
      const config = await writeConfig(
        home,
        '[default]\nregion = us-east-1\n[profile dev]\n    role_arn = arn:aws:iam::111122223333:role/A\n    source_profile = default\n    region = eu-west-1\n',
      );
      const env = cleanEnv(home);
      const result = await awsprof(['set', 'role_arn', 'arn:aws:iam::111122223333:role/B', '--profile', 'dev'], env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(await readFile(config, 'utf8')).toContain('    role_arn = arn:aws:iam::111122223333:role/B\n    source_profile = default\n');
      for (const [key, value] of [
        ['role_arn', 'arn:aws:iam::111122223333:role/B'],
        ['source_profile', 'default'],
        ['region', 'eu-west-1'],
      ]) {
        expect((await aws(['configure', 'get', key!, '--profile', 'dev'], env)).stdout).toBe(`${value}\n`);
      }
    }));

  it('replacing a multi-line credential_process drops its old arguments', () =>
    withTempDir(async (home) => {
      await writeConfig(home, '[profile p]\ncredential_process = /usr/bin/helper\n  --profile-name old\n  --verbose\nregion = eu-west-1\n');
      const env = cleanEnv(home);
      expect((await awsprof(['set', 'credential_process', '/usr/bin/new-helper', '--profile', 'p'], env)).code).toBe(0);
      expect((await aws(['configure', 'get', 'credential_process', '--profile', 'p'], env)).stdout).toBe('/usr/bin/new-helper\n');
      expect((await aws(['configure', 'get', 'region', '--profile', 'p'], env)).stdout).toBe('eu-west-1\n');
    }));

  it('rm refuses, naming file and line, when removing a profile would change how the next one reads', () =>
    withTempDir(async (home) => {
      const text = '[profile a]\nregion = us-east-1\n[profile b]\n    region = eu-west-1\n    [profile c]\n    region = eu-central-1\n';
      const config = await writeConfig(home, text);
      const env = cleanEnv(home);
      // The AWS CLI reads the indented header as profile c, which removing b would turn into a continuation of a's region.
      expect((await aws(['configure', 'get', 'region', '--profile', 'c'], env)).stdout).toBe('eu-central-1\n');
      const result = await awsprof(['rm', 'b'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^awsprof: ~\/\.aws\/config:3: cannot remove this without changing what the AWS CLI reads: .*\n$/);
      expect(await readFile(config, 'utf8')).toBe(text);
    }));
});
