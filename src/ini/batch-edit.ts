import { IniSyntaxError } from '../errors.js';
import { firstLineEnding, type IniDocument, type IniLine, parseDocument, serializeDocument } from './document.js';
import { assertNoLoneCarriageReturn, removeSections, setValue } from './edit.js';
import { describeReadingDifference, expectedReading, type ReadingChange, readingOf, type ReadingSection } from './meaning.js';
import { readDocument, readText } from './read.js';
import { describeUnwritableValue } from './value.js';

/**
 * Many section edits in one pass, for writers that change thousands of sections at once (`awsprof sso sync` of an
 * organisation: 3,000 profiles × 5 keys). setValueInText is right for one key, but 15,000 calls each search and copy
 * the whole text; here every section is edited in its own small window with the same setValue/removeSections (so each
 * key lands where `aws configure set` would put it), new sections are appended as one block, and the write-path
 * invariant is checked once for the whole batch: the AWS CLI's reading after = the reading before + exactly these
 * changes (#7, #9).
 */
export interface SectionBatch {
  /** Keys to set in existing sections, by the 0-based line of the section's header. */
  set: Array<{ line: number; values: ReadonlyArray<readonly [string, string]> }>;
  /** Existing sections to remove, by header line. */
  remove: number[];
  /** New sections, appended in this order after the last line. `header` is the text between the brackets. */
  append: Array<{ header: string; values: ReadonlyArray<readonly [string, string]> }>;
}

/** One changed region, for a diff: `old` lines from 0-based line `start` of the old text became `new` lines. */
export interface BatchHunk {
  start: number;
  old: string[];
  new: string[];
}

export interface BatchResult {
  text: string;
  hunks: BatchHunk[];
}

export function applySectionBatch(text: string, batch: SectionBatch): BatchResult {
  assertNoLoneCarriageReturn(text);
  for (const { values } of [...batch.set, ...batch.append]) {
    for (const [key, value] of values) {
      const unwritable = describeUnwritableValue(value);
      if (unwritable) throw new IniSyntaxError(`the value for ${key} ${unwritable}; refusing to write it`);
    }
  }
  const document = parseDocument(text);
  const view = readDocument(document);
  const newline = firstLineEnding(text);
  const sectionAt = new Map(view.sections.map((section, index) => [section.line, index]));
  const edits = new Map<number, { values: Array<readonly [string, string]>; remove: boolean }>();
  const editOf = (line: number) => {
    if (!sectionAt.has(line)) throw new Error(`no section header on line ${line + 1}`);
    let edit = edits.get(line);
    if (!edit) edits.set(line, (edit = { values: [], remove: false }));
    return edit;
  };
  const changes: ReadingChange[] = [];
  for (const { line, values } of batch.set) {
    const header = view.sections[sectionAt.get(line) ?? -1]?.header ?? '';
    editOf(line).values.push(...values);
    for (const [key, value] of values) changes.push({ kind: 'set', section: line, header, key, value });
  }
  for (const line of batch.remove) {
    editOf(line).remove = true;
    changes.push({ kind: 'remove-section', section: line });
  }

  const hunks: BatchHunk[] = [];
  const replaced = new Map<number, { end: number; lines: IniLine[] }>();
  for (const line of [...edits.keys()].sort((a, b) => a - b)) {
    const edit = edits.get(line)!;
    const index = sectionAt.get(line)!;
    const section = view.sections[index]!;
    // The window runs through the next header, so each edit sees where its section ends exactly as in the whole file;
    // that header is cut off again below and must come back unchanged.
    const next = view.sections[index + 1]?.line;
    const end = next ?? document.lines.length;
    let window: IniDocument = { bom: false, lines: document.lines.slice(line, next === undefined ? end : next + 1), newline };
    if (edit.remove) window = removeSections(window, [0]);
    else window = setValues(window, section.header, edit.values);
    let lines = window.lines;
    if (next !== undefined) {
      const kept = lines[lines.length - 1];
      const original = document.lines[next]!;
      if (kept?.content !== original.content || kept.ending !== original.ending) {
        throw new IniSyntaxError(`cannot edit [${section.header}] without changing the section after it`, { line: line + 1, hint: 'edit the file by hand' });
      }
      lines = lines.slice(0, -1);
    }
    replaced.set(line, { end, lines });
    hunks.push({ start: line, old: document.lines.slice(line, end).map((each) => each.content), new: lines.map((each) => each.content) });
  }

  const out: IniLine[] = [];
  for (let index = 0; index < document.lines.length; ) {
    const replacement = replaced.get(index);
    if (replacement) {
      out.push(...replacement.lines);
      index = replacement.end;
    } else {
      out.push(document.lines[index]!);
      index++;
    }
  }
  if (batch.append.length) {
    const appended = appendedLines(out, batch.append, newline);
    hunks.push({ start: document.lines.length, old: [], new: appended.map((each) => each.content) });
    out.push(...appended);
  }
  const edited = serializeDocument({ bom: document.bom, lines: out });

  // The one check for the whole batch.
  const expected = expectedReading(readingOf(view), changes);
  for (const { header, values } of batch.append) {
    const map = new Map<string, string[]>();
    for (const [key, value] of values) map.set(key.toLowerCase(), [value]);
    expected.sections.push({ header, line: -1, values: map } satisfies ReadingSection);
  }
  // Read from the text that will be written (a line break inside a line's content is only a break once it is text).
  const difference = describeReadingDifference(expected, readingOf(readText(edited)));
  if (difference !== undefined) {
    throw new IniSyntaxError(`cannot make these changes without changing what the AWS CLI reads: ${difference}`, { hint: 'edit the file by hand' });
  }
  return { text: edited, hunks };
}

