import { checkEnvChange, joinLines } from './env-change.js';
import { splitUnsafeRuns } from '../terminal-text.js';
import type { EnvChange } from './types.js';

/**
 * Quotes any string as one word for bash, zsh, dash and other POSIX shells.
 * Inside single quotes nothing is special except the closing quote, so the only escape needed is `'\''`
 * (close, escaped quote, reopen); `$`, backticks, backslashes and newlines stay literal.
 */
export function quotePosix(value: string): string {
  const runs = splitUnsafeRuns(value);
  if (runs.length === 1) return quoteLiteral(value);
  // Control characters are spliced in as `"$(printf '\033')"` (octal UTF-8 bytes: POSIX printf, any locale), so the
  // printed code holds no raw control byte; a trailing newline is never among them, so $(...) loses nothing.
  return runs.map((run, index) => (index % 2 === 0 ? (run === '' ? '' : quoteLiteral(run)) : `"$(printf '${octalBytes(run)}')"`)).join('');
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function octalBytes(text: string): string {
  return [...new TextEncoder().encode(text)].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
}

/** Formats an EnvChange as `unset NAME` / `export NAME='value'` lines for bash, zsh and other POSIX shells. */
export function formatPosix(change: EnvChange): string {
  const { unset, set } = checkEnvChange(change);
  return joinLines([
    ...unset.map((name) => `unset ${name}`),
    ...set.map(([name, value]) => `export ${name}=${quotePosix(value)}`),
  ]);
}
