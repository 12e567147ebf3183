// The real AWS CLI for tests, without paying its start-up on every call. /usr/bin/aws imports botocore and awscli
// (~0.7 s of CPU) before reading a single file; test/support/aws-cli-runner.py imports them once per process and then
// runs each call the way /usr/bin/aws does (see that file). Results are the same as running /usr/bin/aws: a test in
// test/e2e/aws-cli-runner.test.ts compares the two on every kind of call the suite makes.
// AWSPROF_TEST_AWS_PROCESS=1 runs a real /usr/bin/aws process for every call instead.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const AWS_CLI = '/usr/bin/aws';
const RUNNER = resolve('test/support/aws-cli-runner.py');

export interface AwsCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Pending {
  request: string;
  done: (result: AwsCliResult) => void;
  fail: (error: Error) => void;
}

/** One Python process: runs one call at a time, in arrival order. */
class Runner {
  private child: ChildProcess | undefined;
  private buffered = '';
  private readonly queue: Pending[] = [];

  get load(): number {
    return this.queue.length;
  }

  call(request: string): Promise<AwsCliResult> {
    return new Promise((done, fail) => {
      this.queue.push({ request, done, fail });
      if (this.queue.length === 1) this.send();
    });
  }

  private start(): ChildProcess {
    const child = spawn('/usr/bin/python3', [RUNNER], { stdio: ['pipe', 'inherit', 'inherit', 'pipe'] });
    const answers = child.stdio[3] as Readable;
    answers.setEncoding('utf8').on('data', (chunk: string) => this.receive(chunk));
    child.on('exit', (code, signal) => {
      this.child = undefined;
      this.buffered = '';
      const lost = this.queue.splice(0);
      for (const pending of lost) pending.fail(new Error(`aws-cli-runner exited (${code ?? signal}) during a call`));
    });
    return child;
  }

  private send(): void {
    const next = this.queue[0];
    if (!next) {
      // Idle: the runner must not keep the test process alive.
      this.child?.unref();
      (this.child?.stdio[3] as (Readable & { unref?: () => void }) | undefined)?.unref?.();
      return;
    }
    this.child ??= this.start();
    this.child.ref();
    (this.child.stdio[3] as Readable & { ref?: () => void }).ref?.();
    (this.child.stdin as Writable).write(next.request);
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      const pending = this.queue.shift();
      pending?.done(JSON.parse(line) as AwsCliResult);
      this.send();
    }
  }
}

const RUNNERS = Math.max(1, Number(process.env.AWSPROF_TEST_AWS_RUNNERS) || 2);
const runners: Runner[] = [];

function runProcess(args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<AwsCliResult> {
  return new Promise((done, fail) => {
    const child = spawn(AWS_CLI, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `aws ...args` with exactly `env` (nothing inherited), as a process would see it. */
export function runAwsCli(args: readonly string[], env: NodeJS.ProcessEnv, options: { cwd?: string; process?: boolean } = {}): Promise<AwsCliResult> {
  if (options.process || process.env.AWSPROF_TEST_AWS_PROCESS === '1') return runProcess(args, env, options.cwd);
  const cleanEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) cleanEnv[key] = value;
  const request = `${JSON.stringify({ args, env: cleanEnv, cwd: options.cwd ?? process.cwd() })}\n`;
  while (runners.length < RUNNERS) runners.push(new Runner());
  const runner = runners.reduce((best, candidate) => (candidate.load < best.load ? candidate : best));
  return runner.call(request);
}
