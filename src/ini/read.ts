import type { IniDocument } from './document.js';
import { indentOf, matchReaderOption, matchReaderSection, strip, stripEnd } from './syntax.js';

/** str.splitlines() boundaries: botocore splits a nested value with it, so U+001C or U+2028 inside one starts a line. */
// eslint-disable-next-line no-control-regex
const PYTHON_LINE_BREAKS = /\r\n|[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;

/**
 * The read view of an INI document with the meaning the AWS CLI gives it (Python's configparser, strict, as botocore
 * configures it): keys are case-insensitive, an indented line after a key continues that key's value, and a value
 * whose first line is empty holds one level of nested `key = value` pairs (`s3 =` + indented lines).
 */
export type LineRole = 'blank' | 'comment' | 'section' | 'option' | 'continuation' | 'orphan' | 'invalid';

export interface IniEntry {
  /** The key as written (trailing whitespace removed). */
  key: string;
  /** The lowercased key: configparser folds case, so `Region` and `region` are one key. */
  name: string;
  /** The value with continuation lines joined by `\n`, as configparser returns it. */
  value: string;
  /** Set when the value is a nested block (`s3 =` followed by indented `key = value` lines). */
  nested?: Record<string, string>;
  /** 0-based index of the key's line. */
  line: number;
  /** 0-based index of the last continuation line that belongs to the key (`line` when there is none). */
  lastLine: number;
}

export interface IniSection {
  header: string;
  /** 0-based index of the header line. */
  line: number;
  entries: IniEntry[];
}

export interface IniProblem {
  /** 1-based line number, as people and editors count. */
  line: number;
  kind: 'orphan' | 'invalid' | 'duplicate-section' | 'duplicate-key' | 'bad-nested';
  message: string;
}

export interface IniView {
  sections: IniSection[];
  roles: LineRole[];
  problems: IniProblem[];
}

export interface ReadOptions {
  /** Start at this line, which must be a section header (or 0); roles before it are left undefined. */
  from?: number;
  /** Stop at the next section header: enough to edit one section of a 10,000-profile file without reading it all. */
  oneSection?: boolean;
}

/** Reads a document the way the AWS CLI would, collecting (not throwing) everything it would reject. */
export function readDocument(document: IniDocument, options: ReadOptions = {}): IniView {
  const lines = document.lines;
  return readLines(lines.length, (index) => lines[index]!.content, options);
}

/**
 * {@link readDocument} straight from text, for commands that only read (`list`, `use`, `get`): it never builds the
 * line objects an edit needs, which for a 10,000-profile file is most of the memory and the garbage-collection time.
 * Line numbers and roles are the same as for `readDocument(parseDocument(text))`.
 */
export function readText(text: string): IniView {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = text.charCodeAt(0) === 0xfeff ? 1 : 0; at < text.length; ) {
    const newline = text.indexOf('\n', at);
    starts.push(at);
    if (newline === -1) {
      ends.push(text.length);
      break;
    }
    // As in parseDocument: a CR is part of the ending only when a LF follows it.
    ends.push(newline > at && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
    at = newline + 1;
  }
  return readLines(starts.length, (index) => text.slice(starts[index], ends[index]));
}

function readLines(lineCount: number, contentAt: (index: number) => string, options: ReadOptions = {}): IniView {
  const sections: IniSection[] = [];
  const roles: LineRole[] = new Array<LineRole>(lineCount);
  const problems: IniProblem[] = [];
  const seenSections = new Map<string, number>();
  let section: IniSection | undefined;
  let entry: IniEntry | undefined;
  // Blank lines only matter once a continuation line follows them; counting them avoids an array per key.
  let continuation: string[] | undefined;
  let pendingBlanks = 0;
  const seenKeys = new Map<string, number>();
  let indentLevel = 0;

  const closeEntry = () => {
    if (!entry) return;
    if (continuation) finishEntry(entry, continuation, problems);
    entry = undefined;
    continuation = undefined;
    pendingBlanks = 0;
  };

  for (let index = options.from ?? 0; index < lineCount; index++) {
    const content = contentAt(index);
    const indent = indentOf(content);
    const first = content.charCodeAt(indent);
    if (first === 35 /* # */ || first === 59 /* ; */) {
      roles[index] = 'comment';
      continue;
    }
    if (indent === content.length) {
      // configparser keeps blank lines inside a value, so they do not end a nested block.
      if (entry) pendingBlanks++;
      roles[index] = 'blank';
      continue;
    }
    const stripped = strip(content);
    if (section && entry && indent > indentLevel) {
      continuation ??= [];
      for (; pendingBlanks > 0; pendingBlanks--) continuation.push('');
      continuation.push(stripped);
      entry.lastLine = index;
      roles[index] = 'continuation';
      continue;
    }
    closeEntry();
    indentLevel = indent;
    const header = first === 91 /* [ */ ? matchReaderSection(stripped) : undefined;
    if (header !== undefined) {
      if (options.oneSection && section) {
        roles[index] = 'section';
        break;
      }
      const earlier = seenSections.get(header);
      if (earlier !== undefined) {
        problems.push({
          line: index + 1,
          kind: 'duplicate-section',
          message: `section [${header}] already appears on line ${earlier + 1}`,
        });
      } else {
        seenSections.set(header, index);
      }
      section = { header, line: index, entries: [] };
      sections.push(section);
      seenKeys.clear();
      roles[index] = 'section';
      continue;
    }
    if (!section) {
      problems.push({ line: index + 1, kind: 'orphan', message: 'a line before any [section] header' });
      roles[index] = 'orphan';
      continue;
    }
    const option = matchReaderOption(stripped);
    if (!option || option.key === '') {
      problems.push({ line: index + 1, kind: 'invalid', message: 'not a section header, key = value line or comment' });
      roles[index] = 'invalid';
      continue;
    }
    const name = option.key.toLowerCase();
    const earlierKey = seenKeys.get(name);
    if (earlierKey !== undefined) {
      problems.push({
        line: index + 1,
        kind: 'duplicate-key',
        message: `key ${name} already set in [${section.header}] on line ${earlierKey + 1}`,
      });
    } else {
      seenKeys.set(name, index);
    }
    entry = { key: option.key, name, value: option.value, line: index, lastLine: index };
    section.entries.push(entry);
    roles[index] = 'option';
  }
  closeEntry();
  return { sections, roles, problems };
}

function finishEntry(entry: IniEntry, continuation: string[], problems: IniProblem[]): void {
  // configparser joins the lines and strips trailing blank ones.
  const joined = stripEnd([entry.value, ...continuation].join('\n'));
  entry.value = joined;
  if (!joined.startsWith('\n')) return;
  // botocore parses a value that starts on the next line as one level of nesting, splitting on the first `=`.
  const nested: Record<string, string> = {};
  for (const raw of joined.split(PYTHON_LINE_BREAKS)) {
    const text = strip(raw);
    if (text === '') continue;
    const equals = text.indexOf('=');
    if (equals === -1) {
      problems.push({ line: entry.line + 1, kind: 'bad-nested', message: `nested value under ${entry.key} has a line without "="` });
      return;
    }
    nested[strip(text.slice(0, equals))] = strip(text.slice(equals + 1));
  }
  entry.nested = nested;
}

/** All sections with this exact header, in file order (more than one is a duplicate the AWS CLI rejects). */
export function findSections(view: IniView, header: string): IniSection[] {
  return view.sections.filter((section) => section.header === header);
}

/** The effective value of a key in a header's sections: later duplicates win, as in the AWS SDK. */
export function findEntry(view: IniView, header: string, name: string): IniEntry | undefined {
  let found: IniEntry | undefined;
  const wanted = name.toLowerCase();
  for (const section of findSections(view, header)) {
    for (const entry of section.entries) if (entry.name === wanted) found = entry;
  }
  return found;
}
