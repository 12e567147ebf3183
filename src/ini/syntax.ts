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
  const trimmedStart = option.replace(/^\s+/, '');
  return { key: option.trim(), indent: option.length - trimmedStart.length };
}

export function isCommentLine(content: string): boolean {
  const first = content.charCodeAt(indentOf(content));
  return first === 35 /* # */ || first === 59 /* ; */;
}

/** Whitespace as JS `\s` and String.prototype.trim see it, for scanning a line in place without trimming it. */
export const isSpace = (code: number) => code === 32 || code === 9 || (code >= 10 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));

/** Width of leading whitespace. Python's str.strip() whitespace is close enough to JS \s for config files. */
export function indentOf(content: string): number {
  let index = 0;
  while (index < content.length && isSpace(content.charCodeAt(index))) index++;
  return index;
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
  return { key: stripped.slice(0, at).trimEnd(), value: stripped.slice(at + 1).trim() };
}
