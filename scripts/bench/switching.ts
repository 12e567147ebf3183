// The two commands people run all day: `awsprof use` (in every prompt or new terminal, so it must cost about what
// starting Node costs) and `awsprof list` (on organisation-sized files, where the AWS CLI's own listing is the
// thing to beat). Each verify() runs both commands once more and checks they did the job, not just ran.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import type { BenchContext } from '../bench.js';
import { benchEnv, generateConfig, generateCredentials, generateOrganisationFiles, join } from './env.js';
import type { BenchGroup } from './groups.js';

const AWS = '/usr/bin/aws';

function capture(argv: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `awsprof use acct-7 --shell bash` on small, realistic files, against `node -e 0`: start-up is the whole cost. */
export const use: BenchGroup = {
  name: 'use',
  setup: (context: BenchContext) => {
    const home = context.makeDir('use');
    context.write(join(home, 'config'), generateConfig(50));
    context.write(join(home, 'credentials'), generateCredentials(50));
    const env = benchEnv(home);
    const argv = [process.execPath, context.cli, 'use', 'acct-7', '--shell', 'bash'];
    return [
      {
        name: "awsprof use vs Node's own start-up",
        subject: { label: 'awsprof use acct-7 --shell bash', argv, env },
        baseline: { label: 'node -e 0', argv: [process.execPath, '-e', '0'], env },
        target: { kind: 'at-most', ratio: 1.3 },
        runs: 40,
        verify: () => {
          const result = capture(argv, env);
          if (result.status !== 0) return `awsprof use failed (${result.status}): ${result.stderr.trim()}`;
          if (result.stderr !== '') return `awsprof use wrote to stderr: ${result.stderr.trim()}`;
          for (const line of ["export AWS_PROFILE='acct-7'", "export AWS_REGION='eu-west-1'", 'unset AWS_ACCESS_KEY_ID']) {
            if (!result.stdout.split('\n').includes(line)) return `awsprof use printed no ${JSON.stringify(line)}`;
          }
          return undefined;
        },
      },
    ];
  },
};

/** `awsprof list` on 11,001 profiles (10,000 roles, 1,000 temporary, default) against `aws configure list-profiles`. */
export const list: BenchGroup = {
  name: 'list',
  setup: async (context: BenchContext) => {
    const home = context.makeDir('list');
    context.write(join(home, 'config'), generateConfig(10_000));
    context.write(join(home, 'credentials'), generateCredentials(10_000));
    // Settled files, as in use: list keeps their listing (src/files/listing-cache.ts); list-org also measures it cold.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const env = benchEnv(home);
    const ours = [process.execPath, context.cli, 'list'];
    const theirs = [AWS, 'configure', 'list-profiles'];
    return [
      {
        name: 'awsprof list vs aws configure list-profiles, 10,000 profiles',
        subject: { label: 'awsprof list (10,000 + 1,000 profiles), listing cached', argv: ours, env },
        baseline: { label: '/usr/bin/aws configure list-profiles', argv: theirs, env },
        target: { kind: 'faster', factor: 5 },
        runs: 10,
        verify: () => compareListings(ours, theirs, env),
      },
    ];
  },
};

/** The same names in the same order from both, and every row well-formed; returns what differs. */
function compareListings(ours: string[], theirs: string[], env: NodeJS.ProcessEnv, checkRow?: (row: string) => string | undefined): string | undefined {
  const table = capture(ours, env);
  const names = capture(theirs, env);
  if (table.status !== 0 || names.status !== 0) return `a listing failed: awsprof ${table.status}, aws ${names.status}`;
  if (table.stderr !== '') return `awsprof list wrote to stderr: ${table.stderr.trim().split('\n')[0]}`;
  // awsprof: one header line, then one row per profile; aws: one name per line.
  const rows = table.stdout.trimEnd().split('\n').slice(1);
  const expected = names.stdout.trimEnd().split('\n');
  if (rows.length !== expected.length) return `awsprof listed ${rows.length} profiles, aws ${expected.length}`;
  const rowNames = rows.map((row) => row.slice(3).split(/\s+/)[0]);
  const differ = rowNames.findIndex((name, index) => name !== expected[index]);
  if (differ !== -1) return `row ${differ + 1}: awsprof ${rowNames[differ]}, aws ${expected[differ]}`;
  for (const row of rows) {
    const problem = checkRow?.(row);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * `awsprof list` on an organisation's real-shaped files (#7): 10,000 role profiles with comments and mfa_serial, and
 * 2,000 temporary profiles with ~600-character session tokens, ~3 MB in all. Session tokens are most of the bytes and
 * none of the output, so this is the shape that shows whether the reader scans or copies.
 */
export const listOrganisation: BenchGroup = {
  name: 'list-org',
  setup: async (context: BenchContext) => {
    const home = context.makeDir('list-org');
    const files = generateOrganisationFiles(10_000, 2_000);
    context.write(join(home, 'config'), files.config);
    context.write(join(home, 'credentials'), files.credentials);
    // list keeps a listing only for files unchanged for a second (src/files/listing-cache.ts), as files are in use.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const megabytes = ((files.config.length + files.credentials.length) / 1e6).toFixed(1);
    const env = benchEnv(home);
    const ours = [process.execPath, context.cli, 'list'];
    const theirs = [AWS, 'configure', 'list-profiles'];
    const cache = join(home, '.aws', 'awsprof', 'list-cache.json');
    const table = join(home, '.aws', 'awsprof', 'list-table.txt');
    const verify = () =>
      compareListings(ours, theirs, env, (row) => {
        const [name, kind, ...source] = row.slice(3).split(/\s+/);
        const want = name?.startsWith('acct-') ? 'role' : name?.startsWith('session-') ? 'temporary' : 'static';
        if (kind !== want) return `${name} listed as ${kind}, not ${want}`;
        if (want === 'temporary' && source.slice(0, 3).join(' ') !== `assumed from acct-${name!.slice(8)}`) return `${name}: source ${source.join(' ')}`;
        if (want === 'role' && source.slice(0, 3).join(' ') !== 'default → Admin') return `${name}: source ${source.join(' ')}`;
        return undefined;
      });
    return [
      {
        name: `awsprof list vs aws configure list-profiles, 10,000 roles + 2,000 sessions (${megabytes} MB), files unchanged since the last list`,
        subject: { label: 'awsprof list (10,000 roles + 2,000 sessions + default), listing cached', argv: ours, env },
        baseline: { label: '/usr/bin/aws configure list-profiles', argv: theirs, env },
        target: { kind: 'faster', factor: 8 },
        runs: 10,
        verify: () => verify() ?? (existsSync(table) ? undefined : 'list kept no laid-out table for settled files'),
      },
      {
        name: `the same, cold: the listing cache and table removed before every run (the first list after a change)`,
        subject: { label: 'awsprof list (10,000 roles + 2,000 sessions + default), no cache', argv: ours, env, reset: () => [cache, table].forEach((file) => rmSync(file, { force: true })) },
        baseline: { label: '/usr/bin/aws configure list-profiles', argv: theirs, env },
        target: { kind: 'faster', factor: 4 },
        runs: 10,
        verify,
      },
    ];
  },
};


/**
 * `use` against the build before #8-#10 (exec, console, SSO, MFA and the picker came after it): those commands must
 * not slow the one that runs in every prompt. The old sources come from git (AWSPROF_BENCH_BEFORE picks another
 * revision) and are built with this checkout's node_modules.
 */
export const useAgainstEarlierBuild: BenchGroup = {
  name: 'use-before',
  setup: (context: BenchContext) => {
    const revision = process.env.AWSPROF_BENCH_BEFORE ?? '5146fb2';
    const tree = context.makeDir('before');
    const archive = spawnSync('/bin/sh', ['-c', `git -C '${context.root}' archive '${revision}' | tar -x -C '${tree}'`], { encoding: 'utf8' });
    if (archive.status !== 0) {
      console.log(`\n## use against ${revision}: skipped (${archive.stderr.trim().split('\n')[0] || 'git archive failed'})`);
      return [];
    }
    symlinkSync(join(context.root, 'node_modules'), join(tree, 'node_modules'));
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: tree, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building ${revision} failed: ${built.stderr.trim()}`);
    const home = context.makeDir('use-before');
    context.write(join(home, 'config'), generateConfig(50));
    context.write(join(home, 'credentials'), generateCredentials(50));
    const env = benchEnv(home);
    const args = ['use', 'acct-7', '--shell', 'bash'];
    const now = [process.execPath, context.cli, ...args];
    const before = [process.execPath, join(tree, 'dist', 'cli.js'), ...args];
    return [
      {
        name: `awsprof use now vs the build of ${revision} (before exec, console, SSO, MFA and the picker)`,
        subject: { label: 'awsprof use acct-7 --shell bash (now)', argv: now, env },
        baseline: { label: `awsprof use acct-7 --shell bash (${revision})`, argv: before, env },
        target: { kind: 'at-most', ratio: 1.05 },
        runs: 40,
        verify: () => (capture(now, env).stdout === capture(before, env).stdout ? undefined : 'the two builds print different lines'),
      },
    ];
  },
};

export const switchingGroups: BenchGroup[] = [use, list, listOrganisation, useAgainstEarlierBuild];