/**
 * The keys set in the window's first section. A key already on one plain line gets the line `aws configure set`
 * writes (`key = value`, replacing it) straight away, without setValue's per-key read-back: at 15,000 keys that
 * read-back was most of the time, and the batch's own check reads the result anyway. Anything else (a new key, an
 * indented or multi-line value) goes through setValue, which chooses the placement.
 */
function setValues(window: IniDocument, header: string, values: ReadonlyArray<readonly [string, string]>): IniDocument {
  const view = readDocument(window, { oneSection: true });
  const entries = view.sections[0]?.entries ?? [];
  const lines = window.lines.slice();
  const slow: Array<readonly [string, string]> = [];
  for (const pair of values) {
    const [key, value] = pair;
    const name = key.toLowerCase();
    const matches = entries.filter((entry) => entry.name === name);
    const entry = matches[0];
    const line = entry && lines[entry.line];
    if (matches.length !== 1 || !line || entry.lastLine !== entry.line || entry.nested || /^[\s\u001c-\u001f\u0085\u00a0]/.test(line.content)) {
      slow.push(pair);
      continue;
    }
    lines[entry.line] = { content: `${key} = ${value}`, ending: line.ending || firstEnding(window) };
  }
  let edited: IniDocument = { ...window, lines };
  for (const [key, value] of slow) edited = setValue(edited, { section: header, key, value });
  return edited;
}

function firstEnding(window: IniDocument): '\n' | '\r\n' {
  return window.newline ?? '\n';
}

/**
 * New sections as lines, each after a blank line (so generated profiles read as blocks), `key = value` spaced as the
 * AWS CLI writes it. A last line without an ending gets one first, so nothing is glued onto it.
 */
function appendedLines(before: IniLine[], sections: SectionBatch['append'], newline: '\n' | '\r\n'): IniLine[] {
  const lines: IniLine[] = [];
  const last = before[before.length - 1];
  if (last && last.ending === '') before[before.length - 1] = { content: last.content, ending: newline };
  let blankBefore = before.length === 0 || before[before.length - 1]!.content.trim() === '';
  for (const { header, values } of sections) {
    if (!blankBefore) lines.push({ content: '', ending: newline });
    lines.push({ content: `[${header}]`, ending: newline });
    for (const [key, value] of values) lines.push({ content: `${key} = ${value}`, ending: newline });
    blankBefore = false;
  }
  return lines;
}

/**
 * The hunks as a unified-style diff: each hunk trimmed to the lines that differ, with one line of context before.
 * Plain text; the caller escapes it for a terminal.
 */
export function formatBatchDiff(hunks: readonly BatchHunk[], oldLabel: string, newLabel: string): string {
  const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  let shift = 0;
  for (const hunk of [...hunks].sort((a, b) => a.start - b.start)) {
    let head = 0;
    while (head < hunk.old.length && head < hunk.new.length && hunk.old[head] === hunk.new[head]) head++;
    let tail = 0;
    while (tail < hunk.old.length - head && tail < hunk.new.length - head && hunk.old[hunk.old.length - 1 - tail] === hunk.new[hunk.new.length - 1 - tail]) tail++;
    const removed = hunk.old.slice(head, hunk.old.length - tail);
    const added = hunk.new.slice(head, hunk.new.length - tail);
    const context = head > 0 ? [hunk.old[head - 1]!] : [];
    const oldStart = hunk.start + head - context.length;
    out.push(`@@ -${oldStart + 1},${context.length + removed.length} +${oldStart + shift + 1},${context.length + added.length} @@`);
    for (const line of context) out.push(` ${line}`);
    for (const line of removed) out.push(`-${line}`);
    for (const line of added) out.push(`+${line}`);
    shift += hunk.new.length - hunk.old.length;
  }
  return `${out.join('\n')}\n`;
}
