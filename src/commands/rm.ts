import { AwsprofError, ProfileNotFoundError, UsageError, withFileSync } from '../errors.js';
import { parseDocument, serializeDocument } from '../ini/document.js';
import { removeSections } from '../ini/edit.js';
import { updateFiles } from '../files/transaction.js';
import { profilesRunningCredentialProcessOf, profilesUsingAsSource } from '../profiles/dependents.js';
import { escapeForTerminal, shown } from '../output.js';
import { assertBothEditable, configHeaderLines, credentialsHeaderLines } from '../profiles/sections.js';
import { assertFindableProfileName } from '../profiles/validate.js';
import { didYouMean } from '../profiles/suggest.js';
import { type AwsFilesView, readAwsFiles } from '../profiles/view.js';
import { type CommandContext, createContext } from './context.js';
import type { DefinedCommand } from './spec.js';
import { fileOptions } from './warnings.js';

export interface RmInput {
  profile: string;
  force?: boolean;
}

/**
 * Removes a profile's sections from both files in one locked transaction; every other byte stays. A profile that
 * others use as `source_profile`, or that `assume --process` profiles run credential-process for, stays unless
 * --force: removing it would break them, and the AWS CLI only says so when one of them is next used (`The
 * source_profile "x" referenced in the profile "y" does not exist`, or the helper's own error).
 */
export async function runRm(input: RmInput, context: CommandContext): Promise<void> {
  assertFindableProfileName(input.profile);
  if (input.profile === 'default' && !input.force) {
    throw new UsageError('refusing to remove the default profile without --force');
  }
  let removed = { config: 0, credentials: 0 };
  let broken: Dependents[] = [];
  await updateFiles(context.paths, (files) => {
    assertBothEditable(files, context.paths);
    const names = new Set([input.profile]);
    const config = configHeaderLines(files.config.text, names);
    const credentials = credentialsHeaderLines(files.credentials.text, names);
    const view = readAwsFiles(files.config.text, files.credentials.text);
    if (config.length === 0 && credentials.length === 0) {
      throw new ProfileNotFoundError(`profile ${input.profile} not found in config or credentials`, { profile: input.profile, hint: didYouMean(input.profile, view.profiles.keys()) });
    }
    // Asked under the lock, on the text about to be edited, so a profile added meanwhile is not missed.
    broken = dependentsOf(view, input.profile).filter((dependents) => dependents.names.length > 0);
    if (broken.length > 0 && !input.force) {
      const [first] = broken;
      throw new AwsprofError(`refusing to remove ${input.profile}: ${formatProfiles(first!.names)} ${first!.how}`, { profile: input.profile, hint: first!.hint });
    }
    removed = { config: config.length, credentials: credentials.length };
    return {
      config: config.length ? withFileSync(context.paths.config, () => serializeDocument(removeSections(parseDocument(files.config.text), config))) : undefined,
      credentials: credentials.length
        ? withFileSync(context.paths.credentials, () => serializeDocument(removeSections(parseDocument(files.credentials.text), credentials)))
        : undefined,
    };
  }, fileOptions(context));
  const where = [removed.config && 'config', removed.credentials && 'credentials'].filter(Boolean).join(' and ');
  context.out.stderr(shown`Removed profile ${input.profile} from ${where}.`);
  for (const { names, after } of broken) context.out.stderr(escapeForTerminal(`awsprof: warning: ${formatProfiles(names)} now ${after}`));
}

/** Profiles that stop working once a profile is gone, and how each kind is told: refused, hinted, warned after --force. */
interface Dependents {
  names: string[];
  how: string;
  hint: string;
  after: string;
}

function dependentsOf(view: AwsFilesView, profile: string): Dependents[] {
  const sources = profilesUsingAsSource(view, profile);
  const processes = profilesRunningCredentialProcessOf(view, profile);
  const verb = (names: string[], one: string, many: string) => (names.length === 1 ? one : many);
  return [
    {
      names: sources,
      how: `${verb(sources, 'uses', 'use')} it as source_profile`,
      hint: 'change their source_profile first, or pass --force',
      after: `${verb(sources, 'names', 'name')} a source_profile that does not exist (${profile})`,
    },
    {
      names: processes,
      how: `${verb(processes, 'runs', 'run')} awsprof credential-process ${profile}`,
      hint: `remove ${verb(processes, 'it', 'them')} first, or pass --force`,
      after: `${verb(processes, 'runs', 'run')} awsprof credential-process for a profile that does not exist (${profile})`,
    },
  ];
}

/** `profile a`, `profiles a and b`, `profiles a, b, c, d, e and 3 more`: the first names tell the user where to look. */
function formatProfiles(names: string[], shown = 5): string {
  if (names.length === 1) return `profile ${names[0]}`;
  const listed = names.length <= shown ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
  return `profiles ${listed}`;
}

export const rm: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'rm',
    positionals: ['<profile>'],
    positionalHelp: { profile: 'Profile to remove from both files' },
    options: { force: { type: 'boolean', default: false, describe: 'Allow removing the default profile, or one that other profiles use as source_profile' } },
  },
  describe: "Remove a profile's sections from config and credentials",
  execute: async (args) => {
    await runRm({ profile: String(args.profile), force: args.force === true }, createContext(args));
    return 0;
  },
};
