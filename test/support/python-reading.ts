/**
 * What the AWS CLI reads from a file, two ways, neither of them awsprof's own reader:
 * - `referenceReading`: an independent port of Python's configparser (RawConfigParser, strict, empty_lines_in_values,
 *   Python's whitespace and universal newlines) plus botocore's nested-value parsing (`_parse_nested`);
 * - `botocoreReadings`: the real thing, botocore.configloader.raw_config_parse from Debian's python3-botocore, run in
 *   one python3 process for a whole batch of files.
 * The property tests compare awsprof's edits with the first on every case and check the first against the second on a
 * sample, so the model cannot drift from the real parser.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ReadingValue = string | Record<string, string>;
export type Reading = { error: string } | { sections: Record<string, Record<string, ReadingValue>> };

/** Python's str.isspace() characters (also `\s` in a str regex); unlike JS, U+001C-U+001F and U+0085 but not U+FEFF. */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);
const NON_SPACE = new RegExp(`[^${PY_SPACE}]`);
const strip = (text: string) => text.replace(LEADING, '').replace(TRAILING, '');
const rstrip = (text: string) => text.replace(TRAILING, '');
/** str.splitlines() boundaries, which botocore's nested parsing splits on. */
const SPLITLINES = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
const OPTION = new RegExp(`^(.*?)[${PY_SPACE}]*([=:])[${PY_SPACE}]*(.*)$`, 's');

/** Python's universal-newline reading of a text file: lines split at \n, \r\n and \r, each keeping its "\n". */
function pythonLines(text: string): string[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  const lines = normalized.split('\n').map((line) => `${line}\n`);
  if (normalized.endsWith('\n')) lines.pop();
  else lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, -1);
  return normalized === '' ? [] : lines;
}

export function referenceReading(text: string): Reading {
  // Python decodes the file as UTF-8 without dropping a BOM: `\ufeff[default]` is not a header.
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | undefined;
  let option: string | undefined;
  let indentLevel = 0;
  const errors: string[] = [];
  for (const line of pythonLines(text)) {
    const stripped = strip(line);
    if (stripped.startsWith('#') || stripped.startsWith(';')) continue;
    if (stripped === '') {
      if (current && option !== undefined) current[option]!.push('');
      continue;
    }
    const indent = NON_SPACE.exec(line)?.index ?? 0;
    if (current && option !== undefined && indent > indentLevel) {
      current[option]!.push(stripped);
      continue;
    }
    indentLevel = indent;
    const header = /^\[(.+)\]/s.exec(stripped);
    if (header) {
      const name = header[1]!;
      if (name in sections) errors.push(`duplicate section ${name}`);
      current = sections[name] ??= {};
      option = undefined;
      continue;
    }
    if (!current) return { error: 'missing section header' };
    const match = OPTION.exec(stripped);
    const key = match ? rstrip(match[1]!).toLowerCase() : '';
    if (!match || key === '') {
      errors.push('parsing error');
      continue;
    }
    if (key in current) errors.push(`duplicate option ${key}`);
    current[key] = [strip(match[3]!)];
    option = key;
  }
  if (errors.length) return { error: errors[0]! };
  const result: Record<string, Record<string, ReadingValue>> = {};
  for (const [name, options] of Object.entries(sections)) {
    result[name] = {};
    for (const [key, lines] of Object.entries(options)) {
      const value = rstrip(lines.join('\n'));
      if (!value.startsWith('\n')) {
        result[name][key] = value;
        continue;
      }
      const nested: Record<string, string> = {};
      for (const raw of value.split(SPLITLINES)) {
        const inner = strip(raw);
        if (inner === '') continue;
        const equals = inner.indexOf('=');
        if (equals === -1) return { error: 'nested value without =' };
        nested[strip(inner.slice(0, equals))] = strip(inner.slice(equals + 1));
      }
      result[name][key] = nested;
    }
  }
  return { sections: result };
}

const BOTOCORE_SCRIPT = `
import json, sys
import botocore.configloader as loader
out = []
for path in json.load(sys.stdin):
    try:
        out.append({"sections": loader.raw_config_parse(path)})
    except Exception as e:
        out.append({"error": type(e).__name__})
json.dump(out, sys.stdout)
`;

/** botocore's reading of each text (one python3 process for the batch). */
export async function botocoreReadings(texts: readonly string[]): Promise<Reading[]> {
  const dir = await mkdtemp(join(tmpdir(), 'awsprof-botocore-'));
  try {
    const paths = await Promise.all(
      texts.map(async (text, index) => {
        const path = join(dir, `f${index}`);
        await writeFile(path, text);
        return path;
      }),
    );
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile('/usr/bin/python3', ['-c', BOTOCORE_SCRIPT], { maxBuffer: 64 * 1024 * 1024 }, (error, out) => (error ? reject(error) : resolve(out)));
      child.stdin!.end(JSON.stringify(paths));
    });
    return JSON.parse(stdout) as Reading[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Both readers fail, or both read the same sections and values (error kinds differ between the two, so not compared). */
export function sameReading(a: Reading, b: Reading): boolean {
  if ('error' in a || 'error' in b) return 'error' in a && 'error' in b;
  return JSON.stringify(sortDeep(a.sections)) === JSON.stringify(sortDeep(b.sections));
}

function sortDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => [k, sortDeep(v)]));
}
