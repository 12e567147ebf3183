// The package people install (#10): `npm pack`, then `npm install -g` of the tarball into an empty prefix, as on a
// fresh machine, and the installed `awsprof` run from there: --version, list, and one assume against the emulator.
// Runtime dependencies come from the npm registry through this machine's npm cache (--prefer-offline).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, withTempDir } from '../support/cli.js';
import { seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

/** npm as a user runs it: none of the npm_* settings `npm test` passes down to its children. */
function npm(args: string[], cwd: string): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/** Every path under dir, relative, directories marked with a trailing slash. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [`${prefix}${name}/`, ...walk(path, `${prefix}${name}/`)] : [`${prefix}${name}`];
  });
}

describe('npm pack and npm install -g (#10)', () => {
  it('installs into an empty prefix a working awsprof with only its runtime dependencies', () =>
    withTempDir(async (dir) => {
      // dist/ was built by `npm test`'s pretest; --ignore-scripts keeps prepack from rebuilding it under running tests.
      const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], process.cwd())) as { filename: string; files: { path: string }[] }[];
      const files = packed!.files.map((file) => file.path).sort();
      expect(files).toContain('dist/cli.js');
      expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'docs/assume.md']));
      // Only the bundles and the docs: no sources, tests, scripts or source maps.
      expect(files.filter((path) => !/^(dist\/.*\.m?js|dist\/package\.json|docs\/.*\.md|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(path))).toEqual([]);

      const prefix = join(dir, 'prefix');
      npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed!.filename)], dir);
      const installed = join(prefix, 'lib', 'node_modules', 'awsprof');
      const tree = walk(join(installed, 'node_modules'));
      // Runtime dependencies only: none of the build and test tools, nor what the bundle already holds.
      for (const name of Object.keys(pkg.devDependencies)) expect(tree, name).not.toContain(`${name}/`);
      for (const name of Object.keys(pkg.dependencies)) expect(tree, name).toContain(`${name}/`);
      expect(Object.keys(pkg.scripts).filter((name) => /^(pre|post)?install$/.test(name))).toEqual([]);

      const bin = join(prefix, 'bin', 'awsprof');
      expect(existsSync(bin)).toBe(true);
      const h = await seedHome(join(dir, 'home'), sts.url);
      const env = { ...h.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}` };
      expect(await run(bin, ['--version'], env)).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
      const list = await run(bin, ['list'], env);
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(list.stdout).toMatch(/^ {3}dev +role +default → Developer +- +-$/m);
      // assume loads the AWS SDK from the installed node_modules, which nothing else in the suite does.
      const assumed = await run(bin, ['assume', 'dev', '--as', 'from-package'], env);
      expect(assumed.stderr).toMatch(/^Assumed arn:aws:sts::111122223333:assumed-role\/Developer\/alice-dev into profile from-package; /);
      expect(assumed.code).toBe(0);
      expect(readFileSync(h.credentials, 'utf8')).toMatch(/\[from-package\]\naws_access_key_id = ASIA/);
    }), 300_000);
});
