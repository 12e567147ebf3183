import { parseDocument, serializeDocument } from '../ini/document.js';
import { removeSections } from '../ini/edit.js';
import { updateFiles } from '../files/transaction.js';
import { formatRelative } from '../profiles/expiry.js';
import { summarizeProfiles } from '../profiles/summary.js';
import { readAwsFiles } from '../profiles/view.js';
import { type CommandContext, createContext } from './context.js';
import { configHeaderLines, credentialsHeaderLines } from './rm.js';
import type { DefinedCommand } from './spec.js';

export interface CleanInput {
  dryRun?: boolean;
}

/** Removes expired temporary profiles that awsprof itself wrote; anything else is never touched. */
export async function runClean(input: CleanInput, context: CommandContext): Promise<void> {
  const now = context.now();
  let removed: { name: string; when: string }[] = [];
  await updateFiles(context.paths, (files) => {
    const view = readAwsFiles(files.config.text, files.credentials.text);
    removed = summarizeProfiles(view)
      .filter((summary) => summary.managed && summary.kind === 'temporary' && summary.expiration && summary.expiration.getTime() <= now.getTime())
      .map((summary) => ({ name: summary.name, when: formatRelative(summary.expiration!, now) }));
    if (input.dryRun || removed.length === 0) return {};
    const names = new Set(removed.map((entry) => entry.name));
    const configLines = [...names].flatMap((name) => configHeaderLines(files.config.text, name));
    const credentialsLines = [...names].flatMap((name) => credentialsHeaderLines(files.credentials.text, name));
    return {
      config: serializeDocument(removeSections(parseDocument(files.config.text), configLines)),
      credentials: serializeDocument(removeSections(parseDocument(files.credentials.text), credentialsLines)),
    };
  });
  for (const entry of removed) context.out.stdout(`${input.dryRun ? 'would remove' : 'removed'} ${entry.name} (${entry.when})\n`);
  if (removed.length === 0) context.out.stderr('awsprof: nothing to clean: no expired profiles written by awsprof');
}

export const clean: DefinedCommand = {
  spec: {
    name: 'clean',
    positionals: [],
    options: { 'dry-run': { type: 'boolean', describe: 'Only say what would be removed' } },
  },
  describe: 'Remove expired temporary profiles that awsprof assume wrote (never any other profile)',
  execute: async (args) => {
    await runClean({ dryRun: args['dry-run'] === true }, createContext(args));
    return 0;
  },
};
