import type { IniDocument } from './document.js';
import { isPythonSpace as isSpace, strip, stripEnd } from './syntax.js';

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
  /** Stop at the next section header: enough to edit one section of a 10,000-profile file without reading it all. */
  oneSection?: boolean;
}

/** Reads a document the way the AWS CLI would, collecting (not throwing) everything it would reject. */
export function readDocument(document: IniDocument, options: ReadOptions = {}): IniView {
  const lines = document.lines;
  const view = new ViewBuilder(new Array<LineRole>(lines.length));
  const reader = new LineReader(view, view.roles, options.oneSection === true);
  for (let index = 0; index < lines.length; index++) {
    const content = lines[index]!.content;
    if (!reader.read(content, 0, content.length, index)) break;
  }
  reader.finish();
  return view.result();
}

/**
 * {@link readDocument} straight from text, for commands that only read (`list`, `use`, `get`): it never builds the
 * line objects an edit needs, nor even a string per line (see {@link readTextInto}). Same view as
 * `readDocument(parseDocument(text))`.
 */
export function readText(text: string): IniView {
  const view = new ViewBuilder([]);
  readTextInto(text, view, view.roles);
  return view.result();
}

/**
 * What a reading reports, in file order. Collected into an {@link IniView} by readText and readDocument; a caller
 * that only needs values (profiles/view.ts) can take them straight into its own objects, without an entry object
 * per key or a role per line: for an organisation's 3 MB of config and credentials those were most of what the
 * garbage collector had to copy (#7).
 */
export interface IniSink {
  /** A section header; the entries that follow belong to it. */
  section(header: string, line: number): void;
  /**
   * A key, once its last line has been read: `value` with continuation lines joined as configparser joins them,
   * `nested` set for a nested block. `line` and `lastLine` are 0-based, as in IniEntry.
   */
  entry(key: string, name: string, value: string, nested: Record<string, string> | undefined, line: number, lastLine: number): void;
  problem(problem: IniProblem): void;
}

/**
 * Reads `text` into `sink` (and each line's role into `roles`, when given). Each line is read in place as a range of
 * `text`, so only the headers, keys and values reported are ever cut out of it.
 */
export function readTextInto(text: string, sink: IniSink, roles?: LineRole[]): void {
  const reader = new LineReader(sink, roles, false);
  let index = 0;
  for (let at = text.charCodeAt(0) === 0xfeff ? 1 : 0; at < text.length; index++) {
    const newline = text.indexOf('\n', at);
    if (newline === -1) {
      reader.read(text, at, text.length, index);
      break;
    }
    // As in parseDocument: a CR is part of the ending only when a LF follows it.
    reader.read(text, at, newline > at && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline, index);
    at = newline + 1;
  }
  reader.finish();
}

class ViewBuilder implements IniSink {
  private readonly sections: IniSection[] = [];
  private readonly problems: IniProblem[] = [];
  private current: IniEntry[] = [];

  constructor(readonly roles: LineRole[]) {}

  section(header: string, line: number): void {
    this.current = [];
    this.sections.push({ header, line, entries: this.current });
  }

  entry(key: string, name: string, value: string, nested: Record<string, string> | undefined, line: number, lastLine: number): void {
    const entry: IniEntry = { key, name, value, line, lastLine };
    if (nested) entry.nested = nested;
    this.current.push(entry);
  }

  problem(problem: IniProblem): void {
    this.problems.push(problem);
  }

  result(): IniView {
    return { sections: this.sections, roles: this.roles, problems: this.problems };
  }
}

const RECENT_SLOTS = 64;
const RECENT_MAX_LENGTH = 24;

/** Above this many keys in one section, duplicate keys are found with a map instead of a scan. */
const SCAN_LIMIT = 16;

/**
 * configparser's reading, one line at a time. A line is the range [start, end) of `text` (a whole file, or one
 * line's content), so the same code serves readText and readDocument and they cannot drift apart.
 */
