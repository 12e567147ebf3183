import { IniSyntaxError } from '../errors.js';
import { firstLineEnding, type IniDocument, type IniLine, lineNumberAt, parseDocument, preferredLineEnding, serializeDocument, terminateLine } from './document.js';
import { type IniView, readDocument } from './read.js';
import { matchReaderSection, matchWriterOption, matchWriterSection } from './syntax.js';

/**
 * Edits that land exactly where `aws configure set` puts them (awscli/customizations/configure/writer.py), with the
 * same `key = value` spacing, so the result is byte-identical to the AWS CLI's wherever the AWS CLI is right.
 * Where writer.py damages a file, these edits do what was asked and keep every other byte; each such place is
 * marked "AWS CLI bug" here and listed in docs/differences-from-aws-cli.md.
 */
export interface SetValueRequest {
  /** The section header without brackets, e.g. `default`, `profile dev`, `dev` (credentials), `plugins`. */
  section: string;
  key: string;
  value: string;
  /** Set for one level of nesting: `s3.max_concurrent_requests` is key `s3`, subkey `max_concurrent_requests`. */
  subkey?: string;
}

const NESTED_INDENT = '    ';

/** Returns a new document with the value set; the input is not modified. */
export function setValue(document: IniDocument, request: SetValueRequest): IniDocument {
  // Copy the line list, not the lines: edits replace line objects, so the input document is never changed.
  const edited: IniDocument = { ...document, lines: document.lines.slice() };
  const start = findSectionStart(edited, request.section);
  if (start === -1) {
    appendSection(edited, request);
    return edited;
  }
  updateSection(edited, readDocument(edited, { from: start, oneSection: true }), start, request);
  return edited;
}

/**
 * {@link setValue} on text, touching only the target section: the section's lines (plus the next header, so the edit
 * sees where the section ends) are cut out with native string search, edited, and spliced back. Same bytes as
 * `serializeDocument(setValue(parseDocument(text), request))`, without building 50,000 line objects for a big file.
 */
export function setValueInText(text: string, request: SetValueRequest): string {
  assertNoLoneCarriageReturn(text);
  const bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const start = findSectionStartOffsets(text, request.section, bomLength, true)[0];
  let from: number;
  let to: number;
  if (start === undefined) {
    // Appending a section only needs the last line, to terminate it.
    from = Math.max(bomLength, text.lastIndexOf('\n', text.length - 2) + 1);
    to = text.length;
  } else {
    from = start;
    to = nextColumnZeroHeader(text, start);
  }
  // The file's own BOM is before `from`; a U+FEFF at the window's start is content, so parse behind a BOM of our own.
  const window: IniDocument = { ...parseDocument(`\uFEFF${text.slice(from, to)}`), bom: false, newline: firstLineEnding(text) };
  try {
    return text.slice(0, from) + serializeDocument(setValue(window, request)) + text.slice(to);
  } catch (error) {
    // Lines in the window count from its first line; the caller's file counts from its own.
    if (error instanceof IniSyntaxError && error.line !== undefined) error.line += lineNumberAt(text, from) - 1;
    throw error;
  }
}

/** Offsets of the lines that start the section, in writer.py's sense (see {@link findSectionStarts}). */
export function findSectionStartOffsets(text: string, section: string, bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0, first = false): number[] {
  const offsets: number[] = [];
  for (const candidate of sectionPrefixes(section)) {
    let at = text.indexOf(candidate, bomLength);
    while (at !== -1) {
      if (at === bomLength || text.charCodeAt(at - 1) === 10) {
        const lineEnd = text.indexOf('\n', at);
        const line = text.slice(at, lineEnd === -1 ? text.length : lineEnd);
        const match = matchWriterSection(line);
        if (match && matchesSection(match.matched, section)) offsets.push(at);
      }
      at = text.indexOf(candidate, at + 1);
    }
  }
  offsets.sort((a, b) => a - b);
  return first ? offsets.slice(0, 1) : offsets;
}

/**
 * The end of the next unindented header line after the section start (that header stays in the window so the edit
 * sees where the section ends), or the end of the text. An unindented header always ends a section for configparser.
 */
export function nextColumnZeroHeader(text: string, sectionStart: number): number {
  let next = text.indexOf('\n[', sectionStart);
  while (next !== -1) {
    const lineEnd = text.indexOf('\n', next + 1);
    const line = text.slice(next + 1, lineEnd === -1 ? text.length : lineEnd);
    if (matchReaderSection(line.trim()) !== undefined) return lineEnd === -1 ? text.length : lineEnd + 1;
    next = text.indexOf('\n[', next + 1);
  }
  return text.length;
}

function sectionPrefixes(section: string): string[] {
  const parts = section.split(' ');
  const prefixes = [`[${section}]`];
  if (parts.length > 1) prefixes.push(`[${parts[0]} "${parts.slice(1).join(' ')}"]`);
  return prefixes;
}

function newLines(document: IniDocument, texts: string[]): IniLine[] {
  const ending = preferredLineEnding(document);
  return texts.map((content) => ({ content, ending }));
}

