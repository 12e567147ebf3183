#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { displayPath } from './commands/context.js';
import { commands, fastCommands } from './commands/index.js';
import { GLOBAL_OPTIONS } from './commands/spec.js';
import { AwsprofError, UsageError } from './errors.js';
import { parseFastArgs } from './fast-path.js';
import { escapeForTerminal } from './output.js';
import { VERSION } from './version.js';


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

async function runYargs(rawArgs: string[]): Promise<void> {
  // `awsprof help use` means `awsprof use --help`, as in git and npm.
  const args = rawArgs[0] === 'help' && rawArgs.length > 1 ? [...rawArgs.slice(1), '--help'] : rawArgs;
  const [{ default: yargs }, { toCommandModule }] = await Promise.all([import('yargs'), import('./commands/spec.js')]);
  let parser = yargs(args)
    .scriptName('awsprof')
    .usage('$0 <command> [options]\n\nAssume AWS roles into named profiles, switch between them, and edit ~/.aws safely.');
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) parser = parser.option(name, { type: option.type, describe: option.describe, global: true });
  parser = parser
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false, 'camel-case-expansion': false })
    .strict()
    .demandCommand(1, 'name a command')
    .recommendCommands()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(null)
    .fail((message, error) => {
      // yargs reports its own parse errors (YError) as errors too; those are usage errors, not bugs.
      if (error && error.name !== 'YError') throw error;
      const text = message ?? error?.message ?? 'invalid usage';
      // yargs capitalises some messages ("Did you mean list?"); ours start lower-case.
      throw new UsageError(text.charAt(0).toLowerCase() + text.slice(1), { hint: 'see awsprof --help' });
    });
  for (const command of commands) parser = parser.command(toCommandModule(command));
  await parser.parseAsync();
}

export async function main(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    if (!env.AWSPROF_NO_FAST_PATH) {
      for (const command of fastCommands) {
        const parsed = parseFastArgs(args, command.spec);
        if (parsed) return await command.execute(parsed);
      }
    }
    await runYargs(args);
    return 0;
  } catch (error) {
    if (error instanceof AwsprofError) {
      if (error.message) process.stderr.write(`${formatError(error, env)}\n`);
      if (args.includes('--debug') && error.stack) process.stderr.write(formatStack(error.stack));
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`awsprof: unexpected error: ${escapeForTerminal(message.split('\n')[0] ?? '')}${args.includes('--debug') ? '' : ' (run with --debug for details)'}\n`);
    if (args.includes('--debug') && error instanceof Error && error.stack) process.stderr.write(formatStack(error.stack));
    return 1;
  }
}

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
process.exitCode = await main(process.argv.slice(2), process.env);
