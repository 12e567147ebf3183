import type { IniEntry, IniView } from './read.js';

/**
 * What the AWS CLI understands of a file: the sections in file order, each key's values (configparser folds key case;
 * a nested block is its parsed sub-keys, as botocore reads it), and the problems that make it reject the file.
 * Every edit is checked against this: the reading after an edit must be the reading before plus exactly the change
 * that was asked for. Byte-level placement can then follow the AWS CLI wherever that keeps the meaning.
 */
export interface IniReading {
  sections: ReadingSection[];
  /** Kinds of the problems the AWS CLI would reject the file for (duplicate sections or keys, stray lines...). */
  problems: string[];
}

export interface ReadingSection {
  header: string;
  /** 0-based line of the header, to tie a change to one section when a header appears twice. */
  line: number;
  /** Lowercased key → its values in file order (more than one only for a duplicate key). */
  values: Map<string, string[]>;
}

const NESTED_MARK = '\u0000nested';

/** A value as the AWS CLI uses it: plain text, or the sub-keys of a nested block in a stable order. */
function canonicalValue(entry: IniEntry): string {
  return entry.nested ? formatNested(entry.nested) : entry.value;
}

function formatNested(nested: Record<string, string>): string {
  return NESTED_MARK + JSON.stringify(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function parseNested(canonical: string | undefined): Record<string, string> {
  if (canonical === undefined || canonical === '') return {};
  if (!canonical.startsWith(NESTED_MARK)) return {};
  return Object.fromEntries(JSON.parse(canonical.slice(NESTED_MARK.length)) as Array<[string, string]>);
}

export function readingOf(view: IniView): IniReading {
  const sections = view.sections.map((section) => {
    const values = new Map<string, string[]>();
    for (const entry of section.entries) {
      const list = values.get(entry.name);
      if (list) list.push(canonicalValue(entry));
      else values.set(entry.name, [canonicalValue(entry)]);
    }
    return { header: section.header, line: section.line, values };
  });
  return { sections, problems: view.problems.map((problem) => problem.kind).sort() };
}

/** The change an edit was asked to make, in reading terms. */
export type ReadingChange =
  /** `section` is the header line of the section to change; undefined appends a new section named `header`. */
  | { kind: 'set'; section?: number; header: string; key: string; subkey?: string; value: string }
  | { kind: 'remove-keys'; section: number; keys: ReadonlySet<string> }
  | { kind: 'remove-section'; section: number };

/** The reading `before` should become after `changes`. Sections keep their place; new ones go last. */
export function expectedReading(before: IniReading, changes: readonly ReadingChange[]): IniReading {
  const sections: Array<ReadingSection | undefined> = before.sections.map((section) => ({ ...section, values: new Map(section.values) }));
  // A map, not a search per change: a sync of an organisation asks for 15,000 changes in 3,000 sections (#9).
  const indexByLine = new Map(before.sections.map((section, index) => [section.line, index]));
  const byLine = (line: number) => indexByLine.get(line) ?? -1;
  for (const change of changes) {
    if (change.kind === 'remove-section') {
      const index = byLine(change.section);
      if (index !== -1) sections[index] = undefined;
      continue;
    }
    if (change.kind === 'remove-keys') {
      const section = sections[byLine(change.section)];
      for (const key of change.keys) section?.values.delete(key);
      continue;
    }
    const index = change.section === undefined ? -1 : byLine(change.section);
    let section = sections[index];
    if (!section) {
      section = { header: change.header, line: -1, values: new Map() };
      sections.push(section);
    }
    const name = change.key.toLowerCase();
    const current = section.values.get(name);
    let value = change.value;
    if (change.subkey !== undefined) value = formatNested({ ...parseNested(current?.[0]), [change.subkey]: change.value });
    section.values.set(name, current ? [value, ...current.slice(1)] : [value]);
  }
  return { sections: sections.filter((section): section is ReadingSection => section !== undefined), problems: before.problems };
}

/**
 * The first way `actual` differs from `expected`, in words a user can act on; undefined when the AWS CLI reads them
 * alike. Problems may go away (an edit can drop a broken section) but never appear.
 */
export function describeReadingDifference(expected: IniReading, actual: IniReading): string | undefined {
  const count = Math.max(expected.sections.length, actual.sections.length);
  for (let index = 0; index < count; index++) {
    const want = expected.sections[index];
    const got = actual.sections[index];
    if (!got) return `[${want!.header}] would disappear`;
    if (!want) return `a section [${got.header}] would appear`;
    if (want.header !== got.header) return `[${want.header}] would be read as [${got.header}]`;
    for (const [key, values] of want.values) {
      const gotValues = got.values.get(key);
      if (!gotValues) return `${key} in [${want.header}] would be lost`;
      if (gotValues.length !== values.length || gotValues.some((value, at) => value !== values[at])) {
        return `${key} in [${want.header}] would read differently`;
      }
    }
    for (const key of got.values.keys()) if (!want.values.has(key)) return `a key ${key} would appear in [${got.header}]`;
  }
  const remaining = [...expected.problems];
  for (const problem of actual.problems) {
    const at = remaining.indexOf(problem);
    if (at === -1) return `the AWS CLI would find a new problem (${problem})`;
    remaining.splice(at, 1);
  }
  return undefined;
}
