import type { CacheEntry } from '../credentials/cache-rules.js';
import { readCacheEntries, removeCacheEntries } from '../credentials/entries.js';
import { withFileSync } from '../errors.js';
import { parseDocument, serializeDocument } from '../ini/document.js';
import { pruneSections } from '../ini/edit.js';
import { AWSPROF_KEYS } from '../profiles/assume-plan.js';
import { updateFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import { EXPIRY_KEYS, formatRelative, isExpired } from '../profiles/expiry.js';
import { summarizeProfiles } from '../profiles/summary.js';
import { readAwsFiles } from '../profiles/view.js';
import { type CommandContext, createContext } from './context.js';
import { assertBothEditable, configHeaderLines, credentialsHeaderLines } from './rm.js';
import type { DefinedCommand } from './spec.js';
import { fileOptions } from './warnings.js';

export interface CleanInput {
  dryRun?: boolean;
}

/**
 * Removes expired temporary profiles that awsprof itself wrote; anything else is never touched. Where the user keeps
 * their own settings in such a profile, only the keys awsprof wrote go.
 */
export async function runClean(input: CleanInput, context: CommandContext): Promise<void> {
  const now = context.now();
  let removed: { name: string; when: string }[] = [];
  await updateFiles(context.paths, (files) => {
    const view = readAwsFiles(files.config.text, files.credentials.text);
    removed = summarizeProfiles(view)
      .filter((summary) => summary.managed && summary.kind === 'temporary' && summary.expiration !== undefined && isExpired(summary.expiration, now))
      .map((summary) => ({ name: summary.name, when: formatRelative(summary.expiration!, now) }));
    if (input.dryRun || removed.length === 0) return {};
    assertBothEditable(files, context.paths);
    const names = new Set(removed.map((entry) => entry.name));
    const configLines = configHeaderLines(files.config.text, names);
    const credentialsLines = credentialsHeaderLines(files.credentials.text, names);
    // Only what awsprof assume wrote goes: a section the user also keeps settings in stays, minus our keys.
    const awsprofKeys = new Set<string>(Object.values(AWSPROF_KEYS));
    const temporaryKeys = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_security_token', ...EXPIRY_KEYS]);
    return {
      config: withFileSync(context.paths.config, () =>
        serializeDocument(pruneSections(parseDocument(files.config.text), configLines, (key) => awsprofKeys.has(key), (rest) => rest.every((key) => key === 'region'))),
      ),
      credentials: withFileSync(context.paths.credentials, () =>
        serializeDocument(pruneSections(parseDocument(files.credentials.text), credentialsLines, (key) => temporaryKeys.has(key), (rest) => rest.length === 0)),
      ),
    };
  }, fileOptions(context));
  for (const entry of removed) context.out.stdout(`${input.dryRun ? 'would remove' : 'removed'} ${shown`${entry.name} (${entry.when})`}\n`);
  // Expired cache entries hold nothing anyone can use any more.
  const isStale = (entry: CacheEntry) => isExpired(entry.expiration, now);
  const staleEntries = input.dryRun ? (await readCacheEntries(context.env)).filter(({ entry }) => isStale(entry)) : await removeCacheEntries(context.env, isStale);
  for (const { entry } of staleEntries) {
    context.out.stdout(`${input.dryRun ? 'would remove' : 'removed'} ${shown`cached ${entry.kind === 'mfa' ? 'MFA session' : 'role session'} of ${entry.profile} (${formatRelative(entry.expiration, now)})`}\n`);
  }
  if (removed.length === 0 && staleEntries.length === 0) context.out.stderr('awsprof: nothing to clean: no expired profiles written by awsprof');
}

export const clean: DefinedCommand = {
  spec: {
    name: 'clean',
    positionals: [],
    options: { 'dry-run': { type: 'boolean', describe: 'Only say what would be removed' } },
  },
  describe: 'Remove expired temporary profiles that awsprof assume wrote (never any other profile) and expired cached sessions',
  execute: async (args) => {
    await runClean({ dryRun: args['dry-run'] === true }, createContext(args));
    return 0;
  },
};
