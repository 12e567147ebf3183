// The fast path (use, list, get, set and __complete-profiles without yargs) must be invisible: for every argv below,
// running with and without AWSPROF_NO_FAST_PATH=1 gives the same exit code, stdout, stderr and files. A module hook
// records what each run imports, so the test also proves the plain spellings really skip yargs (otherwise the
// comparison would pass trivially) and that AWSPROF_NO_FAST_PATH=1 really goes through it.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanEnv, run } from '../support/cli.js';

const FIXTURE = resolve('fixtures/real-world');

/** Appends every module URL the process resolves to IMPORT_LOG_FILE (the hooks run in the loader thread). */
const HOOK = `import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';
let logFile;
export function initialize(data) { logFile = data.logFile; }
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (logFile) appendFileSync(logFile, result.url + '\\n');
  return result;
}
if (isMainThread && process.env.IMPORT_LOG_FILE) register(import.meta.url, { data: { logFile: process.env.IMPORT_LOG_FILE } });
`;

interface Case {
  argv: string[];
  /** Whether the fast path is expected to handle it (plain spellings) or hand it to yargs. */
  fast: boolean;
  env?: Record<string, string>;
}

const fast = (argv: string[], env?: Record<string, string>): Case => ({ argv, fast: true, env });
const yargs = (argv: string[], env?: Record<string, string>): Case => ({ argv, fast: false, env });