class LineReader {
  private readonly seenSections = new Map<string, number>();
  private inSection = false;
  private header = '';
  /** The current section's lowercased keys and their lines, in order (reused from section to section). */
  private readonly keyNames: string[] = [];
  private readonly keyLines: number[] = [];
  /** Only for sections with more than SCAN_LIMIT keys: first line of each lowercased key. */
  private seenKeys: Map<string, number> | undefined;
  // The open entry: a key whose value may still continue on the lines that follow.
  private open = false;
  private key = '';
  private name = '';
  private value = '';
  private line = 0;
  private lastLine = 0;
  // Blank lines only matter once a continuation line follows them; counting them avoids an array per key.
  private continuation: string[] | undefined;
  private pendingBlanks = 0;
  private indentLevel = 0;
  // Where the next `=` and `:` at or after the current line are in `searched`: one native search serves every line up
  // to that character, so finding a key's end takes no per-character loop and stays linear over the file (#7).
  private searched = '';
  private nextEquals = -1;
  private nextColon = -1;
  /** Recently cut short strings (keys, regions, `default`), by a hash of their bytes: files repeat them thousands of times. */
  private readonly recent: string[] = new Array<string>(RECENT_SLOTS).fill('');

  constructor(
    private readonly sink: IniSink,
    private readonly roles: LineRole[] | undefined,
    private readonly oneSection: boolean,
  ) {}

