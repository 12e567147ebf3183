import { UsageError } from '../errors.js';
import type { DefinedCommand } from './spec.js';
import { ssoSync } from './sso-sync.js';

/**
 * `awsprof sso SUBCOMMAND` (#9). The IAM Identity Center commands share one entry so the fast path and yargs both
 * see them; each subcommand keeps its own spec and run function (sso-sync.ts, ...).
 */
export const ssoSubcommands: readonly DefinedCommand[] = [ssoSync];

export const sso: DefinedCommand = {
  spec: {
    name: 'sso',
    positionals: ['<subcommand>', '[session]'],
    positionalHelp: { subcommand: ssoSubcommands.map((command) => command.spec.name).join(' | '), session: 'The [sso-session] (default: the only one)' },
    options: Object.assign({}, ...ssoSubcommands.map((command) => command.spec.options)),
  },
  describe: 'IAM Identity Center: ' + ssoSubcommands.map((command) => `sso ${command.spec.name}`).join(', '),
  examples: ssoSubcommands.flatMap((command) => command.examples ?? []),
  execute: async (args) => {
    const subcommand = ssoSubcommands.find((command) => command.spec.name === args.subcommand);
    if (!subcommand) throw new UsageError(`unknown sso subcommand ${JSON.stringify(args.subcommand)}`, { hint: `use ${ssoSubcommands.map((command) => command.spec.name).join(', ')}` });
    for (const given of Object.keys(args)) {
      if (given in sso.spec.options && !(given in subcommand.spec.options) && args[given] !== undefined) throw new UsageError(`sso ${subcommand.spec.name} has no --${given}`);
    }
    return subcommand.execute(args);
  },
};
