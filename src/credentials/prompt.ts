import { closeSync, openSync } from 'node:fs';
import type { ReadStream } from 'node:tty';
import { AwsprofError, CancelledError, UsageError } from '../errors.js';
import { shown } from '../output.js';

export interface CodePromptOptions {
  /** The profile whose chain needs the code, for the error without a terminal. */
  profile: string;
  /** What to do instead when there is no terminal: `pass --token-code 123456`, `run awsprof mfa dev in a terminal first`. */
  hintWithoutTerminal: string;
}

/**
 * Asks for an MFA code on the controlling terminal, `/dev/tty`, never stdin or stdout: those are `$(…)`'s pipe, or the
 * SDK's when awsprof runs as a credential_process. The code is not echoed. Without a terminal (a CI job, a daemon)
 * nobody can answer, so it fails at once rather than hang. Ctrl+C or Ctrl+D cancels (exit 130).
 */
export async function promptForCode(serial: string, options: CodePromptOptions): Promise<string> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    throw new AwsprofError(`profile ${options.profile} needs an MFA code for ${serial}, and there is no terminal to ask on`, { hint: options.hintWithoutTerminal });
  }
  // Loaded here: node:tty costs every command ~6 ms to load, and only a prompt needs it.
  const { ReadStream, WriteStream } = await import('node:tty');
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  try {
    output.write(shown`MFA code for ${serial}: `);
    const answer = await readHidden(input);
    output.write('\r\n');
    return answer;
  } catch (error) {
    // The message goes on a line of its own after the prompt.
    output.write('\r\n');
    throw error;
  } finally {
    input.setRawMode(false);
    input.destroy();
    output.destroy();
    try {
      closeSync(fd);
    } catch {
      // The streams may have closed it already.
    }
  }
}

/** Reads one line in raw mode without echo: digits collect, Backspace and Ctrl+U edit, Enter ends. */
function readHidden(input: ReadStream): Promise<string> {
  input.setRawMode(true);
  return new Promise((done, fail) => {
    let typed = '';
    const finish = (result: () => void) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      result();
    };
    const onEnd = () => finish(() => fail(new CancelledError()));
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003' || char === '\u0004') return finish(() => fail(new CancelledError()));
        if (char === '\r' || char === '\n') return finish(() => done(typed.trim()));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char === '\u0015') typed = '';
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}

const PASS_TOKEN_CODE = 'pass --token-code 123456';

/** The MFA prompt commands use: on the terminal, or the one-line error naming what to do instead. */
export async function promptForMfaCode(serial: string, profile: string, hintWithoutTerminal = PASS_TOKEN_CODE): Promise<string> {
  const answer = await promptForCode(serial, { profile, hintWithoutTerminal });
  assertTokenCode(answer);
  return answer;
}

/**
 * An MFA code provider for the SDK's source chain: the --token-code given on the command line answers the first
 * request (a code works once), later ones are asked for on the terminal.
 */
export function mfaCodeProvider(profile: string, tokenCode: string | undefined, hintWithoutTerminal = PASS_TOKEN_CODE): (serial: string) => Promise<string> {
  let unused = tokenCode;
  return async (serial) => {
    if (unused !== undefined) {
      const code = unused;
      unused = undefined;
      return code;
    }
    return promptForMfaCode(serial, profile, hintWithoutTerminal);
  };
}

export function assertTokenCode(code: string): void {
  if (!/^\d{6}$/.test(code)) throw new UsageError('an MFA code is 6 digits', { hint: 'check the code on your MFA device' });
}
