import { checkEnvChange, joinLines } from './env-change.js';
import type { EnvChange } from './types.js';

/**
 * Quotes any string as one word for fish.
 * Unlike POSIX shells, fish lets `\'` and `\\` escape inside single quotes, so a bare backslash before a
 * quote would otherwise swallow it; every backslash and quote is escaped. Other characters are literal.
 */
export function quoteFish(value: string): string {
  return `'${value.replaceAll(/[\\']/g, (char) => `\\${char}`)}'`;
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
