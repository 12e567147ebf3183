// A deliberately plain reading of INI text with configparser's rules, one trimmed line string at a time, built from
// the matchers in src/ini/syntax.ts: the oracle for the optimised reader in src/ini/read.ts, which reads lines in
// place and reports to a sink (#7). Keep it simple rather than fast.
import type { IniEntry, IniProblem, IniSection, IniView, LineRole, ReadOptions } from '../../src/ini/read.js';
import { indentOf, matchReaderOption, matchReaderSection, strip, stripEnd } from '../../src/ini/syntax.js';
import { parseConfigSectionHeader } from '../../src/profiles/names.js';
import type { ConfigValue, ProfileData } from '../../src/profiles/view.js';

/** What readText(text) must return: the text split as parseDocument splits it, then read line by line. */
export function referenceReadText(text: string): IniView {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines: string[] = [];
  for (let start = 0; start < body.length; ) {
    const newline = body.indexOf('\n', start);
    if (newline === -1) {
      lines.push(body.slice(start));
      break;
    }
    lines.push(body.slice(start, newline > start && body.charCodeAt(newline - 1) === 13 ? newline - 1 : newline));
    start = newline + 1;
  }
  return referenceReadLines(lines.length, (index) => lines[index]!);
}

export function referenceReadLines(lineCount: number, contentAt: (index: number) => string, options: ReadOptions = {}): IniView {
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

  for (let index = 0; index < lineCount; index++) {
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
  // str.splitlines(), as botocore splits it.
  for (const raw of joined.split(/\r\n|[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/)) {
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


/** What readAwsFiles must return, built the plain way: read both files into views, then merge section by section. */
export function referenceReadAwsFiles(configText: string, credentialsText: string) {
  const profiles = new Map<string, ProfileData>();
  const ssoSessions = new Map<string, Record<string, ConfigValue>>();
  const otherSections = new Map<string, Record<string, ConfigValue>>();
  const profile = (name: string): ProfileData => {
    let data = profiles.get(name);
    if (!data) profiles.set(name, (data = { name, config: {}, credentials: {} }));
    return data;
  };
  const values = (section: IniSection, into: Record<string, ConfigValue>) => {
    for (const entry of section.entries) into[entry.name] = entry.nested ?? entry.value;
  };
  const configView = referenceReadText(configText);
  const credentialsView = referenceReadText(credentialsText);
  for (const section of configView.sections) {
    const parsed = parseConfigSectionHeader(section.header);
    if (parsed.kind === 'profile') {
      const data = profile(parsed.name);
      data.configLine ??= section.line + 1;
      values(section, data.config);
    } else if (parsed.kind === 'sso-session' || parsed.kind === 'other') {
      const records = parsed.kind === 'sso-session' ? ssoSessions : otherSections;
      const record = records.get(parsed.name) ?? {};
      values(section, record);
      records.set(parsed.name, record);
    }
  }
  for (const section of credentialsView.sections) {
    const data = profile(section.header);
    data.credentialsLine ??= section.line + 1;
    values(section, data.credentials);
  }
  const problems = [
    ...configView.problems.map((problem) => ({ ...problem, file: 'config' as const })),
    ...credentialsView.problems.map((problem) => ({ ...problem, file: 'credentials' as const })),
  ];
  return { profiles, ssoSessions, otherSections, problems };
}