  /** Reads one line; false when reading stops here (the next section header, with `oneSection`). */
  read(text: string, start: number, end: number, index: number): boolean {
    const roles = this.roles;
    let first = start;
    while (first < end && isSpace(text.charCodeAt(first))) first++;
    const code = text.charCodeAt(first);
    if (code === 35 /* # */ || code === 59 /* ; */) {
      if (roles) roles[index] = 'comment';
      return true;
    }
    if (first === end) {
      // configparser keeps blank lines inside a value, so they do not end a nested block.
      if (this.open) this.pendingBlanks++;
      if (roles) roles[index] = 'blank';
      return true;
    }
    // The stripped line (configparser's value.strip()) is [first, stop).
    let stop = end;
    while (isSpace(text.charCodeAt(stop - 1))) stop--;
    const indent = first - start;
    if (this.inSection && this.open && indent > this.indentLevel) {
      const continuation = (this.continuation ??= []);
      for (; this.pendingBlanks > 0; this.pendingBlanks--) continuation.push('');
      continuation.push(text.slice(first, stop));
      this.lastLine = index;
      if (roles) roles[index] = 'continuation';
      return true;
    }
    this.closeEntry();
    this.indentLevel = indent;
    if (code === 91 /* [ */) {
      // configparser SECTCRE `\[(?P<header>.+)\]`, matched on the stripped line: the greedy `.+` runs to the last `]`,
      // so `[a]b]` is section `a]b` and `[a] x` is section `a` (as matchReaderSection).
      let close = stop - 1;
      while (close > first + 1 && text.charCodeAt(close) !== 93 /* ] */) close--;
      if (close > first + 1) {
        if (roles) roles[index] = 'section';
        // With oneSection, the next header ends the read and is not itself read.
        if (this.oneSection && this.inSection) return false;
        this.openSection(text.slice(first + 1, close), index);
        return true;
      }
    }
    if (!this.inSection) {
      this.sink.problem({ line: index + 1, kind: 'orphan', message: 'a line before any [section] header' });
      if (roles) roles[index] = 'orphan';
      return true;
    }
    // configparser OPTCRE (as matchReaderOption): the key ends at the first `=` or `:`, both sides stripped.
    const separator = this.separatorFrom(text, first);
    let keyEnd = separator;
    while (keyEnd > first && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    if (separator >= stop || keyEnd === first) {
      this.sink.problem({ line: index + 1, kind: 'invalid', message: 'not a section header, key = value line or comment' });
      if (roles) roles[index] = 'invalid';
      return true;
    }
    let valueStart = separator + 1;
    while (valueStart < stop && isSpace(text.charCodeAt(valueStart))) valueStart++;
    const key = this.cut(text, first, keyEnd);
    const name = key.toLowerCase();
    const earlierKey = this.earlierKey(name, index);
    if (earlierKey !== undefined) {
      this.sink.problem({
        line: index + 1,
        kind: 'duplicate-key',
        message: `key ${name} already set in [${this.header}] on line ${earlierKey + 1}`,
      });
    }
    this.open = true;
    this.key = key;
    this.name = name;
    this.value = this.cut(text, valueStart, stop);
    this.line = index;
    this.lastLine = index;
    if (roles) roles[index] = 'option';
    return true;
  }

  /** The first `=` or `:` at or after `from` (text.length when there is none). */
  private separatorFrom(text: string, from: number): number {
    if (text !== this.searched) {
      this.searched = text;
      this.nextEquals = -1;
      this.nextColon = -1;
    }
    if (this.nextEquals < from) {
      const found = text.indexOf('=', from);
      this.nextEquals = found === -1 ? text.length : found;
    }
    if (this.nextColon < from) {
      const found = text.indexOf(':', from);
      this.nextColon = found === -1 ? text.length : found;
    }
    return this.nextEquals < this.nextColon ? this.nextEquals : this.nextColon;
  }

  /** text.slice(start, end), the same string object as last time for the short strings files repeat. */
  private cut(text: string, start: number, end: number): string {
    const length = end - start;
    // Longer slices share the file's text anyway; only short ones are copies.
    if (length > RECENT_MAX_LENGTH || length === 0) return text.slice(start, end);
    const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & (RECENT_SLOTS - 1);
    const cached = this.recent[slot]!;
    if (cached.length === length && text.startsWith(cached, start)) return cached;
    return (this.recent[slot] = text.slice(start, end));
  }

  finish(): void {
    this.closeEntry();
  }

  private openSection(header: string, index: number): void {
    const earlier = this.seenSections.get(header);
    if (earlier !== undefined) {
      this.sink.problem({ line: index + 1, kind: 'duplicate-section', message: `section [${header}] already appears on line ${earlier + 1}` });
    } else {
      this.seenSections.set(header, index);
    }
    this.inSection = true;
    this.header = header;
    this.keyNames.length = 0;
    this.keyLines.length = 0;
    this.seenKeys = undefined;
    this.sink.section(header, index);
  }

  /** The first line that set `name` in this section, and notes this one. Most sections hold a handful of keys. */
  private earlierKey(name: string, index: number): number | undefined {
    const names = this.keyNames;
    let earlier: number | undefined;
    if (names.length < SCAN_LIMIT) {
      for (let at = 0; at < names.length; at++) {
        if (names[at] === name) {
          earlier = this.keyLines[at];
          break;
        }
      }
    } else {
      if (!this.seenKeys) {
        this.seenKeys = new Map();
        for (let at = names.length - 1; at >= 0; at--) this.seenKeys.set(names[at]!, this.keyLines[at]!);
      }
      earlier = this.seenKeys.get(name);
      if (earlier === undefined) this.seenKeys.set(name, index);
    }
    names.push(name);
    this.keyLines.push(index);
    return earlier;
  }

  private closeEntry(): void {
    if (!this.open) return;
    this.open = false;
    let value = this.value;
    let nested: Record<string, string> | undefined;
    if (this.continuation) {
      // configparser joins the lines and strips trailing blank ones.
      value = stripEnd([value, ...this.continuation].join('\n'));
      nested = value.startsWith('\n') ? this.parseNested(value) : undefined;
      this.continuation = undefined;
    }
    this.pendingBlanks = 0;
    this.sink.entry(this.key, this.name, value, nested, this.line, this.lastLine);
  }

  /** botocore parses a value that starts on the next line as one level of nesting, splitting on the first `=`. */
  private parseNested(joined: string): Record<string, string> | undefined {
    const nested: Record<string, string> = {};
    for (const raw of joined.split(PYTHON_LINE_BREAKS)) {
      const text = strip(raw);
      if (text === '') continue;
      const equals = text.indexOf('=');
      if (equals === -1) {
        this.sink.problem({ line: this.line + 1, kind: 'bad-nested', message: `nested value under ${this.key} has a line without "="` });
        return undefined;
      }
      nested[strip(text.slice(0, equals))] = strip(text.slice(equals + 1));
    }
    return nested;
  }
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