function entryLines(request: SetValueRequest, indent = ''): string[] {
  if (request.subkey === undefined) return [`${indent}${request.key} = ${request.value}`];
  return [`${indent}${request.key} =`, `${indent}${NESTED_INDENT}${request.subkey} = ${request.value}`];
}

function insertLines(document: IniDocument, index: number, texts: string[]): void {
  const at = Math.min(index, document.lines.length);
  // AWS CLI bug: writer.py inserts after an unterminated last line and glues the two together.
  if (at > 0) terminateLine(document, at - 1);
  document.lines.splice(at, 0, ...newLines(document, texts));
}

/** writer.py `_matches_section`: the bracketed text must equal `[name]`, or `[profile "two words"]` when quoted. */
function matchesSection(matched: string, section: string): boolean {
  if (matched === `[${section}]`) return true;
  const parts = section.split(' ');
  return parts.length > 1 && matched === `[${parts[0]} "${parts.slice(1).join(' ')}"]`;
}

/** Every header line for the section, skipping comments, as writer.py `_find_section_start` matches them. */
export function findSectionStarts(document: IniDocument, section: string, first = false): number[] {
  const starts: number[] = [];
  const lines = document.lines;
  // writer.py compares the text up to the first `]` with `[name]` (or `[profile "two words"]`), so a header line
  // must start with one of these prefixes.
  const prefixes = sectionPrefixes(section);
  for (let index = 0; index < lines.length; index++) {
    const content = lines[index]!.content;
    if (!prefixes.some((prefix) => content.startsWith(prefix))) continue;
    const match = matchWriterSection(content);
    if (match !== undefined && matchesSection(match.matched, section)) {
      starts.push(index);
      if (first) break;
    }
  }
  return starts;
}

/** The first header line for the section, as writer.py `_find_section_start` finds it; -1 when there is none. */
export function findSectionStart(document: IniDocument, section: string): number {
  return findSectionStarts(document, section, true)[0] ?? -1;
}

function appendSection(document: IniDocument, request: SetValueRequest): void {
  // writer.py `_write_new_section`: a newline if the file does not end with one, then the header and the entry.
  insertLines(document, document.lines.length, [`[${request.section}]`, ...entryLines(request)]);
}

function updateSection(document: IniDocument, view: IniView, start: number, request: SetValueRequest): void {
  const wanted = request.key.toLowerCase();
  let lastMatchingLine = start;
  for (let index = start + 1; index < document.lines.length; index++) {
    const line = document.lines[index]!;
    // AWS CLI bug: writer.py ends the section at any line that looks like a header, even an indented one that
    // configparser reads as a continuation, and then writes a duplicate key the AWS CLI cannot parse.
    if (view.roles[index] === 'section') {
      insertLines(document, endOfValue(view, lastMatchingLine) + 1, entryLines(request));
      return;
    }
    const option = matchWriterOption(line.content);
    if (!option) continue;
    lastMatchingLine = index;
    // AWS CLI bugs: writer.py matches keys case-sensitively (so `Region` gets a duplicate `region` the AWS CLI
    // rejects) and also matches indented sub-keys and continuation lines (so `set max_attempts` could replace
    // `    max_attempts` under `s3 =`). Only real top-level keys match here, without regard to case.
    if (view.roles[index] !== 'option' || option.key.toLowerCase() !== wanted) continue;
    const entry = findEntryAtLine(view, index);
    if (request.subkey !== undefined) {
      if (entry && entry.value !== '' && entry.nested === undefined) {
        throw new IniSyntaxError(`${request.key} has a plain value, so it cannot hold the nested key ${request.subkey}`, {
          line: index + 1,
          hint: `remove or rename ${request.key} first`,
        });
      }
      updateNested(document, view, index, option.indent, request);
      return;
    }
    if (entry && entry.lastLine > entry.line) {
      throw new IniSyntaxError(`${request.key} has a value that continues on the ${entry.lastLine - entry.line} indented line(s) after it`, {
        line: index + 1,
        hint: entry.nested ? `set one nested key instead, e.g. ${request.key}.NAME` : `edit the file by hand`,
      });
    }
    // writer.py writes `key = value\n`, so an unterminated last line gets its newline.
    document.lines[index] = { content: `${request.key} = ${request.value}`, ending: line.ending || preferredLineEnding(document) };
    return;
  }
  // writer.py appends a newline to an unterminated file, then inserts two lines past the last key-like line.
  terminateLine(document, document.lines.length - 1);
  const end = endOfValue(view, lastMatchingLine);
  insertLines(document, end === lastMatchingLine ? lastMatchingLine + 2 : end + 1, entryLines(request));
}

function findEntryAtLine(view: IniView, line: number) {
  for (const section of view.sections) for (const entry of section.entries) if (entry.line === line) return entry;
  return undefined;
}

/**
 * The last line of the value `line` belongs to. AWS CLI bug: writer.py inserts new keys after the last line that
 * contains `=` or `:`, which can be in the middle of a multi-line value (`credential_process = x` followed by indented
 * arguments); the new key then splits the value and the arguments become part of the new key.
 */