// {HOME} is replaced by the test HOME; alt-config / alt-credentials are copies of the fixture with one change each.
const CASES: Case[] = [
  // use
  fast(['use', 'dev', '--shell', 'bash']),
  fast(['use', 'dev', '--shell=fish']),
  fast(['use', '--shell', 'json', 'dev']),
  fast(['use', 'dev', '--no-color', '--shell', 'bash']),
  fast(['use', 'dev', '--color', '--shell', 'powershell']),
  fast(['use', 'dev', '--debug', '--shell', 'bash']),
  fast(['use', 'dev', '--config-file', '{HOME}/alt-config', '--shell', 'bash']),
  fast(['use', 'dev', '--config-file={HOME}/alt-config', '--shell', 'posix']),
  fast(['use', 'default', '--env', '--credentials-file', '{HOME}/alt-credentials', '--shell', 'bash']),
  fast(['use', 'dev'], { AWSPROF_SHELL: 'fish' }),
  fast(['use', 'nope', '--shell', 'bash']),
  fast(['use', 'dve']),
  fast(['use', 'dev', '--shell', 'bogus']),
  fast(['use', 'dev'], { AWSPROF_SHELL: 'bogus' }),
  fast(['use', '--unset', '--shell', 'fish']),
  fast(['use', 'dev', '--unset']),
  fast(['use']),
  fast(['use', 'assumed-role', '--shell', 'bash']),
  fast(['use', 'default', '--env', '--shell', 'bash']),
  // Global options before the command, as the shell-init wrapper passes them on (#7).
  fast(['--config-file', '{HOME}/alt-config', 'use', 'dev', '--shell', 'bash']),
  fast(['--no-color', '--debug', '--config-file={HOME}/alt-config', 'use', 'dev', '--shell', 'fish']),
  fast(['--credentials-file', '{HOME}/alt-credentials', 'list']),
  fast(['--config-file', '{HOME}/alt-config', 'get', 'region', '--profile', 'dev']),
  yargs(['--bogus', 'use', 'dev', '--shell', 'bash']),
  yargs(['--color=yes', 'use', 'dev', '--shell', 'bash']),
  yargs(['--config-file']),
  fast(['use', 'assumed-role', '--env']),
  yargs(['use', 'dev', '--profile=prod', '--shell', 'bash']),
  yargs(['use', '--profile', 'dev', '--shell', 'bash']),
  yargs(['use', 'dev', 'extra']),
  yargs(['use', 'dev', '--shell']),
  yargs(['use', 'dev', '--bogus']),
  yargs(['use', 'dev', '--env=true', '--shell', 'bash']),
  yargs(['use', '--help']),
  yargs(['use', 'dev', '--', '--shell', 'bash']),
  // list
  fast(['list']),
  fast(['list', '--json']),
  fast(['list', '--json', '--no-color']),
  fast(['list', 'd*']),
  fast(['list', '--expired']),
  fast(['list', '--expired', '--json']),
  fast(['list', '--config-file', '{HOME}/alt-config']),
  fast(['list', '--credentials-file={HOME}/alt-credentials', '--json']),
  fast(['list', '--color']),
  fast(['list', 'nothing-matches-*']),
  fast(['list'], { AWS_PROFILE: 'dev' }),
  fast(['list', '--json'], { AWS_DEFAULT_PROFILE: 'prod' }),
  yargs(['list', '--profile=dev']),
  yargs(['list', '--json=false']),
  yargs(['list', 'a', 'b']),
  // get
  fast(['get', 'region', '--profile=dev']),
  fast(['get', 'region', '--profile', 'dev']),
  fast(['get', 'region']),
  fast(['get', 'region'], { AWS_PROFILE: 'prod' }),
  fast(['get', 'no_such_key']),
  fast(['get', 'region', '--profile', 'nope']),
  fast(['get', 'profile.dev.s3.addressing_style']),
  fast(['get', 'region', '--profile', 'dev', '--config-file', '{HOME}/alt-config']),
  fast(['get', 'aws_access_key_id', '--credentials-file', '{HOME}/alt-credentials']),
  fast(['get', 'region', '--profile=dev', '--no-color']),
  fast(['get', 'region', '--profile=']),
  yargs(['get']),
  yargs(['get', 'region', '--profile']),
  yargs(['get', 'region', '--json']),
  // set (the files are compared too)
  fast(['set', 'region', 'eu-central-1', '--profile=dev']),
  fast(['set', 'region', 'eu-central-1', '--profile', 'brand-new']),
  fast(['set', 'output', 'text']),
  fast(['set', 'aws_access_key_id', 'AKIANEWEXAMPLE000001', '--profile', 'tooling']),
  fast(['set', 'region', 'ca-central-1', '--profile', 'dev', '--config-file', '{HOME}/alt-config']),
  fast(['set', 'profile.dev.s3.addressing_style', 'virtual']),
  fast(['set', 'region', 'x', '--no-color'], { AWS_PROFILE: 'prod' }),
  fast(['set', 'bad[key', 'v']),
  fast(['set', 'region', 'a\u2028b']),
  yargs(['set', 'region']),
  yargs(['set', 'region', '--profile', 'dev']),
  yargs(['set', 'region', 'x', 'y']),
  // __complete-profiles
  fast(['__complete-profiles']),
  fast(['__complete-profiles', '--config-file', '{HOME}/alt-config']),
  fast(['__complete-profiles', '--credentials-file={HOME}/alt-credentials']),
  fast(['__complete-profiles', '--no-color']),
  yargs(['__complete-profiles', 'extra']),
];

let home: string;
let hookFile: string;

/** Puts fresh copies of the fixture (and the alternative files) in HOME, so each run starts from the same bytes. */
function resetHome(): void {
  rmSync(join(home, '.aws'), { recursive: true, force: true });
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  copyFileSync(join(FIXTURE, 'config'), join(home, '.aws', 'config'));
  copyFileSync(join(FIXTURE, 'credentials'), join(home, '.aws', 'credentials'));
  writeFileSync(join(home, 'alt-config'), readFileSync(join(FIXTURE, 'config'), 'utf8').replace('region = eu-west-1', 'region = me-south-1'));
  writeFileSync(join(home, 'alt-credentials'), '[default]\naws_access_key_id = AKIAALTEXAMPLE000001\naws_secret_access_key = altSecret\n\n[alt-only]\nregion = x\n');
}

