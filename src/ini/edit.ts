import { IniSyntaxError } from '../errors.js';
import { firstLineEnding, type IniDocument, type IniLine, lineNumberAt, parseDocument, preferredLineEnding, serializeDocument, terminateLine } from './document.js';
import { describeReadingDifference, expectedReading, type ReadingChange, readingOf } from './meaning.js';
import { type IniEntry, type IniView, readDocument } from './read.js';
import { describeUnwritableValue } from './value.js';
import { indentOf, matchReaderSection, strip, matchWriterOption, matchWriterSection } from './syntax.js';

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

/**
 * Returns a new document with the value set; the input is not modified. Placement follows `aws configure set` where
 * that keeps the AWS CLI's reading of every other line; where it would not (an indented section, a value with
 * continuation lines, an indented header), the smallest change that keeps it wins; where nothing keeps it, refuses
 * with the line and the reason. The check is not a list of special cases: each candidate edit is read back the way the
 * AWS CLI reads it and compared with the reading before plus exactly the asked change.
 */
export function setValue(document: IniDocument, request: SetValueRequest): IniDocument {
  // Whatever the value's source (a flag, an STS answer, a value copied from another profile), it must be one line.
  const unwritable = describeUnwritableValue(request.value);
  if (unwritable) throw new IniSyntaxError(`the value for ${request.key} in [${request.section}] ${unwritable}; refusing to write it`);
  const view = readDocument(document);
  const start = findReaderSectionStart(document, view, request.section);
  if (start !== -1 && request.subkey !== undefined) assertCanNest(view, start, request);
  const changes: ReadingChange[] = [
    { kind: 'set', section: start === -1 ? undefined : start, header: request.section, key: request.key, subkey: request.subkey, value: request.value },
  ];
  const candidates = start === -1 ? [() => appendSection(document, request)] : sectionCandidates(document, view, start, request);
  const outcome = firstKeepingReading(view, changes, candidates);
  if ('edited' in outcome) return outcome.edited;
  const entry = start === -1 ? undefined : findEntryInSection(view, start, request.key);
  throw new IniSyntaxError(`cannot set ${request.key} in [${request.section}] without changing what the AWS CLI reads: ${outcome.difference}`, {
    line: (entry?.line ?? (start === -1 ? document.lines.length - 1 : start)) + 1,
    hint: 'edit the file by hand',
  });
}

/**
 * {@link setValue} on text, touching only the target section: the section's lines (plus the next header, so the edit
 * sees where the section ends) are cut out with native string search, edited, and spliced back. Same bytes as
 * `serializeDocument(setValue(parseDocument(text), request))`, without building 50,000 line objects for a big file.
 */
export function setValueInText(text: string, request: SetValueRequest): string {
  return applySplice(text, setValueSplice(text, request));
}

/** A change to a text: the characters [from, to) replaced by `insert`. */
export interface TextSplice {
  from: number;
  to: number;
  insert: string;
}

export function applySplice(text: string, splice: TextSplice): string {
  return text.slice(0, splice.from) + splice.insert + text.slice(splice.to);
}

/**
 * {@link setValueInText} as the splice it makes: a writer can then reuse the bytes of everything else (a 10,000-profile
 * file is a megabyte, one line of it changes; see files/encode-edit.ts).
 */
export function setValueSplice(text: string, request: SetValueRequest): TextSplice {
  assertNoLoneCarriageReturn(text);
  const bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const start = findSectionStartOffsets(text, request.section, bomLength, true)[0];
  let from: number;
  let to: number;
  if (start === undefined) {
    // Appending a section only needs the last section: reading from its unindented header gives every line after it
    // the role it has in the whole file (a lone last line could be a continuation that reads as a header alone).
    from = lastColumnZeroHeaderBefore(text, text.length, bomLength);
    to = text.length;
  } else {
    from = start;
    to = nextColumnZeroHeader(text, start);
  }
  return editWindow(text, from, to, (window) => setValue(window, request));
}

