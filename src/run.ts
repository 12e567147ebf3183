import { displayPath } from './commands/context.js';
import type { DefinedCommand } from './commands/spec.js';
import { AwsprofError } from './errors.js';
import { type ParsedArgs, parseFastArgs } from './fast-path.js';
import { escapeForTerminal, writeStderr } from './output.js';

/**
 * What both entry points share: src/cli.ts (dist/awsprof.mjs, every command, yargs) and src/entry.ts (dist/cli.js, the
 * commands that run in prompts, on their fast path alone).
 */

/** Formats an expected failure as one line: `awsprof: FILE:LINE: message (hint)`. */
export function formatError(error: AwsprofError, env: NodeJS.ProcessEnv): string {
  const location = error.file ? `${displayPath(error.file, env)}${error.line ? `:${error.line}` : ''}: ` : '';
  const hint = error.hint ? ` (${error.hint})` : '';
  // Messages quote names, values and server text; none of it may reach the terminal raw.
  return `awsprof: ${escapeForTerminal(`${location}${error.message}${hint}`)}`;
}

/** A stack for --debug: its first line quotes the message (server text among it), so each line is escaped too. */
function formatStack(stack: string): string {
  return `${stack.split('\n').map(escapeForTerminal).join('\n')}\n`;
}

/** Runs a command's work and turns what it throws into one line on stderr and the exit code. */
export async function guarded(args: readonly string[], env: NodeJS.ProcessEnv, work: () => Promise<number>): Promise<number> {
  // Words after `--` belong to someone else (`exec PROFILE -- COMMAND --debug`).
  const debug = (args.includes('--') ? args.slice(0, args.indexOf('--')) : args).includes('--debug');
  try {
    return await work();
  } catch (error) {
    if (error instanceof AwsprofError) {
      if (error.message) writeStderr(`${formatError(error, env)}\n`);
      if (debug && error.stack) writeStderr(formatStack(error.stack));
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    writeStderr(`awsprof: unexpected error: ${escapeForTerminal(message.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) writeStderr(formatStack(error.stack));
    return 1;
  }
}

/** The command among `commands` whose plain arguments these are, parsed; undefined when yargs must read them. */
export function fastCommandFor(args: readonly string[], env: NodeJS.ProcessEnv, commands: readonly DefinedCommand[]): { command: DefinedCommand; parsed: ParsedArgs } | undefined {
  if (env.AWSPROF_NO_FAST_PATH) return undefined;
  for (const command of commands) {
    const parsed = parseFastArgs(args, command.spec);
    if (parsed) return { command, parsed };
  }
  return undefined;
}
