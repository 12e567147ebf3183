/**
 * A model of what the AWS CLI v2 (2.9.x) does on `aws configure set`, used ONLY to decide which documented class of
 * deliberate difference a case falls in before it runs. It never supplies expected bytes: every byte-level
 * expectation in the suite comes from running the real /usr/bin/aws. If this model mispredicts, the case fails.
 *
 * Sources: awscli/customizations/configure/set.py (varname resolution), writer.py (where edits land), and
 * Python's configparser as botocore uses it (RawConfigParser, strict, empty_lines_in_values) for what the AWS CLI
 * reads back.
 */
import type { FileName } from './harness.js';

export interface SetCommand {
  varname: string;
  value: string;
  profile?: string;
}

export function commandArgs(command: SetCommand): string[] {
  return [command.varname, command.value, ...(command.profile === undefined ? [] : ['--profile', command.profile])];
}

export function describeCommand(command: SetCommand): string {
  const quote = (text: string) => (/^[A-Za-z0-9_.\-/:]+$/.test(text) ? text : `'${text}'`);
  return `set ${commandArgs(command).map(quote).join(' ')}`;
}

export interface Target {
  file: FileName;
  /** Section header without brackets. */
  section: string;
  key: string;
  subkey?: string;
  /** The profile the AWS CLI reads the key under; undefined for a section no profile reads (e.g. [plugins]). */
  profile?: string;
}

/** A `configure get` varname that reads back exactly this target, whatever AWS_PROFILE or --profile say. */
export function readbackVarname(target: Target): string {
  // configparser lowercases keys (botocore keeps sub-keys as written).
  const key = target.key.toLowerCase();
  const path = target.subkey === undefined ? key : `${key}.${target.subkey}`;
  if (target.profile === undefined) return `${target.section}.${path}`;
  return `profile.${target.profile}.${path}`;
}

const CREDENTIAL_KEYS_AWS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];
const CREDENTIAL_KEYS_AWSPROF = [...CREDENTIAL_KEYS_AWS, 'aws_security_token'];
/** set.py's PREDEFINED_SECTION_NAMES is `('plugins')`: a string, so `in` is a substring test. */
const PLUGINS = 'plugins';

