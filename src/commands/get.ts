import { AwsprofError } from '../errors.js';
import { readFiles } from '../files/transaction.js';
import { escapeForTerminal, shown } from '../output.js';
import { resolveGetTarget } from '../profiles/configure-key.js';
import { assertValidProfileName } from '../profiles/validate.js';
import { type ConfigValue, mergedSettings, readAwsFiles } from '../profiles/view.js';
import { type CommandContext, createContext, currentProfileFromEnv } from './context.js';
import type { DefinedCommand } from './spec.js';
import { warnAboutFileProblems } from './warnings.js';

export interface GetInput {
  varname: string;
  profile?: string;
}

/**
 * `aws configure get`: prints the value and exits 0, or prints nothing and exits 1 when it is not set.
 * Returns the exit code rather than throwing, because "not set" is an answer, not an error.
 */
export async function runGet(input: GetInput, context: CommandContext): Promise<number> {
  if (input.profile !== undefined) assertValidProfileName(input.profile);
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  warnAboutFileProblems(view.problems, context);
  const target = resolveGetTarget(input.varname, input.profile ?? currentProfileFromEnv(context.env), new Set(view.profiles.keys()));
  let value: ConfigValue | undefined;
  if (target.profile === undefined) {
    value = view.otherSections.get('plugins')?.[target.key];
  } else {
    const profile = view.profiles.get(target.profile);
    if (!profile && target.profile !== 'default' && input.varname.split('.').length === 1) {
      throw new AwsprofError(`the config profile (${target.profile}) could not be found`, { profile: target.profile });
    }
    // get.py looks keys up as given, and configparser lowercased them when reading: `Region` is never found.
    value = profile ? mergedSettings(profile)[target.key] : undefined;
    if (target.subkey !== undefined) value = typeof value === 'object' ? value[target.subkey] : undefined;
  }
  if (typeof value === 'string') {
    // Escaped like everything shown (#7): a value from a file must not drive the terminal; values awsprof writes never
    // hold control characters but tab, so only hand-edited values print differently from `aws configure get`.
    context.out.stdout(`${escapeForTerminal(value)}\n`);
    return 0;
  }
  if (value !== undefined) {
    context.out.stderr(shown`awsprof: ${input.varname} is a nested section, not a value; ask for ${input.varname}.KEY`);
  }
  return 1;
}

export const get: DefinedCommand = {
  spec: {
    name: 'get',
    positionals: ['<varname>'],
    positionalHelp: { varname: 'region, profile.NAME.region, NAME.region, s3.max_concurrent_requests, ...' },
    options: { profile: { type: 'string', describe: 'Profile to read (default: AWS_PROFILE or default)' } },
  },
  describe: 'Print a value, as `aws configure get` would (exit 1 when it is not set)',
  examples: [['$0 get region --profile dev', ''], ['$0 get profile.dev.s3.addressing_style', '']],
  execute: (args) => runGet({ varname: String(args.varname), profile: args.profile as string | undefined }, createContext(args)),
};
