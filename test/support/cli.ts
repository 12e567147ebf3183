import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AWS_CLI, runAwsCli } from './aws-cli.js';

export { AWS_CLI };

export const CLI = resolve('dist/cli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a fresh machine: a temp HOME, no AWS_* variables, no colour. */
export function cleanEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_') && !key.startsWith('AWSPROF_')) env[key] = value;
  env.HOME = home;
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs a program to its end; `as` runs it as another uid/gid (no supplementary groups: libuv drops them). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string, as?: { uid: number; gid: number }): Promise<CliResult> {
  return new Promise((done, fail) => {
    // detached: a session of its own, so no controlling terminal: prompts (which open /dev/tty) fail as on CI, never hang.
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, ...as });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export function awsprof(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return run(process.execPath, [CLI, ...args], env, input);
}

/**
 * The real AWS CLI with exactly `env`. Calls share a pre-started Python process (test/support/aws-cli.ts) unless
 * `process` is set: tests about processes (concurrency, signals, stdin) need a real /usr/bin/aws each.
 */
export async function aws(args: string[], env: NodeJS.ProcessEnv, options: { process?: boolean } = {}): Promise<CliResult> {
  if (options.process) return run(AWS_CLI, args, env);
  return { signal: null, ...(await runAwsCli(args, env)) };
}

export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'awsprof-test-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Puts an `awsprof` launcher in `dir/bin` (standing in for the shim npm installs on PATH) and returns a PATH that
 * finds it first.
 */
export function installLauncher(dir: string): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin', 'awsprof'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(join(dir, 'bin', 'awsprof'), 0o755);
  return `${join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
}
