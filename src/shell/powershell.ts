import { checkEnvChange, joinLines } from './env-change.js';
import { UNSAFE_IN_SHELL_CODE } from '../terminal-text.js';
import type { EnvChange } from './types.js';

/**
 * PowerShell ends a single-quoted string at any of these, not just the ASCII apostrophe:
 * ' ‘ ’ ‚ ‛ all count, so all of them must be doubled.
 */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/**
 * Line breaks are written as `"`r"`/`"`n"` so every statement stays on one line whatever re-splits the output into
 * lines; other control characters as `"$([char]0x1b)"`, so the printed code holds no raw control byte.
 */
const PS_SPLICED = new RegExp(`(\\r|\\n|${UNSAFE_IN_SHELL_CODE.source.slice(0, -1)})`);

function quotePowerShellLine(text: string): string {
  // Doubling a quote character yields that same character in the string.
  return `'${text.replaceAll(PS_SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

/**
 * Quotes any string as one PowerShell expression. Plain text becomes a single-quoted literal (no `$` or backtick
 * expansion); CR and LF are spliced in as double-quoted escapes, e.g. `'a' + "`n" + 'b'`.
 */
export function quotePowerShell(value: string): string {
  if (!PS_SPLICED.test(value)) return quotePowerShellLine(value);
  const parts = value
    .split(PS_SPLICED)
    .filter((part) => part !== '')
    .map((part) =>
      part === '\r' ? '"`r"' : part === '\n' ? '"`n"' : PS_SPLICED.test(part) && part.length === 1 ? `"$([char]0x${part.charCodeAt(0).toString(16)})"` : quotePowerShellLine(part),
    );
  // A leading "`n" keeps the whole sum a string: string + string never turns into arithmetic.
  return parts.join(' + ');
}

/**
 * Formats an EnvChange as `Remove-Item Env:NAME` / `$Env:NAME = 'value'` lines for PowerShell.
 * Note: Windows PowerShell deletes a variable assigned the empty string; that is PowerShell's behaviour, not ours.
 */
export function formatPowerShell(change: EnvChange): string {
  const { unset, set } = checkEnvChange(change);
  return joinLines([
    ...unset.map((name) => `Remove-Item Env:${name} -ErrorAction SilentlyContinue`),
    ...set.map(([name, value]) => `$Env:${name} = ${quotePowerShell(value)}`),
  ]);
}
