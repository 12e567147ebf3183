import { withFileSync } from '../errors.js';
import { assertNoLoneCarriageReturn } from '../ini/edit.js';
import { readText } from '../ini/read.js';
import { parseConfigSectionHeader } from './names.js';

/** Line numbers of every header in config that names one of the profiles, however spelled (`[profile "x"]` too). */
export function configHeaderLines(text: string, profiles: ReadonlySet<string>): number[] {
  return readText(text)
    .sections.filter((section) => {
      const parsed = parseConfigSectionHeader(section.header);
      return parsed.kind === 'profile' && profiles.has(parsed.name);
    })
    .map((section) => section.line);
}

/** Line numbers of every header in credentials that names one of the profiles (`[NAME]`, no prefix there). */
export function credentialsHeaderLines(text: string, profiles: ReadonlySet<string>): number[] {
  return readText(text)
    .sections.filter((section) => profiles.has(section.header))
    .map((section) => section.line);
}

/** Both files must be editable (no old Mac line endings) before any section is removed from either. */
export function assertBothEditable(files: Record<'config' | 'credentials', { text: string }>, paths: Record<'config' | 'credentials', string>): void {
  for (const key of ['config', 'credentials'] as const) withFileSync(paths[key], () => assertNoLoneCarriageReturn(files[key].text));
}