/**
 * Runs a pure edit on the lines [from, to) of `text`, as the splice that puts the result back; errors name lines of the whole file.
 * `from` must start a line the reader takes the way it would in the whole file (a header, or the file's start).
 */
function editWindow(text: string, from: number, to: number, edit: (window: IniDocument) => IniDocument): TextSplice {
  // The file's own BOM is before `from`; a U+FEFF at the window's start is content, so parse behind a BOM of our own.
  const window: IniDocument = { ...parseDocument(`\uFEFF${text.slice(from, to)}`), bom: false, newline: firstLineEnding(text) };
  try {
    return { from, to, insert: serializeDocument(edit(window)) };
  } catch (error) {
    // Lines in the window count from its first line; the caller's file counts from its own.
    if (error instanceof IniSyntaxError && error.line !== undefined) error.line += lineNumberAt(text, from) - 1;
    throw error;
  }
}

/**
 * Offsets of the lines that start the section: writer.py's header match, on lines configparser reads as headers (see
 * {@link findReaderSectionStart}). Found with native string search; only an indented candidate needs a read, from the
 * unindented header before it.
 */
export function findSectionStartOffsets(text: string, section: string, bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0, first = false): number[] {
  const offsets = new Set<number>();
  for (const candidate of sectionPrefixes(section)) {
    for (let at = text.indexOf(candidate, bomLength); at !== -1; at = text.indexOf(candidate, at + 1)) {
      const lineStart = Math.max(bomLength, text.lastIndexOf('\n', at - 1) + 1);
      const indent = text.slice(lineStart, at);
      if (indentOf(indent) !== indent.length) continue;
      const lineEnd = text.indexOf('\n', at);
      const match = matchWriterSection(text.slice(at, lineEnd === -1 ? text.length : lineEnd));
      if (!match || !matchesSection(match.matched, section)) continue;
      if (lineStart === at || isReadAsHeader(text, lineStart, lineEnd === -1 ? text.length : lineEnd, bomLength)) offsets.add(lineStart);
    }
  }
  const sorted = [...offsets].sort((a, b) => a - b);
  return first ? sorted.slice(0, 1) : sorted;
}

/** The offset of the last unindented header line that starts before `offset`, or of the text's start. */
function lastColumnZeroHeaderBefore(text: string, offset: number, bomLength: number): number {
  if (offset <= bomLength) return bomLength;
  for (let at = text.lastIndexOf('\n[', offset - 1); at !== -1; at = at === 0 ? -1 : text.lastIndexOf('\n[', at - 1)) {
    const end = text.indexOf('\n', at + 1);
    if (at + 1 < offset && matchReaderSection(strip(text.slice(at + 1, end === -1 ? text.length : end))) !== undefined) return at + 1;
  }
  return bomLength;
}

