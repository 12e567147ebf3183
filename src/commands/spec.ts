import type { Argv } from 'yargs';
import { SilentExit, UsageError } from '../errors.js';

/**
 * A command's arguments declared once, so yargs (help, validation, completion) and the fast path (start-up speed for
 * `get`, `use`, `list`) read the same definition.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  describe: string;
  alias?: string;
  default?: string | boolean;
  choices?: readonly string[];
  /** May be given more than once (`--policy-arn a --policy-arn b`): the value is an array. */
  repeatable?: boolean;
}

export interface CommandSpec {
  name: string;
  /** `<required>` and `[optional]` positionals, in order. */
  positionals: readonly string[];
  /** Help text for positionals, by name. */
  positionalHelp?: Readonly<Record<string, string>>;
  options: Readonly<Record<string, OptionSpec>>;
}

/** Options every command accepts; yargs registers them as global, the fast path accepts them everywhere. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'config-file': { type: 'string', describe: 'Config file (default: AWS_CONFIG_FILE or ~/.aws/config)' },
  'credentials-file': { type: 'string', describe: 'Credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)' },
  color: { type: 'boolean', describe: 'Colour (default: on a terminal, unless NO_COLOR is set)' },
  debug: { type: 'boolean', describe: 'Show stack traces for unexpected errors' },
};

export function positionalName(positional: string): { name: string; required: boolean } {
  return { name: positional.slice(1, -1), required: positional.startsWith('<') };
}

export function commandString(spec: CommandSpec): string {
  return [spec.name, ...spec.positionals].join(' ');
}

/** Applies a spec's options to a yargs builder. */
export function applySpec<T>(yargs: Argv<T>, spec: CommandSpec): Argv<T> {
  let result = yargs;
  for (const positional of spec.positionals) {
    const { name } = positionalName(positional);
    result = result.positional(name, { type: 'string', describe: spec.positionalHelp?.[name] }) as Argv<T>;
  }
  for (const [name, option] of Object.entries(spec.options)) {
    result = result.option(name, {
      type: option.type,
      // `--profile` with nothing after it must be an error, not an empty name that falls back to default.
      requiresArg: option.type === 'string',
      describe: option.describe,
      alias: option.alias,
      default: option.default,
      choices: option.choices as string[] | undefined,
    }) as Argv<T>;
  }
  return result;
}

/** A command's whole behaviour: parsed arguments in, exit code out. Shared by yargs and the fast path. */
export type Execute = (args: Record<string, string | string[] | boolean | undefined>) => Promise<number>;

export interface DefinedCommand {
  spec: CommandSpec;
  describe: string;
  execute: Execute;
  examples?: readonly [string, string][];
  hidden?: boolean;
  /** Positional arguments are profile names (for shell completion). */
  completesProfiles?: boolean;
  /**
   * A command group (`awsprof sso add|login|…`): the subcommands, each a DefinedCommand whose spec.name is its own
   * word. The group's own execute only runs when no subcommand is named.
   */
  subcommands?: readonly DefinedCommand[];
}

/**
 * Every command as the fast path sees it: a group's subcommands become commands named by their words (`sso login`),
 * which parseFastArgs matches word by word.
 */
export function flattenCommands(commands: readonly DefinedCommand[]): DefinedCommand[] {
  return commands.flatMap((command) =>
    command.subcommands
      ? command.subcommands.map((sub) => ({ ...sub, spec: { ...sub.spec, name: `${command.spec.name} ${sub.spec.name}` } }))
      : [command],
  );
}

/** Builds the yargs module for a defined command; a non-zero exit code becomes a SilentExit for cli.ts to map. */
export function toCommandModule(command: DefinedCommand): import('yargs').CommandModule {
  const subcommands = command.subcommands;
  if (subcommands) {
    return {
      command: command.spec.name,
      describe: command.hidden ? false : command.describe,
      builder: (yargs) => {
        let built = yargs;
        for (const sub of subcommands) built = built.command(toCommandModule(sub));
        return built.demandCommand(1, `name an ${command.spec.name} command: ${subcommands.map((sub) => sub.spec.name).join(', ')}`);
      },
      handler: () => undefined,
    };
  }
  return {
    command: commandString(command.spec),
    describe: command.hidden ? false : command.describe,
    builder: (yargs) => {
      let built = applySpec(yargs, command.spec);
      for (const [example, text] of command.examples ?? []) built = built.example(example, text);
      return built;
    },
    handler: async (argv) => {
      // yargs turns a repeated flag into an array; only repeatable options may be arrays.
      for (const [name, option] of Object.entries(command.spec.options)) {
        if (!option.repeatable && Array.isArray(argv[name])) {
          throw new UsageError(`--${name} may be given once`);
        }
      }
      const code = await command.execute(argv as Record<string, string | string[] | boolean | undefined>);
      if (code !== 0) {
        throw new SilentExit(code);
      }
    },
  };
}
