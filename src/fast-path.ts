import { type CommandSpec, GLOBAL_OPTIONS, positionalName } from './commands/spec.js';

/**
 * `awsprof use`, `get` and `list` run in shell prompts and every new terminal, where yargs' ~30 ms of loading is most
 * of the cost. For the plain argument shapes those commands take, this parser does the work instead; anything it
 * does not recognise (help, unknown flags, `--`) returns undefined and goes to yargs, which then owns the error.
 */
export type ParsedArgs = Record<string, string | string[] | boolean | undefined>;

export function parseFastArgs(givenArgs: readonly string[], spec: CommandSpec): ParsedArgs | undefined {
  const args = commandFirst(givenArgs);
  // `sso login`: a group's subcommand is named by several words (flattenCommands in commands/spec.ts).
  const words = spec.name.split(' ');
  if (words.some((word, index) => args[index] !== word)) return undefined;
  const options = { ...GLOBAL_OPTIONS, ...spec.options };
  const aliases = new Map(Object.entries(options).flatMap(([name, option]) => (option.alias ? [[option.alias, name]] : [])));
  const parsed: ParsedArgs = {};
  for (const [name, option] of Object.entries(options)) if (option.default !== undefined) parsed[name] = option.default;
  const positionals: string[] = [];
  for (let index = words.length; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    // yargs has its own views on `-` and `--`; leave them to it.
    if (arg === '-' || arg === '--') return undefined;
    const isLong = arg.startsWith('--');
    const [rawName, inlineValue] = isLong ? splitOnce(arg.slice(2)) : [arg.slice(1), undefined];
    if (!isLong && rawName.length !== 1) return undefined;
    let name = isLong ? rawName : aliases.get(rawName);
    let negated = false;
    if (name?.startsWith('no-') && options[name.slice(3)]?.type === 'boolean') {
      name = name.slice(3);
      negated = true;
    }
    const option = name === undefined ? undefined : options[name];
    if (!option || name === undefined) return undefined;
    if (option.type === 'boolean') {
      if (inlineValue !== undefined) return undefined;
      parsed[name] = !negated;
      continue;
    }
    if (negated) return undefined;
    const value = inlineValue ?? args[++index];
    if (value === undefined || (inlineValue === undefined && value.startsWith('-'))) return undefined;
    if (option.choices && !option.choices.includes(value)) return undefined;
    const previous = parsed[name];
    if (previous !== undefined && previous !== option.default) {
      // Repeating a single-valued flag is a usage error; let yargs report it.
      if (!option.repeatable) return undefined;
      parsed[name] = [...(Array.isArray(previous) ? previous : [String(previous)]), value];
    } else {
      parsed[name] = value;
    }
  }
  const declared = spec.positionals.map(positionalName);
  if (positionals.length > declared.length) return undefined;
  for (const [index, positional] of declared.entries()) {
    const value = positionals[index];
    if (value === undefined && positional.required) return undefined;
    parsed[positional.name] = value;
  }
  return parsed;
}

/**
 * `awsprof --config-file f use x` (what the shell-init wrapper passes on) as `use --config-file f x`: global options
 * before the command mean the same after it. Anything else before the command is left for yargs.
 */
function commandFirst(args: readonly string[]): readonly string[] {
  let index = 0;
  while (index < args.length && args[index]!.startsWith('--') && args[index] !== '--') {
    const [rawName, inlineValue] = splitOnce(args[index]!.slice(2));
    const name = rawName.startsWith('no-') && GLOBAL_OPTIONS[rawName.slice(3)]?.type === 'boolean' ? rawName.slice(3) : rawName;
    const option = GLOBAL_OPTIONS[name];
    if (!option || (option.type === 'boolean' && inlineValue !== undefined)) return args;
    index += option.type === 'string' && inlineValue === undefined ? 2 : 1;
  }
  if (index === 0 || index >= args.length) return args;
  return [args[index]!, ...args.slice(0, index), ...args.slice(index + 1)];
}

function splitOnce(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals === -1 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}
