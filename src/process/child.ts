import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Signals a user or a supervisor sends to end or poke a program. The terminal sends SIGINT/SIGQUIT (and SIGWINCH,
 * SIGTSTP) to the whole foreground process group, so the child gets those from it directly; forwarding covers the
 * ones sent to awsprof alone (`kill PID`, a CI runner's timeout, systemd, `timeout(1)`). SIGUSR1 is Node's debugger.
 */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR2', 'SIGALRM'];

export interface ChildOutcome {
  /** The exit status a shell would report: the child's own, 128 + N when signal N ended it, 126/127 when it never ran. */
  status: number;
  /** Set when the command could not be started at all. */
  startError?: 'not-found' | 'not-executable';
}

/**
 * Runs a command on this terminal (stdin, stdout and stderr inherited) with the given environment, passing on the
 * signals awsprof receives, and resolves with its exit status once it ends. Nothing here is shell-interpreted: the
 * words are the command's argv as given.
 */
export async function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  // Loaded here, not at start-up: every other command runs without it (the bundle is one file; see scripts/build.mjs).
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    // Listening starts before the child does: a signal that arrives while spawn returns must not end awsprof with the
    // child left running. Signals that early are passed on as soon as there is a child to take them.
    let child: ChildProcess | undefined;
    const early: NodeJS.Signals[] = [];
    const forward = (signal: NodeJS.Signals) => {
      if (!child) {
        early.push(signal);
        return;
      }
      // The child may have just ended; there is nothing to do about a signal it can no longer get.
      try {
        child.kill(signal);
      } catch {
        // ignore
      }
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    let settled = false;
    const finish = (outcome: ChildOutcome) => {
      if (settled) return;
      settled = true;
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      resolve(outcome);
    };
    child = spawn(command, args, { env, stdio: 'inherit' });
    child.once('error', (error: NodeJS.ErrnoException) => {
      // As shells: 127 when there is no such command, 126 when it is there but cannot be run.
      if (error.code === 'ENOENT') finish({ status: 127, startError: 'not-found' });
      else finish({ status: 126, startError: 'not-executable' });
    });
    child.once('exit', (code, signal) => {
      if (signal) finish({ status: 128 + (constants.signals[signal] ?? 0) });
      else finish({ status: code ?? 1 });
    });
    for (const signal of early.splice(0)) forward(signal);
  });
}
