import { parseDocument, serializeDocument } from '../ini/document.js';
import { findSectionStarts, setValue } from '../ini/edit.js';
import { readDocument } from '../ini/read.js';
import { updateFiles } from '../files/transaction.js';
import { resolveSetTarget } from '../profiles/configure-key.js';
import { assertValidValue } from '../profiles/validate.js';
import { type CommandContext, createContext, currentProfileFromEnv, displayPath } from './context.js';
import type { DefinedCommand } from './spec.js';

export interface SetInput {
  varname: string;
  value: string;
  profile?: string;
}

/** `aws configure set`, byte for byte, but atomic, locked, and refusing input that would inject INI structure. */
export async function runSet(input: SetInput, context: CommandContext): Promise<void> {
  const target = resolveSetTarget(input.varname, input.profile ?? currentProfileFromEnv(context.env));
  assertValidValue(input.value, input.varname);
  const path = context.paths[target.file];
  const warnings: string[] = [];
  await updateFiles({ [target.file]: path } as Record<'config' | 'credentials', string>, (files) => {
    const document = parseDocument(files[target.file].text);
    const starts = findSectionStarts(document, target.section);
    if (starts.length > 1) {
      const lines = starts.map((start) => start + 1).join(', ');
      warnings.push(
        `${displayPath(path, context.env)}: [${target.section}] appears ${starts.length} times (lines ${lines}); updated the first, as the AWS CLI does`,
      );
    }
    const section = starts[0] === undefined ? undefined : readDocument(document, { from: starts[0], oneSection: true }).sections[0];
    if (section) {
      const variants = section.entries.filter((entry) => entry.name === target.key.toLowerCase() && entry.key !== target.key);
      for (const variant of variants) {
        warnings.push(
          `${displayPath(path, context.env)}:${variant.line + 1}: ${variant.key} is the same key as ${target.key} to the AWS CLI (keys ignore case); replaced it`,
        );
      }
    }
    const edited = setValue(document, { section: target.section, key: target.key, subkey: target.subkey, value: input.value });
    return { [target.file]: serializeDocument(edited) } as Partial<Record<'config' | 'credentials', string>>;
  });
  for (const warning of warnings) context.out.stderr(`awsprof: warning: ${warning}`);
}

export const set: DefinedCommand = {
  spec: {
    name: 'set',
    positionals: ['<varname>', '<value>'],
    options: { profile: { type: 'string', describe: 'Profile to write to (default: AWS_PROFILE or default)' } },
  },
  describe: 'Set a value in config or credentials, exactly as `aws configure set` would',
  examples: [
    ['$0 set region eu-west-1 --profile dev', ''],
    ['$0 set profile.dev.s3.max_concurrent_requests 20', ''],
  ],
  execute: async (args) => {
    await runSet({ varname: String(args.varname), value: String(args.value), profile: args.profile as string | undefined }, createContext(args));
    return 0;
  },
};
