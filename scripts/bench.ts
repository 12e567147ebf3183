/**
 * `npm run bench`: every target measured side by side against its baseline in the same run, runs interleaved so a
 * noisy machine slows both alike. Reports median wall time per command and the ratio, and checks the outputs agree.
 *   npm run bench              all groups
 *   npm run bench -- set get   only those groups
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchGroups } from './bench/groups.js';

export interface Command {
  label: string;
  /** argv[0] and arguments; run without a shell unless `shell` is set. */
  argv: string[];
  shell?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Runs before each timed run (not timed), e.g. to restore a file the command edits. */
  reset?: () => void;
}

export interface Comparison {
  name: string;
  subject: Command;
  baseline: Command;
  /** e.g. { kind: 'faster', factor: 10 } means subject must be at least 10x faster; 'at-most' bounds subject/baseline. */
  target: { kind: 'faster'; factor: number } | { kind: 'at-most'; ratio: number };
  runs: number;
  /** Optional correctness check after a run of each, e.g. byte-identical files. */
  verify?: () => string | undefined;
}

function timeOnce(command: Command): number {
  command.reset?.();
  const start = process.hrtime.bigint();
  const result = command.shell
    ? spawnSync('/bin/sh', ['-c', command.argv.join(' ')], { env: command.env, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(command.argv[0]!, command.argv.slice(1), { env: command.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command.label} failed (${result.status}): ${result.stderr?.toString().trim()}`);
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function runComparison(comparison: Comparison): boolean {
  // Warm the page cache for both, then interleave.
  timeOnce(comparison.subject);
  timeOnce(comparison.baseline);
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < comparison.runs; run++) {
    subject.push(timeOnce(comparison.subject));
    baseline.push(timeOnce(comparison.baseline));
  }
  const s = median(subject);
  const b = median(baseline);
  const verdictProblem = comparison.verify?.();
  let met: boolean;
  let claim: string;
  if (comparison.target.kind === 'faster') {
    met = b / s >= comparison.target.factor;
    claim = `${(b / s).toFixed(1)}x faster (target ≥ ${comparison.target.factor}x)`;
  } else {
    met = s / b <= comparison.target.ratio;
    claim = `${(s / b).toFixed(2)}x the baseline (target ≤ ${comparison.target.ratio}x)`;
  }
  const ok = met && !verdictProblem;
  console.log(`\n## ${comparison.name}  ${ok ? 'PASS' : 'FAIL'}`);
  console.log(`  ${comparison.subject.label.padEnd(60)} median ${s.toFixed(1).padStart(8)} ms  (${comparison.runs} runs)`);
  console.log(`  ${comparison.baseline.label.padEnd(60)} median ${b.toFixed(1).padStart(8)} ms  (${comparison.runs} runs)`);
  console.log(`  => ${claim}`);
  if (verdictProblem) console.log(`  !! ${verdictProblem}`);
  return ok;
}

export interface BenchContext {
  root: string;
  cli: string;
  work: string;
  makeDir: (name: string) => string;
  copy: (from: string, to: string) => void;
  read: (path: string) => string;
  write: (path: string, text: string) => void;
}

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'awsprof-bench-'));
const context: BenchContext = {
  root,
  cli: join(root, 'dist', 'cli.js'),
  work,
  makeDir: (name) => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  },
  copy: (from, to) => copyFileSync(from, to),
  read: (path) => readFileSync(path, 'utf8'),
  write: (path, text) => writeFileSync(path, text),
};

const wanted = process.argv.slice(2);
let allOk = true;
try {
  console.log(`awsprof bench — node ${process.version}, ${new Date().toISOString()}`);
  for (const group of benchGroups) {
    if (wanted.length && !wanted.includes(group.name)) continue;
    const comparisons = await group.setup(context);
    for (const comparison of comparisons) allOk = runComparison(comparison) && allOk;
    await group.teardown?.();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(allOk ? '\nAll targets met.' : '\nSome targets were missed.');
process.exitCode = allOk ? 0 : 1;
