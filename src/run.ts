import { setFlagsFromString } from 'node:v8';
import { displayPath } from './commands/context.js';
import type { DefinedCommand } from './commands/spec.js';
import { AwsprofError } from './errors.js';
import { type ParsedArgs, parseFastArgs } from './fast-path.js';
import { escapeForTerminal } from './output.js';

/**
 * What both entry points share: src/cli.ts (dist/awsprof.js, every command, yargs) and src/entry.ts (dist/cli.js, the
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
      if (error.message) process.stderr.write(`${formatError(error, env)}\n`);
      if (debug && error.stack) process.stderr.write(formatStack(error.stack));
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`awsprof: unexpected error: ${escapeForTerminal(message.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(formatStack(error.stack));
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

const PREPARED = Symbol.for('awsprof.process-prepared');

/** Process settings, once per process even when dist/cli.js hands over to dist/awsprof.js. */
export function prepareProcess(): void {
  const global = globalThis as { [PREPARED]?: boolean };
  if (global[PREPARED]) return;
  global[PREPARED] = true;
  // A short-lived process reading a 10,000-profile file allocates a lot of small objects; a larger young generation
  // saves most of the scavenges (measured: `awsprof list` on 10,000 profiles ~20% faster), and costs nothing for small files.
  setFlagsFromString('--max-semi-space-size=32');
  // `awsprof list | head` closes the pipe early: the reader has all it wanted, so that is no failure to report (a raw
  // EPIPE stack trace would be); anything written after it is dropped.
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && !stdoutClosed) throw error;
    stdoutClosed = true;
  });
}
