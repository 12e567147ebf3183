import { formatFish } from './fish.js';
import { formatJson } from './json.js';
import { formatPosix } from './posix.js';
import { formatPowerShell } from './powershell.js';
import type { EnvChange, ShellKind } from './types.js';

export type { CompletionShell, EnvChange, InitShell, ShellKind } from './types.js';
export { assertEnvName } from './env-change.js';
export { formatPosix, quotePosix } from './posix.js';
export { formatFish, quoteFish } from './fish.js';
export { formatPowerShell, quotePowerShell } from './powershell.js';
export { formatJson } from './json.js';
export { SHELL_NAMES, detectShell, parseShellName } from './detect.js';
export { formatShellInit } from './init.js';
export { formatCompletion } from './completion.js';
export type { CompletionCommand, CompletionSpec } from './completion.js';

/** Formats an EnvChange in the given dialect; the text is meant for stdout, to be eval'd by the user's shell. */
export function formatEnvChange(kind: ShellKind, change: EnvChange): string {
  switch (kind) {
    case 'posix':
      return formatPosix(change);
    case 'fish':
      return formatFish(change);
    case 'powershell':
      return formatPowerShell(change);
    case 'json':
      return formatJson(change);
    default: {
      // Unreachable for typed callers; keeps a new ShellKind from silently printing nothing.
      const unknown: never = kind;
      throw new Error(`Unknown shell kind: ${String(unknown)}`);
    }
  }
}
