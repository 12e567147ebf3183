import { checkEnvChange, joinLines } from './env-change.js';
import type { EnvChange } from './types.js';

/**
 * Quotes any string as one word for bash, zsh, dash and other POSIX shells.
 * Inside single quotes nothing is special except the closing quote, so the only escape needed is `'\''`
 * (close, escaped quote, reopen); `$`, backticks, backslashes and newlines stay literal.
 */
export function quotePosix(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Formats an EnvChange as `unset NAME` / `export NAME='value'` lines for bash, zsh and other POSIX shells. */
export function formatPosix(change: EnvChange): string {
  const { unset, set } = checkEnvChange(change);
  return joinLines([
    ...unset.map((name) => `unset ${name}`),
    ...set.map(([name, value]) => `export ${name}=${quotePosix(value)}`),
  ]);
}
