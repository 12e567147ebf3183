import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { detectShell, parseShellName } from '../shell/detect.js';
import type { ShellKind } from '../shell/types.js';

/** --shell wins, then AWSPROF_SHELL (set by the shell-init wrapper), then the parent process, then $SHELL. */
export function resolveShellKind(flag: string | undefined, env: NodeJS.ProcessEnv): ShellKind {
  if (flag !== undefined) {
    const kind = parseShellName(flag);
    if (!kind) throw new UsageError(`--shell: unknown shell ${JSON.stringify(flag)}`, { hint: 'use bash, zsh, fish, powershell or json' });
    return kind;
  }
  return detectShell(env, parentProcessName());
}

function parentProcessName(): string | undefined {
  try {
    return readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

// The MFA prompt lives with the credentials layer, which every command that needs a code goes through.
export { assertTokenCode, mfaCodeProvider, promptForMfaCode } from '../credentials/prompt.js';