/** Python's shlex.quote, as configure/__init__.py get_section_header uses it for names with spaces or tabs. */
export function shlexQuote(text: string): string {
  if (text === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

function profileToSection(profile: string): string {
  if (profile === 'default') return 'default';
  return /[ \t]/.test(profile) ? `profile ${shlexQuote(profile)}` : `profile ${profile}`;
}

/** set.py `_run_main`: where `aws configure set` writes, or 'crash' where it raises (IndexError). */
export function awsTarget(command: SetCommand): Target | 'crash' {
  let varname = command.varname;
  let profile = 'default';
  let subkey: string | undefined;
  if (!varname.includes('.')) {
    if (command.profile !== undefined) profile = command.profile;
  } else {
    const parts = varname.split('.');
    if (parts[0] === 'default' || parts[0] === 'profile') {
      let remaining: string[];
      if (parts[0] === 'default') {
        profile = 'default';
        remaining = parts.slice(1);
      } else {
        if (parts.length < 2) return 'crash';
        profile = parts[1]!;
        remaining = parts.slice(2);
      }
      if (remaining.length === 0) return 'crash';
      varname = remaining[0]!;
      if (remaining.length === 2) subkey = remaining[1];
    } else if (!PLUGINS.includes(parts[0]!)) {
      if (command.profile !== undefined) profile = command.profile;
      varname = parts[0]!;
      if (parts.length === 2) subkey = parts[1];
    } else if (parts.length === 2) {
      profile = parts[0]!;
      varname = parts[1]!;
    }
  }
  if (CREDENTIAL_KEYS_AWS.includes(varname)) return { file: 'credentials', section: profile, key: varname, subkey, profile };
  if (profile === 'default') return { file: 'config', section: profile, key: varname, subkey, profile };
  // [plug], [lug], [plugins]...: botocore reads no profile from a section named like that.
  if (PLUGINS.includes(profile)) return { file: 'config', section: profile, key: varname, subkey };
  return { file: 'config', section: profileToSection(profile), key: varname, subkey, profile };
}

/**
 * What awsprof refuses before touching a file. 'varname': forms set.py crashes on or truncates (class 11).
 * 'injection': names and values that would change the INI structure (class I). 'strict': other control characters
 * (a tab in a profile name), which the AWS CLI writes and reads back fine: not a documented difference.
 */
export type Refusal = { refused: 'varname' | 'injection' | 'strict'; why: string };

function checkName(what: 'profile' | 'key', name: string): Refusal | undefined {
  if (name === '') return { refused: 'injection', why: `empty ${what}` };
  if (name.trim() !== name) return { refused: 'injection', why: `${what} with surrounding whitespace` };
  // A profile name may hold `[`, `=` or start with `#` (the header is quoted where botocore needs it); `]` would end it.
  const forbidden = what === 'key' ? /[[\]=:]/ : /\]/;
  if (forbidden.test(name)) return { refused: 'injection', why: `${what} with INI syntax` };
  if (/[\n\r]/.test(name)) return { refused: 'injection', why: `${what} with a line break` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { refused: 'injection', why: `${what} with a control character` };
  if (what === 'key' && (name.startsWith('#') || name.startsWith(';'))) return { refused: 'injection', why: `${what} starting like a comment` };
  return undefined;
}

/**
 * awsprof's documented resolution: like set.py, except that only `plugins` itself is the plugins section, credential
 * keys are matched without case and include aws_security_token, and forms set.py crashes on or truncates are usage
 * errors.
 */
export function awsprofTarget(command: SetCommand): Target | Refusal {
  const parts = command.varname.split('.');
  const varname: Refusal = { refused: 'varname', why: 'varname shape' };
  if (parts.some((part) => part === '')) return varname;
  let profile = command.profile ?? 'default';
  let path: string[];
  if (parts.length === 1) path = parts;
  else if (parts[0] === 'default') {
    profile = 'default';
    path = parts.slice(1);
  } else if (parts[0] === 'profile') {
    if (parts.length < 3) return varname;
    profile = parts[1]!;
    path = parts.slice(2);
  } else if (parts[0] === PLUGINS) {
    if (parts.length !== 2) return varname;
    const bad = checkName('key', parts[1]!) ?? checkValue(command.value);
    if (bad) return bad;
    return { file: 'config', section: PLUGINS, key: parts[1]! };
  } else path = parts;
  if (path.length > 2) return varname;
  const [key, subkey] = path as [string, string | undefined];
  const bad = checkName('profile', profile) ?? checkName('key', key) ?? (subkey === undefined ? undefined : checkName('key', subkey)) ?? checkValue(command.value);
  if (bad) return bad;
  if (CREDENTIAL_KEYS_AWSPROF.includes(key.toLowerCase())) return { file: 'credentials', section: profile, key, subkey, profile };
  return { file: 'config', section: profileToSection(profile), key, subkey, profile };
}

function checkValue(value: string): Refusal | undefined {
  // eslint-disable-next-line no-control-regex
  return /[\n\r\u0000\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]/.test(value) ? { refused: 'injection', why: 'value with a line break' } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// configparser's reading (what the AWS CLI understands)

export type Role = 'blank' | 'comment' | 'section' | 'option' | 'continuation' | 'orphan' | 'invalid';

export interface ReaderEntry {
  key: string;
  line: number;
  lastLine: number;
  /** The first-line value (after the separator). */
  value: string;
  hasContinuation: boolean;
}

export interface ReaderSection {
  header: string;
  line: number;
  entries: ReaderEntry[];
}

export interface ReaderView {
  roles: Role[];
  sections: ReaderSection[];
  /** Why configparser (strict) or botocore would refuse the file; empty when the AWS CLI can read it. */
  problems: string[];
}

/**
 * Python's whitespace (str.isspace, and `\s` in str regexes). Unlike JS `\s` it includes U+001C-U+001F and U+0085
 * and excludes U+FEFF, so a BOM is not whitespace to the AWS CLI.
 */
const WS = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const LEADING_WS = new RegExp(`^${WS}+`);
const TRAILING_WS = new RegExp(`${WS}+$`);
const pyLstrip = (text: string) => text.replace(LEADING_WS, '');
const pyStrip = (text: string) => text.replace(LEADING_WS, '').replace(TRAILING_WS, '');

/** Python universal newlines: what `open(path)` yields, as a list of lines with their `\n`. */
export function pythonLines(text: string): string[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  const lines: string[] = [];
  let start = 0;
  while (start < normalized.length) {
    const end = normalized.indexOf('\n', start);
    if (end === -1) {
      lines.push(normalized.slice(start));
      break;
    }
    lines.push(normalized.slice(start, end + 1));
    start = end + 1;
  }
  return lines;
}

/** configparser OPTCRE `(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$`. */
const READER_OPTION = new RegExp(`^(.*?)${WS}*([=:])${WS}*(.*)$`);

export function readLikeConfigparser(lines: readonly string[]): ReaderView {
  const roles: Role[] = [];
  const sections: ReaderSection[] = [];
  const problems: string[] = [];
  const seenSections = new Set<string>();
  let section: ReaderSection | undefined;
  let entry: ReaderEntry | undefined;
  let seenKeys = new Set<string>();
  let indentLevel = 0;
  lines.forEach((raw, index) => {
    const line = raw.replace(/\n$/, '');
    const stripped = pyStrip(line);
    if (stripped.startsWith('#') || stripped.startsWith(';')) {
      roles.push('comment');
      return;
    }
    if (stripped === '') {
      roles.push('blank');
      return;
    }
    const indent = line.length - pyLstrip(line).length;
    if (section && entry && indent > indentLevel) {
      entry.lastLine = index;
      entry.hasContinuation = true;
      roles.push('continuation');
      return;
    }
    indentLevel = indent;
    const header = /^\[(.+)\]/.exec(stripped);
    if (header) {
      const name = header[1]!;
      if (seenSections.has(name)) problems.push(`line ${index + 1}: duplicate section [${name}]`);
      seenSections.add(name);
      section = { header: name, line: index, entries: [] };
      sections.push(section);
      seenKeys = new Set();
      entry = undefined;
      roles.push('section');
      return;
    }
    if (!section) {
      problems.push(`line ${index + 1}: before any section header`);
      roles.push('orphan');
      return;
    }
    const option = READER_OPTION.exec(stripped);
    const key = option ? option[1]!.replace(TRAILING_WS, '') : '';
    if (!option || key === '') {
      problems.push(`line ${index + 1}: not key = value`);
      roles.push('invalid');
      entry = undefined;
      return;
    }
    const name = key.toLowerCase();
    if (seenKeys.has(name)) problems.push(`line ${index + 1}: duplicate key ${name} in [${section.header}]`);
    seenKeys.add(name);
    entry = { key, line: index, lastLine: index, value: option[3]!, hasContinuation: false };
    section.entries.push(entry);
    roles.push('option');
  });
  // botocore parses a value that starts on a new line as `key = value` lines and fails on any without `=`.
  for (const each of sections) {
    for (const item of each.entries) {
      if (item.value !== '' || !item.hasContinuation) continue;
      for (let index = item.line + 1; index <= item.lastLine; index++) {
        if (roles[index] === 'continuation' && !lines[index]!.includes('=')) {
          problems.push(`line ${index + 1}: nested line without =`);
        }
      }
    }
  }
  return { roles, sections, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// writer.py, with the places it goes wrong reported as events

export type WriterEvent =
  /** The AWS CLI refuses to run at all: it cannot parse the file as it stands. */
  | 'aws-rejects-file'
  /** The target section's header is hidden behind a UTF-8 BOM. */
  | 'bom'
  /** writer.py ended the section at an indented `[header]` that configparser reads as a continuation (class 5). */
  | 'indented-header'
  /** writer.py matched the key on an indented sub-key or continuation line (class 7). */
  | 'matched-continuation'
  /** The section has the key in another case; writer.py adds a duplicate (class 4). */
  | 'case-variant'
  /** A sub-key was requested under a key with a plain value (class 10). */
  | 'nested-under-plain'
  /** A plain value was requested for a key whose value spans lines (class 10). */
  | 'plain-over-multiline'
  /** writer.py `_update_subattributes` raises UnboundLocalError (class 2 and its wider form). */
  | 'nested-crash'
  /** writer.py inserts the new key between a key and the continuation lines of its multi-line value (class V). */
  | 'split-value'
  /** writer.py appends a sub-key to an unterminated last line (class 3). */
  | 'glue-nested'
  /** writer.py inserts a top-level key between an unterminated last line and the newline it appends (new class G). */
  | 'glue-top'
  /** A top-level key shallower than an indented nested key did not end its block for writer.py (new class S). */
  | 'shallower-key-in-block'
  /** writer.py replaced a top-level key with the sub-key it was asked to set (new class T). */
  | 'subkey-replaced-toplevel'
  /** writer.py replaced the unterminated last line and added a newline (no documented difference: must be equal). */
  | 'replaced-unterminated-last-line';

export interface WriterOutcome {
  crashed: boolean;
  /** The file writer.py would leave (null when it crashes); for diagnostics only, never an expectation. */
  text: string | null;
  events: Set<WriterEvent>;
  sectionFound: boolean;
}

/** writer.py SECTION_REGEX `^\s*\[(?P<header>[^]]+)\]` and OPTION_REGEX, with Python's `\s`. */
const SECTION_REGEX = new RegExp(`^${WS}*\\[([^\\]]+)\\]`);
const OPTION_REGEX = new RegExp(`([^:=][^:=]*)${WS}*([:=])${WS}*(.*)$`);

function optionMatch(line: string): { key: string; indent: number } | undefined {
  const match = OPTION_REGEX.exec(line.replace(/\n$/, ''));
  if (!match) return undefined;
  const group = match[1]!;
  return { key: pyStrip(group), indent: group.length - pyLstrip(group).length };
}

function matchesSection(line: string, section: string): boolean {
  const match = SECTION_REGEX.exec(line);
  if (!match) return false;
  const parts = section.split(' ');
  if (match[0] === `[${section}]`) return true;
  return parts.length > 1 && match[0] === `[${parts[0]} "${parts.slice(1).join(' ')}"]`;
}

function entryText(target: Target, value: string, indent = ''): string {
  if (target.subkey === undefined) return `${indent}${target.key} = ${value}\n`;
  return `${indent}${target.key} =\n${indent}    ${target.subkey} = ${value}\n`;
}

/** Simulates `update_config` on one file (text null: the file does not exist). */
export function simulateWriter(text: string | null, target: Target, value: string): WriterOutcome {
  const events = new Set<WriterEvent>();
  if (text === null || text === '') {
    return { crashed: false, text: `[${target.section}]\n${entryText(target, value)}`, events, sectionFound: false };
  }
  const contents = pythonLines(text);
  const view = readLikeConfigparser(contents);
  if (view.problems.length > 0) events.add('aws-rejects-file');
  if (text.startsWith('\uFEFF')) events.add('bom');
  let start = -1;
  for (let index = 0; index < contents.length; index++) {
    const line = contents[index]!;
    const stripped = pyStrip(line);
    if (stripped.startsWith('#') || stripped.startsWith(';')) continue;
    if (matchesSection(line, target.section)) {
      start = index;
      break;
    }
  }
  if (start === -1) {
    const needsNewline = !text.endsWith('\n');
    return {
      crashed: false,
      text: `${text}${needsNewline ? '\n' : ''}[${target.section}]\n${entryText(target, value)}`,
      events,
      sectionFound: false,
    };
  }
  // configparser's view of the target section, to spot the keys writer.py treats differently.
  const readerSection = view.sections.find((candidate) => candidate.line === start);
  const wanted = target.key.toLowerCase();
  const readerEntry = readerSection?.entries.find((candidate) => candidate.key.toLowerCase() === wanted);
  if (readerEntry && readerEntry.key !== target.key) events.add('case-variant');

  const unterminatedLast = !contents[contents.length - 1]!.endsWith('\n');
  const isLast = (index: number) => index === contents.length - 1;
  /** Whether inserting before line `at` lands between a key and the last continuation line of its value. */
  const splitsValue = (at: number) => view.sections.some((section) => section.entries.some((entry) => entry.line < at && at <= entry.lastLine));
  let lastMatchingLine = start;
  let pending = true;
  for (let j = start + 1; j < contents.length; j++) {
    const line = contents[j]!;
    if (SECTION_REGEX.test(line)) {
      if (view.roles[j] === 'continuation') events.add('indented-header');
      if (pending && splitsValue(lastMatchingLine + 1)) events.add('split-value');
      if (pending) contents.splice(lastMatchingLine + 1, 0, entryText(target, value));
      return { crashed: false, text: contents.join(''), events, sectionFound: true };
    }
    const option = optionMatch(line);
    if (!option) continue;
    lastMatchingLine = j;
    if (!pending || option.key !== target.key) continue;
    if (view.roles[j] !== 'option') events.add('matched-continuation');
    const entry = readerSection?.entries.find((candidate) => candidate.line === j);
    if (target.subkey === undefined) {
      if (entry && entry.hasContinuation) events.add('plain-over-multiline');
      if (isLast(j) && unterminatedLast) events.add('replaced-unterminated-last-line');
      contents[j] = `${target.key} = ${value}\n`;
      pending = false;
      continue;
    }
    if (entry && entry.value !== '') events.add('nested-under-plain');
    return updateSubattributes(contents, j, option.indent, target, value, view, events, unterminatedLast);
  }
  if (!pending) return { crashed: false, text: contents.join(''), events, sectionFound: true };
  const n = contents.length;
  if (unterminatedLast) contents.push('\n');
  const at = lastMatchingLine + 2;
  if (unterminatedLast && at === n) events.add('glue-top');
  if (splitsValue(Math.min(at, n))) events.add('split-value');
  contents.splice(Math.min(at, contents.length), 0, entryText(target, value));
  return { crashed: false, text: contents.join(''), events, sectionFound: true };
}

function updateSubattributes(
  contents: string[],
  optionLine: number,
  startingIndent: number,
  target: Target,
  value: string,
  view: ReaderView,
  events: Set<WriterEvent>,
  unterminatedLast: boolean,
): WriterOutcome {
  const crash = (): WriterOutcome => {
    events.add('nested-crash');
    return { crashed: true, text: null, events, sectionFound: true };
  };
  let currentIndent: number | undefined;
  let pending = true;
  const subLine = `    ${target.subkey} = ${value}\n`;
  for (let i = optionLine + 1; i < contents.length; i++) {
    const line = contents[i]!;
    const option = optionMatch(line);
    if (option) {
      currentIndent = option.indent;
      if (pending && option.key === target.subkey) {
        if (view.roles[i] !== 'continuation') events.add('subkey-replaced-toplevel');
        if (i === contents.length - 1 && unterminatedLast) events.add('replaced-unterminated-last-line');
        contents[i] = `${' '.repeat(currentIndent)}${option.key} = ${value}\n`;
        pending = false;
      } else if (view.roles[i] === 'option' && currentIndent < startingIndent) {
        events.add('shallower-key-in-block');
      }
    }
    if (currentIndent === undefined) return crash();
    if (startingIndent === currentIndent || SECTION_REGEX.test(line)) {
      if (pending) contents.splice(i, 0, subLine);
      return { crashed: false, text: contents.join(''), events, sectionFound: true };
    }
  }
  if (currentIndent === undefined) return crash();
  if (pending) {
    if (unterminatedLast) events.add('glue-nested');
    contents.push(subLine);
  }
  return { crashed: false, text: contents.join(''), events, sectionFound: true };
}
