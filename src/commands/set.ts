import { AwsprofError } from '../errors.js';
import { lineNumberAt, parseDocument } from '../ini/document.js';
import { findSectionStartOffsets, nextColumnZeroHeader, setValueSplice, type TextSplice } from '../ini/edit.js';
import { readDocument } from '../ini/read.js';
import { updateFiles } from '../files/transaction.js';
import { resolveSetTarget } from '../profiles/configure-key.js';
import { assertValidRegion } from '../profiles/region.js';
import { assertValidValue } from '../profiles/validate.js';
import { shown } from '../output.js';
import { type CommandContext, createContext, currentProfileFromEnv, displayPath } from './context.js';
import type { DefinedCommand } from './spec.js';
import { fileOptions } from './warnings.js';

export interface SetInput {
  varname: string;
  value: string;
  profile?: string;
}

/** `aws configure set`, byte for byte, but atomic, locked, and refusing input that would inject INI structure. */
export async function runSet(input: SetInput, context: CommandContext): Promise<void> {
  const target = resolveSetTarget(input.varname, input.profile ?? currentProfileFromEnv(context.env));
  assertValidValue(input.value, input.varname);
  // configparser lowercases keys, so `Region` is the region too.
  if (target.key.toLowerCase() === 'region' && target.subkey === undefined) assertValidRegion(input.value, input.varname);
  const path = context.paths[target.file];
  const warnings: string[] = [];
  await updateFiles({ [target.file]: path } as Record<'config' | 'credentials', string>, (files) => {
    const text = files[target.file].text;
    if (text.charCodeAt(0) === 0xfeff) {
      warnings.push(`${displayPath(path, context.env)}: starts with a UTF-8 byte-order mark, which the AWS CLI cannot read; kept it as it was`);
    }
    const starts = findSectionStartOffsets(text, target.section);
    const lineOf = (offset: number) => lineNumberAt(text, offset);
    if (starts.length > 1) {
      const lines = starts.map(lineOf).join(', ');
      warnings.push(
        `${displayPath(path, context.env)}: [${target.section}] appears ${starts.length} times (lines ${lines}); updated the first, as the AWS CLI does`,
      );
    }
    const start = starts[0];
    if (start !== undefined) {
      const window = parseDocument(text.slice(start, nextColumnZeroHeader(text, start)));
      const section = readDocument(window, { oneSection: true }).sections[0];
      const variants = section?.entries.filter((entry) => entry.name === target.key.toLowerCase() && entry.key !== target.key) ?? [];
      for (const variant of variants) {
        warnings.push(
          `${displayPath(path, context.env)}:${lineOf(start) + variant.line}: ${variant.key} is the same key as ${target.key} to the AWS CLI (keys ignore case); replaced it`,
        );
      }
      // Only the target section is read (big files stay fast); its duplicate keys make the AWS CLI reject the file.
      const seen = new Set<string>();
      for (const entry of section?.entries ?? []) {
        if (seen.has(entry.name) && entry.name !== target.key.toLowerCase()) {
          warnings.push(`${displayPath(path, context.env)}:${lineOf(start) + entry.line}: ${entry.name} appears twice in [${target.section}]; the AWS CLI cannot read this file until one goes`);
        }
        seen.add(entry.name);
      }
    }
    try {
      const edited = setValueSplice(text, { section: target.section, key: target.key, subkey: target.subkey, value: input.value });
      return { [target.file]: edited } as Partial<Record<'config' | 'credentials', TextSplice>>;
    } catch (error) {
      if (error instanceof AwsprofError) error.file ??= path;
      throw error;
    }
  }, fileOptions(context));
  for (const warning of warnings) context.out.stderr(shown`awsprof: warning: ${warning}`);
}

export const set: DefinedCommand = {
  spec: {
    name: 'set',
    positionals: ['<varname>', '<value>'],
    positionalHelp: { varname: 'region, default.region, profile.NAME.region, s3.max_concurrent_requests, ...', value: 'The value (one line)' },
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
