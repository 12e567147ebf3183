import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteFish } from '../../src/shell/fish.js';
import { quotePosix } from '../../src/shell/posix.js';

/** The real shells the integration tests drive; CI installs zsh and fish (see .ci/run); dash is Debian's /bin/sh. */
export const REAL_SHELLS = ['bash', 'zsh', 'dash', 'fish'] as const;
export type RealShell = (typeof REAL_SHELLS)[number];

/** Start-up flags that keep the tester's own rc files (and their aliases, options, prompts) out of the way. */
const SHELL_ARGS: Record<RealShell, string[]> = {
  bash: ['--norc', '--noprofile'],
  zsh: ['-f'],
  // Non-interactive dash reads no start-up file at all.
  dash: [],
  fish: ['--no-config'],
};

export interface ShellResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A scratch directory; fish writes its universal variables under HOME, so HOME points here too. */
export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `awsprof-${prefix}-`));
  // Retries: a shell killed at the end of a test may still be writing into the directory for a moment.
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }) };
}

/**
 * Runs `script` in a real shell. The script is written to a file and the shell reads it from there, so no
 * test value ever passes through argv. The environment is built from scratch (plus `env`) so nothing from the
 * tester's session, such as AWSPROF_SHELL or AWS_PROFILE, leaks in.
 */
export function runShell(shell: RealShell, script: string, dir: string, env: Record<string, string> = {}): ShellResult {
  const file = join(dir, `script.${shell}`);
  writeFileSync(file, script);
  const result = spawnSync(shell, [...SHELL_ARGS[shell], file], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, '.config'),
      XDG_DATA_HOME: join(dir, '.local', 'share'),
      XDG_CACHE_HOME: join(dir, '.cache'),
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TERM: 'dumb',
      ...env,
    },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Quotes a word for the given shell's script syntax (test plumbing only: paths and names). */
export function quoteFor(shell: RealShell, word: string): string {
  return shell === 'fish' ? quoteFish(word) : quotePosix(word);
}

/**
 * A script line that records the *exported* environment as the child processes of this shell see it, by
 * running node and writing JSON to a file. Missing variables come back as null.
 */
export function dumpEnvLine(shell: RealShell, dir: string, names: readonly string[]): string {
  const dumper = join(dir, 'dump-env.cjs');
  writeFileSync(
    dumper,
    `const [out, ...names] = process.argv.slice(2);
const env = {};
for (const name of names) env[name] = name in process.env ? process.env[name] : null;
require('node:fs').writeFileSync(out, JSON.stringify(env));
`,
  );
  const words = [process.execPath, dumper, join(dir, 'env.json'), ...names];
  return words.map((word) => quoteFor(shell, word)).join(' ');
}

/** Reads what the dumpEnvLine command wrote. */
export function readDumpedEnv(dir: string): Record<string, string | null> {
  return JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as Record<string, string | null>;
}

/**
 * Types each line into an interactive zsh with compinit on a pseudo-terminal (zsh/zpty), presses TAB, and returns
 * the completed command lines: after each TAB the line is turned into `print -r -- RESULT: <line>`. `setup` is the
 * shell code that loads the completion script. TAB completes before zle reads on, so no sleeps are needed.
 */
export function completeInInteractiveZsh(setup: string, lines: readonly string[], dir: string, env: Record<string, string>): string[] {
  const driver = [
    'zmodload zsh/zpty',
    "zpty -b z 'zsh -f -i'",
    `zpty -w z ${quoteFor('zsh', `PS1='> '; autoload -U compinit && compinit -u -D; ${setup}`)}`,
    `for line in ${lines.map((line) => quoteFor('zsh', line)).join(' ')}; do`,
    String.raw`  zpty -w -n z "$line"$'\t\C-aprint -r -- RESULT: \n'`,
    `  zpty -w z 'print $((6*7))XYZ'`,
    "  zpty -r z out '*42XYZ*'",
    '  print -r -- "$out"',
    'done',
    'zpty -d z',
    '',
  ].join('\n');
  const result = runShell('zsh', driver, dir, env);
  return result.stdout
    .replaceAll(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n|\r/)
    .filter((line) => line.startsWith('RESULT: '))
    .map((line) => line.slice('RESULT: '.length).trimEnd());
}
