import { removeCacheEntries } from '../credentials/entries.js';
import { readFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import { mergedSettings, readAwsFiles, requireProfile, settingText } from '../profiles/view.js';
import { type CommandContext, createContext, currentProfileFromEnv } from './context.js';
import type { DefinedCommand } from './spec.js';

export interface LogoutInput {
  profile?: string;
  all?: boolean;
}

/**
 * Deletes cached sessions: a profile's role credentials and the MFA session of its source (or, for an IAM user's
 * profile, its own), or with --all every entry. The next use asks STS (and for an MFA code) again.
 */
export async function runLogout(input: LogoutInput, context: CommandContext): Promise<void> {
  let removed;
  if (input.all) {
    removed = await removeCacheEntries(context.env, () => true);
  } else {
    const name = input.profile ?? currentProfileFromEnv(context.env) ?? 'default';
    const files = await readFiles(context.paths);
    const settings = mergedSettings(requireProfile(readAwsFiles(files.config.text, files.credentials.text), name));
    const mfaOwner = settingText(settings, 'mfa_serial') ? (settingText(settings, 'role_arn') ? settingText(settings, 'source_profile') : name) : undefined;
    removed = await removeCacheEntries(context.env, (entry) => (entry.kind === 'role' ? entry.profile === name : entry.profile === name || entry.profile === mfaOwner));
  }
  // Role sessions first, then MFA sessions, each by profile: the directory's order is no order.
  removed.sort((a, b) => a.entry.kind.localeCompare(b.entry.kind) * -1 || a.entry.profile.localeCompare(b.entry.profile));
  for (const { entry } of removed) context.out.stdout(shown`removed ${entry.kind === 'mfa' ? 'MFA session' : 'role session'} of ${entry.profile}\n`);
  if (removed.length === 0) context.out.stderr('awsprof: no cached sessions to remove');
}

export const logout: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'logout',
    positionals: ['[profile]'],
    options: { all: { type: 'boolean', describe: 'Remove every cached session' } },
  },
  describe: "Delete a profile's cached sessions (role credentials and its MFA session), or all with --all",
  execute: async (args) => {
    await runLogout({ profile: args.profile as string | undefined, all: args.all === true }, createContext(args));
    return 0;
  },
};