/** Whether configparser reads the indented header line at `lineStart` as a header rather than a continuation. */
function isReadAsHeader(text: string, lineStart: number, lineEnd: number, bomLength: number): boolean {
  // An unindented header always starts a section, so reading from the last one before the line gives its role.
  const from = lastColumnZeroHeaderBefore(text, lineStart, bomLength);
  const window = parseDocument(`\uFEFF${text.slice(from, lineEnd)}`);
  const roles = readDocument(window).roles;
  return roles[roles.length - 1] === 'section';
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
    if (matchReaderSection(strip(line)) !== undefined) return lineEnd === -1 ? text.length : lineEnd + 1;
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

/** writer.py `_write_new_section`: a newline if the file does not end with one, then the header and the entry. */
function appendSection(document: IniDocument, request: SetValueRequest): IniDocument {
  const edited = copyLines(document);
  insertLines(edited, edited.lines.length, [`[${request.section}]`, ...entryLines(request)]);
  return edited;
}

function copyLines(document: IniDocument): IniDocument {
  return { ...document, lines: document.lines.slice() };
}

/**
 * The first header line the AWS CLI reads as this section: writer.py's header match, on the lines configparser reads
 * as headers. writer.py itself only matches headers at the start of a line, so for `  [default]` it appends a second
 * `[default]` and the AWS CLI then rejects the whole file; configparser reads that line as the section, and so do we.
 */
export function findReaderSectionStart(document: IniDocument, view: IniView, section: string): number {
  const prefixes = sectionPrefixes(section);
  for (const candidate of view.sections) {
    const content = document.lines[candidate.line]!.content;
    const stripped = content.slice(indentOf(content));
    if (!prefixes.some((prefix) => stripped.startsWith(prefix))) continue;
    const match = matchWriterSection(stripped);
    if (match && matchesSection(match.matched, section)) return candidate.line;
  }
  return -1;
}

function findEntryInSection(view: IniView, start: number, key: string): IniEntry | undefined {
  const wanted = key.toLowerCase();
  return view.sections.find((section) => section.line === start)?.entries.find((entry) => entry.name === wanted);
}

function assertCanNest(view: IniView, start: number, request: SetValueRequest): void {
  const entry = findEntryInSection(view, start, request.key);
  if (entry && entry.value !== '' && entry.nested === undefined) {
    throw new IniSyntaxError(`${request.key} has a plain value, so it cannot hold the nested key ${request.subkey}`, {
      line: entry.line + 1,
      hint: `remove or rename ${request.key} first`,
    });
  }
}

const leadingWhitespace = (content: string) => content.slice(0, indentOf(content));

/** The edits worth trying for a section that exists, best first: the AWS CLI's own bytes, then the fixes. */
function sectionCandidates(document: IniDocument, view: IniView, start: number, request: SetValueRequest): Array<() => IniDocument> {
  const entry = findEntryInSection(view, start, request.key);
  if (entry && request.subkey !== undefined) {
    // writer.py indents a new sub-key by four spaces; under an indented `s3 =` that is not deeper, and the sub-key
    // would become a key of the section. The fix indents it like its siblings, or four deeper than its parent.
    const sibling = entry.lastLine > entry.line ? document.lines.slice(entry.line + 1, entry.lastLine + 1).find((line) => indentOf(line.content) < line.content.length) : undefined;
    const styled = sibling ? leadingWhitespace(sibling.content) : leadingWhitespace(document.lines[entry.line]!.content) + NESTED_INDENT;
    return [NESTED_INDENT, styled].map((indent) => () => setNested(document, view, entry, request, indent));
  }
  if (entry) {
    return [
      // The AWS CLI's bytes: the key line replaced, unindented.
      () => replaceEntry(document, view, entry, request, { keepIndent: false, dropContinuation: false }),
      // A value's continuation lines belong to it: replacing the value replaces them too.
      () => replaceEntry(document, view, entry, request, { keepIndent: false, dropContinuation: true }),
      // In an indented section, an unindented key would turn the keys after it into continuation lines.
      () => replaceEntry(document, view, entry, request, { keepIndent: true, dropContinuation: true }),
    ];
  }
  const section = view.sections.find((candidate) => candidate.line === start)!;
  const cli = cliInsertionPoint(document, view, start);
  const end = section.entries.reduce((last, each) => Math.max(last, each.lastLine), start) + 1;
  const optionIndents = section.entries.map((each) => leadingWhitespace(document.lines[each.line]!.content));
  const indents = [...new Set(['', optionIndents.at(-1) ?? '', optionIndents[0] ?? ''])];
  const candidates: Array<() => IniDocument> = [];
  for (const at of [...new Set([cli.index, end, start + 1])]) {
    // A new key indented less than the line after it would make that line its continuation; matching it keeps the
    // line what it was (a header indented like `  [profile b]` right after an empty section, say).
    const next = document.lines.slice(at).find((line, offset) => view.roles[at + offset] !== 'blank' && view.roles[at + offset] !== 'comment');
    for (const indent of next ? [...new Set([...indents, leadingWhitespace(next.content)])] : indents) {
      candidates.push(() => {
        const edited = copyLines(document);
        if (cli.terminateLast) terminateLine(edited, edited.lines.length - 1);
        insertLines(edited, at, entryLines(request, indent));
        return edited;
      });
    }
  }
  return candidates;
}

function replaceEntry(document: IniDocument, view: IniView, entry: IniEntry, request: SetValueRequest, options: { keepIndent: boolean; dropContinuation: boolean }): IniDocument {
  const edited = copyLines(document);
  const line = edited.lines[entry.line]!;
  const indent = options.keepIndent ? leadingWhitespace(line.content) : '';
  // writer.py writes `key = value\n`, so an unterminated last line gets its newline.
  edited.lines[entry.line] = { content: `${indent}${request.key} = ${request.value}`, ending: line.ending || preferredLineEnding(edited) };
  if (!options.dropContinuation || entry.lastLine === entry.line) return edited;
  // Blank lines and comments inside the old value stay: they read the same after a one-line value.
  const drop = new Set<number>();
  for (let index = entry.line + 1; index <= entry.lastLine; index++) if (view.roles[index] === 'continuation') drop.add(index);
  const kept = withoutLines(edited, drop);
  // Dropping the file's last lines must not leave the new value unterminated.
  if (entry.lastLine === document.lines.length - 1) terminateLine(kept, kept.lines.length - 1);
  return kept;
}

/** Where writer.py inserts a new key into an existing section (with the value-splitting bug fixed). */
function cliInsertionPoint(document: IniDocument, view: IniView, start: number): { index: number; terminateLast: boolean } {
  let lastMatchingLine = start;
  for (let index = start + 1; index < document.lines.length; index++) {
    // AWS CLI bug: writer.py ends the section at any line that looks like a header, even an indented one that
    // configparser reads as a continuation, and then writes a duplicate key the AWS CLI cannot parse.
    if (view.roles[index] === 'section') return { index: endOfValue(view, lastMatchingLine) + 1, terminateLast: false };
    if (matchWriterOption(document.lines[index]!.content)) lastMatchingLine = index;
  }
  // writer.py appends a newline to an unterminated file, then inserts two lines past the last key-like line.
  const end = endOfValue(view, lastMatchingLine);
  return { index: end === lastMatchingLine ? lastMatchingLine + 2 : end + 1, terminateLast: true };
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
function setNested(document: IniDocument, view: IniView, entry: IniEntry, request: SetValueRequest, newIndent: string): IniDocument {
  const edited = copyLines(document);
  const subkey = request.subkey!;
  const value = request.value;
  const startingIndent = matchWriterOption(edited.lines[entry.line]!.content)?.indent ?? 0;
  for (let index = entry.line + 1; index < edited.lines.length; index++) {
    const line = edited.lines[index]!;
    const role = view.roles[index];
    const option = matchWriterOption(line.content);
    if (role === 'continuation' && option && option.key === subkey) {
      // writer.py re-indents with spaces, one per character of the original indent.
      edited.lines[index] = { content: `${' '.repeat(option.indent)}${subkey} = ${value}`, ending: line.ending || preferredLineEnding(edited) };
      return edited;
    }
    // AWS CLI bug: writer.py only stops at exactly the starting indent, so a shallower key never ends the block.
    if (role === 'section' || (option && role !== 'continuation' && option.indent <= startingIndent)) {
      insertLines(edited, index, [`${newIndent}${subkey} = ${value}`]);
      return edited;
    }
  }
  // AWS CLI bug: writer.py crashes here when `s3 =` is the last line or is followed only by blank lines.
  insertLines(edited, edited.lines.length, [`${newIndent}${subkey} = ${value}`]);
  return edited;
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
  const isBlank = (line: IniLine | undefined) => line !== undefined && indentOf(line.content) === line.content.length;
  if ((section.line === 0 || isBlank(document.lines[section.line - 1])) && isBlank(document.lines[last + 1])) lines.push(last + 1);
  return lines;
}

function withoutLines(document: IniDocument, drop: Set<number>): IniDocument {
  return { ...document, lines: document.lines.filter((_, index) => !drop.has(index)) };
}

/** Removes whole sections, given their header lines; every other byte stays. */
export function removeSections(document: IniDocument, headerLines: number[]): IniDocument {
  const view = readDocument(document);
  const edited = withoutLines(document, new Set(headerLines.flatMap((headerLine) => sectionLines(document, view, headerLine))));
  const changes = headerLines.map((section): ReadingChange => ({ kind: 'remove-section', section }));
  assertReadingKept(view, changes, edited, Math.min(...headerLines));
  return edited;
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
  const changes: ReadingChange[] = [];
  for (const headerLine of headerLines) {
    const section = view.sections.find((candidate) => candidate.line === headerLine);
    if (!section) continue;
    const remaining = section.entries.filter((entry) => !dropKey(entry.name));
    if (dropSection(remaining.map((entry) => entry.name))) {
      for (const line of sectionLines(document, view, headerLine)) drop.add(line);
      changes.push({ kind: 'remove-section', section: headerLine });
      continue;
    }
    const keys = new Set<string>();
    for (const entry of section.entries) {
      if (!dropKey(entry.name)) continue;
      keys.add(entry.name);
      for (let line = entry.line; line <= entry.lastLine; line++) drop.add(line);
    }
    changes.push({ kind: 'remove-keys', section: headerLine, keys });
  }
  const edited = withoutLines(document, drop);
  if (changes.length) assertReadingKept(view, changes, edited, Math.min(...headerLines));
  return edited;
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

/**
 * Removes top-level keys (with their continuation lines) from the first matching section; text is unchanged when none
 * is there. Like {@link setValueInText}, only the section's lines are read and edited.
 */
export function removeKeysInText(text: string, section: string, keys: Iterable<string>): string {
  assertNoLoneCarriageReturn(text);
  const start = findSectionStartOffsets(text, section, undefined, true)[0];
  if (start === undefined) return text;
  const names = new Set([...keys].map((key) => key.toLowerCase()));
  return applySplice(text, editWindow(text, start, nextColumnZeroHeader(text, start), (window) => pruneSections(window, [0], (name) => names.has(name), () => false)));
}

/**
 * The write-path invariant for removals: the AWS CLI's reading of `edited` is the reading before minus exactly the
 * removed sections and keys. Taking lines out can make the line after them a continuation of a value before them
 * (`    [c]` after a removed section whose keys were indented deeper than the section before it).
 */
function assertReadingKept(view: IniView, changes: ReadingChange[], edited: IniDocument, line: number): void {
  const outcome = firstKeepingReading(view, changes, [() => edited]);
  if ('edited' in outcome) return;
  throw new IniSyntaxError(`cannot remove this without changing what the AWS CLI reads: ${outcome.difference}`, { line: line + 1, hint: 'edit the file by hand' });
}

/**
 * The one check every edit passes (#7): the first candidate whose reading, as the AWS CLI reads it, is the reading of
 * `view` plus exactly `changes`; otherwise how the first candidate would differ.
 */
function firstKeepingReading(view: IniView, changes: readonly ReadingChange[], candidates: ReadonlyArray<() => IniDocument>): { edited: IniDocument } | { difference: string } {
  const expected = expectedReading(readingOf(view), changes);
  let firstDifference: string | undefined;
  for (const candidate of candidates) {
    const edited = candidate();
    // Read the text that would be written, not the line objects: a line break inside a line's content only becomes
    // two lines once it is text, and the AWS CLI reads text.
    const difference = describeReadingDifference(expected, readingOf(readDocument(parseDocument(serializeDocument(edited)))));
    if (difference === undefined) return { edited };
    firstDifference ??= difference;
  }
  return { difference: firstDifference ?? 'no placement to try' };
}
