import { checkEnvChange } from './env-change.js';
import { stringifyJsonForTerminal } from '../terminal-text.js';
import type { EnvChange } from './types.js';

/**
 * Formats an EnvChange as one line of JSON, `{"set":{...},"unset":[...]}`, for scripts that apply it themselves.
 * Names are validated like the shell formatters so consumers can rely on them.
 */
export function formatJson(change: EnvChange): string {
  const { unset, set } = checkEnvChange(change);
  // Object.fromEntries keeps insertion order; names cannot be array indices since they never start with a digit.
  // C1 controls and bidi overrides as \u escapes too, so the line is safe to show as well as to parse (#7).
  return `${stringifyJsonForTerminal({ set: Object.fromEntries(set), unset })}\n`;
}
