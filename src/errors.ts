/**
 * Every failure awsprof expects carries its data here; cli.ts turns it into one line of text.
 * Exit codes: 1 for failures, 2 for usage errors (see docs/exit-codes.md).
 */
export class AwsprofError extends Error {
  override name = 'AwsprofError';
  exitCode = 1;
  hint?: string;
  file?: string;
  line?: number;
  profile?: string;

  constructor(message: string, details: { hint?: string; file?: string; line?: number; profile?: string } = {}) {
    super(message);
    this.hint = details.hint;
    this.file = details.file;
    this.line = details.line;
    this.profile = details.profile;
  }
}

/** Bad flags or arguments: exit 2. */
export class UsageError extends AwsprofError {
  override name = 'UsageError';
  override exitCode = 2;
}

/** A file awsprof cannot safely read or edit; carries the 1-based line when one is to blame. */
export class IniSyntaxError extends AwsprofError {
  override name = 'IniSyntaxError';
}

export class ProfileNotFoundError extends AwsprofError {
  override name = 'ProfileNotFoundError';
}

export class LockTimeoutError extends AwsprofError {
  override name = 'LockTimeoutError';
}

/** STS or credential-source failures, already translated into something a user can act on. */
export class StsError extends AwsprofError {
  override name = 'StsError';
  /** STS refused the calling credentials themselves (expired or unknown), as opposed to what was asked with them. */
  credentialsRejected = false;
}

/** The user pressed Ctrl+C (or Ctrl+D) at a prompt: exit 130, as a shell reports a command ended by SIGINT. */
export class CancelledError extends AwsprofError {
  override name = 'CancelledError';
  override exitCode = 130;
  constructor() {
    super('cancelled');
  }
}

/** Names the file on errors thrown by pure code that only knew the line. */
export async function withFile<T>(file: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AwsprofError && error.file === undefined) error.file = file;
    throw error;
  }
}

/** The synchronous twin of {@link withFile}, for pure edits run inside a file transaction. */
export function withFileSync<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AwsprofError && error.file === undefined) error.file = file;
    throw error;
  }
}

export function isAwsprofError(error: unknown): error is AwsprofError {
  return error instanceof AwsprofError;
}

/** A "no" that is an answer, not a failure to report: exits non-zero with nothing more printed (e.g. `get` of an unset key). */
export class SilentExit extends AwsprofError {
  override name = 'SilentExit';
  constructor(exitCode: number) {
    super('');
    this.exitCode = exitCode;
  }
}
