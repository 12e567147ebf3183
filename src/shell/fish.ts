import { checkEnvChange, joinLines } from './env-change.js';
import { splitUnsafeRuns } from '../terminal-text.js';
import type { EnvChange } from './types.js';

/**
 * Quotes any string as one word for fish.
 * Unlike POSIX shells, fish lets `\'` and `\\` escape inside single quotes, so a bare backslash before a
 * quote would otherwise swallow it; every backslash and quote is escaped. Other characters are literal.
 */
export function quoteFish(value: string): string {
  const runs = splitUnsafeRuns(value);
  if (runs.length === 1) return quoteLiteral(value);
  // Control characters go outside the quotes as fish escapes (`\x1b`, `\u009b`), which fish joins to the quoted
  // parts around them: the printed code holds no raw control byte.
  return runs.map((run, index) => (index % 2 === 0 ? (run === '' ? '' : quoteLiteral(run)) : [...run].map(fishEscape).join(''))).join('');
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll(/[\\']/g, (char) => `\\${char}`)}'`;
}

/** `\xHH` is a byte to fish, so only ASCII goes that way; C1 controls and the rest are `\uXXXX` characters. */
function fishEscape(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Formats an EnvChange as `set -e NAME; or true` / `set -gx NAME 'value'` lines for fish.
 * `set -e` fails with status 4 when the variable does not exist, and a later successful `set` keeps that
 * status, so without `or true` switching profiles would report failure to `and`/`if`.
 */
export function formatFish(change: EnvChange): string {
  const { unset, set } = checkEnvChange(change);
  return joinLines([
    ...unset.map((name) => `set -e ${name}; or true`),
    ...set.map(([name, value]) => `set -gx ${name} ${quoteFish(value)}`),
  ]);
}
