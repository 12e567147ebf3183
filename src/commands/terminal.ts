import { readFileSync } from 'node:fs';
import { AwsprofError, CancelledError, UsageError } from '../errors.js';
import { shown } from '../output.js';
import { detectShell, parseShellName } from '../shell/detect.js';
import type { ShellKind } from '../shell/types.js';

/** --shell wins, then AWSPROF_SHELL (set by the shell-init wrapper), then the parent process, then $SHELL. */
export function resolveShellKind(flag: string | undefined, env: NodeJS.ProcessEnv): ShellKind {
  if (flag !== undefined) {
    const kind = parseShellName(flag);
    if (!kind) throw new UsageError(`--shell: unknown shell ${JSON.stringify(flag)}`, { hint: 'use bash, zsh, fish, powershell or json' });
    return kind;
  }
  return detectShell(env, parentProcessName());
}

function parentProcessName(): string | undefined {
  try {
    return readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Asks for an MFA code on the terminal. stdout may be captured by `eval "$(...)"`, so the prompt goes to stderr;
 * without a terminal there is nobody to ask, and hanging would be worse than a clear error.
 */
export async function promptForMfaCode(serial: string, profile: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new AwsprofError(`profile ${profile} needs an MFA code for ${serial}, and there is no terminal to ask on`, {
      hint: 'pass --token-code 123456',
    });
  }
  const { createInterface } = await import('node:readline/promises');
  const reader = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // The terminal is in raw mode while readline reads, so Ctrl+C arrives as a key, not as SIGINT: without a listener
  // readline would only pause and the prompt would hang. Ctrl+D (end of input) ends the prompt the same way.
  const cancel = new AbortController();
  reader.once('SIGINT', () => cancel.abort());
  reader.once('close', () => cancel.abort());
  try {
    const answer = (await reader.question(shown`MFA code for ${serial}: `, { signal: cancel.signal })).trim();
    assertTokenCode(answer);
    return answer;
  } catch (error) {
    // readline ends the prompt's line itself as it closes, so the message gets a line of its own.
    if (cancel.signal.aborted) throw new CancelledError();
    throw error;
  } finally {
    reader.close();
  }
}

/**
 * An MFA code provider for the SDK's source chain: the --token-code given on the command line answers the first
 * request (a code works once), later ones are asked for on the terminal.
 */
export function mfaCodeProvider(profile: string, tokenCode: string | undefined): (serial: string) => Promise<string> {
  let unused = tokenCode;
  return async (serial) => {
    if (unused !== undefined) {
      const code = unused;
      unused = undefined;
      return code;
    }
    return promptForMfaCode(serial, profile);
  };
}

export function assertTokenCode(code: string): void {
  if (!/^\d{6}$/.test(code)) throw new UsageError('an MFA code is 6 digits', { hint: 'check the code on your MFA device' });
}