function endOfValue(view: IniView, line: number): number {
  for (const section of view.sections) {
    for (const entry of section.entries) if (entry.line <= line && line < entry.lastLine) return entry.lastLine;
  }
  return line;
}

/** writer.py `_update_subattributes`, without its crashes, glued lines and top-level replacements. */
function updateNested(document: IniDocument, view: IniView, optionLine: number, startingIndent: number, request: SetValueRequest): void {
  const subkey = request.subkey!;
  const value = request.value;
  for (let index = optionLine + 1; index < document.lines.length; index++) {
    const line = document.lines[index]!;
    const role = view.roles[index];
    const option = matchWriterOption(line.content);
    if (role === 'continuation' && option && option.key === subkey) {
      // writer.py re-indents with spaces, one per character of the original indent.
      document.lines[index] = { content: `${' '.repeat(option.indent)}${subkey} = ${value}`, ending: line.ending || preferredLineEnding(document) };
      return;
    }
    // AWS CLI bug: writer.py only stops at exactly the starting indent, so a shallower key never ends the block.
    if (role === 'section' || (option && role !== 'continuation' && option.indent <= startingIndent)) {
      insertLines(document, index, [`${NESTED_INDENT}${subkey} = ${value}`]);
      return;
    }
  }
  // AWS CLI bug: writer.py crashes here when `s3 =` is the last line or is followed only by blank lines.
  insertLines(document, document.lines.length, [`${NESTED_INDENT}${subkey} = ${value}`]);
}

/**
 * The lines that removing a section takes: header through its last key or continuation line. Comments and blank
 * lines after the last key stay, since they usually introduce the next section; one blank line goes too when it
 * would otherwise double up.
 */
function sectionLines(document: IniDocument, view: IniView, headerLine: number): number[] {
  const section = view.sections.find((candidate) => candidate.line === headerLine);
  if (!section) return [];
  const last = section.entries.reduce((end, entry) => Math.max(end, entry.lastLine), section.line);
  const lines: number[] = [];
  for (let index = section.line; index <= last; index++) lines.push(index);
  const isBlank = (line: IniLine | undefined) => line !== undefined && line.content.trim() === '';
  if ((section.line === 0 || isBlank(document.lines[section.line - 1])) && isBlank(document.lines[last + 1])) lines.push(last + 1);
  return lines;
}

function withoutLines(document: IniDocument, drop: Set<number>): IniDocument {
  return { ...document, lines: document.lines.filter((_, index) => !drop.has(index)) };
}

/** Removes whole sections, given their header lines; every other byte stays. */
export function removeSections(document: IniDocument, headerLines: number[]): IniDocument {
  const view = readDocument(document);
  return withoutLines(document, new Set(headerLines.flatMap((headerLine) => sectionLines(document, view, headerLine))));
}

/**
 * Removes the keys `dropKey` selects from the sections at these header lines, and the whole section when what is left
 * satisfies `dropSection` (e.g. nothing, or only keys the same tool wrote). Lines of other keys and comments stay.
 */
export function pruneSections(
  document: IniDocument,
  headerLines: number[],
  dropKey: (name: string) => boolean,
  dropSection: (remainingKeys: string[]) => boolean,
): IniDocument {
  const view = readDocument(document);
  const drop = new Set<number>();
  for (const headerLine of headerLines) {
    const section = view.sections.find((candidate) => candidate.line === headerLine);
    if (!section) continue;
    const remaining = section.entries.filter((entry) => !dropKey(entry.name));
    if (dropSection(remaining.map((entry) => entry.name))) {
      for (const line of sectionLines(document, view, headerLine)) drop.add(line);
      continue;
    }
    for (const entry of section.entries) {
      if (!dropKey(entry.name)) continue;
      for (let line = entry.line; line <= entry.lastLine; line++) drop.add(line);
    }
  }
  return withoutLines(document, drop);
}

/**
 * Refuses text with a lone CR (classic Mac line endings). Python reads a CR as a line break, so the AWS CLI sees lines
 * that awsprof's line model would not; editing such a file safely is not possible without converting it first.
 */
export function assertNoLoneCarriageReturn(text: string): void {
  const match = /\r(?!\n)/.exec(text);
  if (!match) return;
  throw new IniSyntaxError('has a carriage return without a line feed (old Mac line endings)', {
    line: lineNumberAt(text, match.index),
    hint: 'convert the file to LF or CRLF line endings first',
  });
}

/** Removes a top-level key (and its continuation lines) from the first matching section; text is unchanged if absent. */
export function removeKeyInText(text: string, section: string, key: string): string {
  assertNoLoneCarriageReturn(text);
  const document = parseDocument(text);
  const start = findSectionStart(document, section);
  if (start === -1) return text;
  const view = readDocument(document, { from: start, oneSection: true });
  const wanted = key.toLowerCase();
  const drop = new Set<number>();
  for (const entry of view.sections[0]?.entries ?? []) {
    if (entry.name !== wanted) continue;
    for (let line = entry.line; line <= entry.lastLine; line++) drop.add(line);
  }
  if (drop.size === 0) return text;
  return serializeDocument({ ...document, lines: document.lines.filter((_, index) => !drop.has(index)) });
}
