import { UsageError } from '../errors.js';
import type { ShellKind } from './types.js';

/** Names accepted from users (`--shell`, `AWSPROF_SHELL`), in the order help text should list them. */
export const SHELL_NAMES = ['bash', 'zsh', 'sh', 'posix', 'fish', 'powershell', 'pwsh', 'json'] as const;

const USER_SHELL_NAMES: Record<string, ShellKind> = {
  bash: 'posix',
  zsh: 'posix',
  sh: 'posix',
  posix: 'posix',
  fish: 'fish',
  powershell: 'powershell',
  pwsh: 'powershell',
  json: 'json',
};

/** Process names that really are shells; `json` is deliberately absent because no shell is called that. */
const PROCESS_SHELL_NAMES: Record<string, ShellKind> = {
  bash: 'posix',
  zsh: 'posix',
  sh: 'posix',
  dash: 'posix',
  ksh: 'posix',
  mksh: 'posix',
  ash: 'posix',
  fish: 'fish',
  pwsh: 'powershell',
  powershell: 'powershell',
};

/**
 * Maps a user-facing shell name (`bash|zsh|sh|posix|fish|powershell|pwsh|json`, any case) to the dialect
 * awsprof prints for it, or undefined when the name is not one of those.
 */
export function parseShellName(name: string): ShellKind | undefined {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(USER_SHELL_NAMES, key) ? USER_SHELL_NAMES[key] : undefined;
}

/**
 * Reduces `/usr/bin/zsh`, `-bash` (login shells), `pwsh.exe` or `C:\...\powershell.exe` to a bare lower-case name.
 */
function processBaseName(name: string): string {
  const base = name.trim().split(/[\\/]/).pop() ?? '';
  return base.replace(/^-/, '').replace(/\.exe$/i, '').toLowerCase();
}

function shellFromProcessName(name: string | undefined): ShellKind | undefined {
  if (name === undefined || name.trim() === '') return undefined;
  const base = processBaseName(name);
  return Object.hasOwn(PROCESS_SHELL_NAMES, base) ? PROCESS_SHELL_NAMES[base] : undefined;
}

/**
 * Decides which dialect `awsprof use` should print.
 * Order: an explicit `AWSPROF_SHELL` (set by the shell-init wrapper, so it is always right), then the parent
 * process (the shell that actually runs us, even when `$SHELL` is still the login shell), then `$SHELL`, then posix.
 * Throws a UsageError for an `AWSPROF_SHELL` we do not understand rather than guessing a dialect to be eval'd.
 */
export function detectShell(env: Record<string, string | undefined>, parentProcessName?: string): ShellKind {
  const explicit = env.AWSPROF_SHELL;
  if (explicit !== undefined && explicit.trim() !== '') {
    const kind = parseShellName(explicit);
    if (kind === undefined) {
      throw new UsageError(`AWSPROF_SHELL=${JSON.stringify(explicit)} is not a shell awsprof can print for`, {
        hint: `Use one of: ${SHELL_NAMES.join(', ')}.`,
      });
    }
    return kind;
  }
  return shellFromProcessName(parentProcessName) ?? shellFromProcessName(env.SHELL) ?? 'posix';
}
