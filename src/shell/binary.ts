import { AwsprofError } from '../errors.js';

/** A bare command name looked up on PATH, e.g. `awsprof` or `awsprof-dev`. */
const COMMAND_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;
/** `/usr/local/bin/awsprof` or `C:\tools\awsprof.cmd`. */
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/])/;

/**
 * Throws unless `binary` is a single command name or an absolute path. Generated scripts quote it anyway;
 * this catches callers passing a whole command line (`node cli.js`), which would be run as one odd file name.
 */
export function assertBinary(binary: string): void {
  const ok =
    typeof binary === 'string' &&
    !/[\0\r\n]/.test(binary) &&
    (COMMAND_NAME.test(binary) || ABSOLUTE_PATH.test(binary));
  if (!ok) {
    throw new AwsprofError(`Invalid awsprof binary ${JSON.stringify(binary)}`, {
      hint: 'Pass a command name found on PATH or an absolute path to the executable.',
    });
  }
}

/** The command's own name (`/opt/bin/awsprof` -> `awsprof`), for registering completions and naming functions. */
export function binaryBaseName(binary: string): string {
  return binary.split(/[\\/]/).pop() ?? binary;
}

/** A shell identifier derived from the binary, for helper functions that must not clash with other tools. */
export function binaryIdentifier(binary: string): string {
  return binaryBaseName(binary)
    .replace(/\.(?:exe|cmd|bat|ps1)$/i, '')
    .replaceAll(/[^A-Za-z0-9_]/g, '_');
}
