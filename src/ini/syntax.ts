/**
 * Line-level syntax, in the two dialects that matter:
 * - the AWS CLI's writer (awscli/customizations/configure/writer.py), which decides where `aws configure set` edits;
 * - Python's configparser as botocore uses it, which decides what the AWS CLI reads.
 * Keeping both lets edits land exactly where the AWS CLI puts them while reads mean what the AWS CLI means.
 */

/** writer.py SECTION_REGEX: `^\s*\[(?P<header>[^]]+)\]`, searched, so leading whitespace is allowed. */
const WRITER_SECTION = /^\s*\[([^\]]+)\]/;
/** writer.py OPTION_REGEX, searched anywhere in the line: the first run of non-separators followed by `=` or `:`. */
const WRITER_OPTION = /([^:=][^:=]*)\s*([:=])\s*(.*)$/s;

export interface WriterSectionMatch {
  /** Everything from the start of the line to the closing bracket, as writer.py compares it. */
  matched: string;
  header: string;
}

export function matchWriterSection(content: string): WriterSectionMatch | undefined {
  if (!content.includes('[')) return undefined;
  const match = WRITER_SECTION.exec(content);
  return match ? { matched: match[0], header: match[1] ?? '' } : undefined;
}

export interface WriterOptionMatch {
  /** The key with surrounding whitespace removed. */
  key: string;
  /** Width of the whitespace before the key, counted in characters as writer.py does (a tab counts 1). */
  indent: number;
}

export function matchWriterOption(content: string): WriterOptionMatch | undefined {
  if (!content.includes('=') && !content.includes(':')) return undefined;
  const match = WRITER_OPTION.exec(content);
  if (!match) return undefined;
  const option = match[1] ?? '';
  return { key: strip(option), indent: indentOf(option) };
}

export function isCommentLine(content: string): boolean {
  const first = content.charCodeAt(indentOf(content));
  return first === 35 /* # */ || first === 59 /* ; */;
}

/**
 * Python's str.isspace(), which decides configparser's indentation and stripping: unlike JavaScript's `\s` it counts
 * U+001C-U+001F and U+0085 as whitespace and U+FEFF (a BOM) not, so a line indented with U+001C is a continuation to the
 * AWS CLI.
 */
export function isPythonSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13) || (code >= 28 && code <= 31);
  if (code < 133) return false;
  return (
    code === 133 || code === 160 || code === 5760 || (code >= 8192 && code <= 8202) || code === 8232 || code === 8233 || code === 8239 || code === 8287 || code === 12288
  );
}

/** Width of leading whitespace, in Python's sense, counted in characters as configparser counts indentation. */
export function indentOf(content: string): number {
  let index = 0;
  while (index < content.length && isPythonSpace(content.charCodeAt(index))) index++;
  return index;
}

/** Python's str.rstrip(). */
export function stripEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isPythonSpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Python's str.strip(). */
export function strip(text: string): string {
  const start = indentOf(text);
  return start === 0 ? stripEnd(text) : stripEnd(text.slice(start));
}

/**
 * configparser SECTCRE `\[(?P<header>.+)\]`, matched (not anchored at the end) on the stripped line. The greedy `.+`
 * runs to the last `]`, so `[a]b]` is section `a]b` and `[a] x` is section `a`.
 */
export function matchReaderSection(stripped: string): string | undefined {
  if (!stripped.startsWith('[')) return undefined;
  const close = stripped.lastIndexOf(']');
  return close > 1 ? stripped.slice(1, close) : undefined;
}


/** configparser OPTCRE `(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$`: the lazy option ends at the first `=` or `:`. */
export function matchReaderOption(stripped: string): { key: string; value: string } | undefined {
  const equals = stripped.indexOf('=');
  const colon = stripped.indexOf(':');
  const at = equals === -1 ? colon : colon === -1 ? equals : Math.min(equals, colon);
  if (at === -1) return undefined;
  return { key: stripEnd(stripped.slice(0, at)), value: strip(stripped.slice(at + 1)) };
}
