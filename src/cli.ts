#!/usr/bin/env node
import { commands, fastCommands } from './commands/index.js';
import { GLOBAL_OPTIONS, PARSER_CONFIGURATION } from './commands/spec.js';
import { UsageError } from './errors.js';
import { fastCommandFor, guarded } from './run.js';
import { endQuietlyOnClosedPipe } from './stdio.js';
import { VERSION } from './version.js';


async function runYargs(rawArgs: string[]): Promise<void> {
  // `awsprof help use` means `awsprof use --help`, as in git and npm.
  const args = rawArgs[0] === 'help' && rawArgs.length > 1 ? [...rawArgs.slice(1), '--help'] : rawArgs;
  const [{ default: yargs }, { toCommandModule }] = await Promise.all([import('yargs'), import('./commands/spec.js')]);
  let parser = yargs(args)
    .scriptName('awsprof')
    .usage('$0 <command> [options]\n\nAssume AWS roles into named profiles, switch between them, and edit ~/.aws safely.');
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) parser = parser.option(name, { type: option.type, describe: option.describe, global: true });
  parser = parser
    .parserConfiguration(PARSER_CONFIGURATION)
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
      const missing = missingArguments(args, text);
      if (missing) throw missing;
      // yargs capitalises some messages ("Did you mean list?"); ours start lower-case.
      throw new UsageError(text.charAt(0).toLowerCase() + text.slice(1), { hint: usageHint(args, text) });
    });
  for (const command of commands) parser = parser.command(toCommandModule(command));
  await parser.parseAsync();
}

/** The words of `args` that are neither options nor the values of global ones (`--config-file f sso add …`). */
function commandWords(args: readonly string[]): string[] {
  return args.filter((arg, index) => !arg.startsWith('-') && !(index > 0 && GLOBAL_OPTIONS[args[index - 1]!.slice(2)]?.type === 'string'));
}

/**
 * yargs says "Not enough non-option arguments: got 0, need at least 2"; a user wants to hear which:
 * `awsprof: set needs VARNAME and VALUE (see awsprof set --help)`.
 */
function missingArguments(args: readonly string[], message: string): UsageError | undefined {
  if (!/^Not enough non-option arguments/.test(message)) return undefined;
  const [first, second] = commandWords(args);
  const command = fastCommands.find((candidate) => candidate.spec.name === `${first} ${second}`) ?? fastCommands.find((candidate) => candidate.spec.name === first);
  const required = command?.spec.positionals.filter((positional) => positional.startsWith('<')).map((positional) => positional.slice(1, -1).toUpperCase());
  if (!command || !required?.length) return undefined;
  const names = required.length === 1 ? required[0] : `${required.slice(0, -1).join(', ')} and ${required.at(-1)}`;
  return new UsageError(`${command.spec.name} needs ${names}`, { hint: `see awsprof ${command.spec.name} --help` });
}

/** `awsprof exec dev aws s3 ls` reads as unknown words to yargs; what was missing is the `--` before the command. */
function usageHint(args: readonly string[], message: string): string {
  const commandWord = commandWords(args)[0];
  const passThrough = commands.find((command) => command.spec.passThrough && command.spec.name === commandWord);
  if (passThrough && !args.includes('--') && message.startsWith('Unknown argument')) {
    return `put -- before the command to run: awsprof ${passThrough.spec.name} ${passThrough.spec.positionals.join(' ')} -- COMMAND [ARGS…]`;
  }
  return 'see awsprof --help';
}

export async function main(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return guarded(args, env, async () => {
    const fast = fastCommandFor(args, env, fastCommands);
    if (fast) return fast.command.execute(fast.parsed);
    await runYargs(args);
    return 0;
  });
}

endQuietlyOnClosedPipe(process.stdout);
process.exitCode = await main(process.argv.slice(2), process.env);