/** Every file under HOME (but the import log), as bytes. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(home, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'imports.log') continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(home.length + 1)] = readFileSync(path).toString('base64');
  }
  return files;
}

/** Runs one case; with `recordImports`, through the import hook (it costs each run ~0.1 s of CPU, so only when needed). */
async function runOnce(testCase: Case, extra: Record<string, string>, recordImports = true) {
  resetHome();
  const log = join(home, 'imports.log');
  writeFileSync(log, '');
  const argv = testCase.argv.map((arg) => arg.replaceAll('{HOME}', home));
  const hook = recordImports ? { NODE_OPTIONS: `--import=${hookFile}`, IMPORT_LOG_FILE: log } : {};
  const env = cleanEnv(home, { ...testCase.env, ...extra, ...hook });
  const result = await run(process.execPath, [CLI, ...argv], env);
  const imports = readFileSync(log, 'utf8').split('\n');
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, files: snapshot(), loadedYargs: recordImports ? imports.some((url) => /yargs/.test(url)) : undefined };
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'awsprof-fast-path-'));
  hookFile = join(mkdtempSync(join(tmpdir(), 'awsprof-fast-path-hook-')), 'record-imports.mjs');
  writeFileSync(hookFile, HOOK);
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('fast path ≡ yargs path', () => {
  it.each(CASES.map((testCase) => [testCase.argv.join(' ') + (testCase.env ? `  (${Object.entries(testCase.env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''), testCase] as const))(
    'awsprof %s',
    async (_label, testCase) => {
      const quick = await runOnce(testCase, {});
      // The comparison means something only if the two runs took different routes: AWSPROF_NO_FAST_PATH=1 always
      // goes through yargs (checked with the import log in a test of its own below), this case's route is recorded.
      const full = await runOnce(testCase, { AWSPROF_NO_FAST_PATH: '1' }, false);
      expect(quick.loadedYargs, testCase.fast ? 'plain argv must skip yargs' : 'this argv needs yargs').toBe(!testCase.fast);
      expect({ code: quick.code, stdout: quick.stdout, stderr: quick.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
      expect(quick.files).toEqual(full.files);
    },
  );

  // yargs turns a lone "-" into an empty string; the fast parser keeps "-". Either is defensible, but not both.
  it.each([['list', '-'], ['use', '-', '--shell', 'bash'], ['get', '-']])('a lone "-": awsprof %s %s gives the same answer on both paths', async (...argv) => {
    const quick = await runOnce(fast(argv), {});
    const full = await runOnce(fast(argv), { AWSPROF_NO_FAST_PATH: '1' });
    expect({ code: quick.code, stdout: quick.stdout, stderr: quick.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
  });

  it('the table covers every fast command, both paths and some writes', () => {
    for (const command of ['use', 'list', 'get', 'set', '__complete-profiles']) {
      expect(CASES.some((testCase) => testCase.argv[0] === command && testCase.fast)).toBe(true);
    }
    expect(CASES.filter((testCase) => !testCase.fast).length).toBeGreaterThan(10);
  });

  it.each(CASES.filter((testCase) => testCase.fast).slice(0, 3).concat(CASES.filter((testCase) => testCase.fast && testCase.argv[0] === 'set').slice(0, 1)))(
    'AWSPROF_NO_FAST_PATH=1 goes through yargs: awsprof $argv',
    async (testCase) => {
      expect((await runOnce(testCase, { AWSPROF_NO_FAST_PATH: '1' })).loadedYargs).toBe(true);
    },
  );

  it('set really wrote in both runs (the file comparison is not vacuous)', async () => {
    const result = await runOnce(fast(['set', 'region', 'eu-central-1', '--profile=dev']), {});
    expect(result.code).toBe(0);
    expect(Buffer.from(result.files['.aws/config']!, 'base64').toString()).toContain('region = eu-central-1');
  });
});
