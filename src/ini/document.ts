/**
 * A lossless line model of an INI file: `serializeDocument(parseDocument(text)) === text` for every string.
 * Each line keeps its own ending, so CRLF, LF, mixed endings and a missing final newline all survive edits.
 */
export type LineEnding = '' | '\n' | '\r\n';

export interface IniLine {
  /** The line without its ending. A lone `\r` (not followed by `\n`) stays part of the content. */
  content: string;
  ending: LineEnding;
}

export interface IniDocument {
  /** A UTF-8 byte-order mark, kept apart so it never hides the first section header. */
  bom: boolean;
  lines: IniLine[];
  /** For a window cut from a larger file: that file's line ending, which new lines must use. */
  newline?: '\n' | '\r\n';
}

const BOM = '\uFEFF';

/** Splits text into lines, keeping every byte. */
export function parseDocument(text: string): IniDocument {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const lines: IniLine[] = [];
  let start = 0;
  while (start < body.length) {
    const newline = body.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ content: body.slice(start), ending: '' });
      break;
    }
    const crlf = newline > start && body.charCodeAt(newline - 1) === 13;
    lines.push({ content: body.slice(start, crlf ? newline - 1 : newline), ending: crlf ? '\r\n' : '\n' });
    start = newline + 1;
  }
  return { bom, lines };
}

/** The exact inverse of {@link parseDocument}. */
export function serializeDocument(document: IniDocument): string {
  let text = document.bom ? BOM : '';
  for (const line of document.lines) text += line.content + line.ending;
  return text;
}

/** The ending new lines should get: the file's own first ending, LF for a file that has none yet. */
export function preferredLineEnding(document: IniDocument): '\n' | '\r\n' {
  if (document.newline) return document.newline;
  for (const line of document.lines) if (line.ending !== '') return line.ending;
  return '\n';
}

/** The line ending of the first terminated line of `text`, LF when there is none. */
export function firstLineEnding(text: string): '\n' | '\r\n' {
  const newline = text.indexOf('\n');
  return newline > 0 && text.charCodeAt(newline - 1) === 13 ? '\r\n' : '\n';
}

/** Makes sure the line before an insertion point is terminated, so new lines are never glued onto it. */
export function terminateLine(document: IniDocument, index: number): void {
  const line = document.lines[index];
  if (line && line.ending === '') document.lines[index] = { content: line.content, ending: preferredLineEnding(document) };
}

/** The 1-based line that `offset` falls on (the BOM, if any, is on line 1). */
export function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
