// Nothing from a file reaches the terminal raw (#7): profile names, regions, role ARNs and sources that hold ESC
// sequences, one-byte CSI (U+009B), BEL, CR and bidi overrides come out of list, list --json, use, get, rm and set
// as visible escapes, valid JSON or safely quoted shell code, and the files themselves are still accepted (the AWS
// CLI accepts such names too). Also: list columns stay aligned in display cells for CJK, emoji and combining marks.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, awsprof, cleanEnv } from '../support/cli.js';

const TITLE = '\x1b]0;pwned\x07';
const RED = '\x1b[31m';
const CSI = '\u009b';
const RLO = '\u202e';

/** Profile names, regions, role ARNs and sources a hostile or broken file can hold. */
const NAMES = {
  title: `evil${TITLE}`,
  csi: `csi${CSI}2J`,
  bell: 'bell\x07ring',
  bidi: `rtl${RLO}live`,
  red: `red${RED}x`,
};

const CONFIG = `[default]
region = us-east-1

[profile ${NAMES.title}]
region = eu-west-1${RED}

[profile ${NAMES.csi}]
region = eu-west-1

[profile ${NAMES.bell}]
region = us-east-1\x07

[profile ${NAMES.bidi}]
role_arn = arn:aws:iam::111122223333:role/Dev${TITLE}
source_profile = src${RED}${CSI}1m
region = eu-west-1${CSI}2J

[profile dup]
region = eu-west-1
key${RED} = 1
key${RED} = 2
`;

const CREDENTIALS = `[${NAMES.red}]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

/** Everything escapeForTerminal must keep away from the terminal; only line feeds end lines. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function expectNoRawControl(result: CliResult): void {
  expect(RAW_CONTROL.exec(result.stdout), `stdout: ${JSON.stringify(result.stdout)}`).toBeNull();
  expect(RAW_CONTROL.exec(result.stderr), `stderr: ${JSON.stringify(result.stderr)}`).toBeNull();
}

let dir: string;
let env: NodeJS.ProcessEnv;

function writeFiles(): void {
  writeFileSync(join(dir, '.aws', 'config'), CONFIG);
  writeFileSync(join(dir, '.aws', 'credentials'), CREDENTIALS);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'awsprof-terminal-'));
  mkdirSync(join(dir, '.aws'));
  writeFiles();
  env = cleanEnv(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('control characters from files reach no terminal (#7)', () => {
  it('list shows every name, region, source and ARN escaped, and accepts the file', async () => {
    const result = await awsprof(['list'], env);
    expect(result.code).toBe(0);
    expectNoRawControl(result);
    expect(result.stdout).toContain('evil\\e]0;pwned\\x07');
    expect(result.stdout).toContain('eu-west-1\\e[31m');
    expect(result.stdout).toContain('csi\\x9b2J');
    expect(result.stdout).toContain('bell\\x07ring');
    expect(result.stdout).toContain('us-east-1\\x07');
    expect(result.stdout).toContain('rtl\\u202elive');
    expect(result.stdout).toContain('src\\e[31m\\x9b1m → Dev\\e]0;pwned\\x07');
    expect(result.stdout).toContain('red\\e[31mx');
  });

  it('list --json is valid JSON that gives back the names as they are in the file, with no raw control byte', async () => {
    const result = await awsprof(['list', '--json'], env);
    expect(result.code).toBe(0);
    expectNoRawControl(result);
    const rows = JSON.parse(result.stdout) as { name: string; region: string | null; roleArn: string | null; source: string | null }[];
    const byName = new Map(rows.map((row) => [row.name, row]));
    for (const name of Object.values(NAMES)) expect(byName.has(name), name).toBe(true);
    expect(byName.get(NAMES.title)?.region).toBe(`eu-west-1${RED}`);
    expect(byName.get(NAMES.bidi)).toMatchObject({ roleArn: `arn:aws:iam::111122223333:role/Dev${TITLE}`, region: `eu-west-1${CSI}2J` });
    // The escapes JSON.stringify alone leaves raw.
    expect(result.stdout).toContain('csi\\u009b2J');
    expect(result.stdout).toContain('rtl\\u202elive');
  });

  it.each(['bash', 'fish', 'powershell', 'json'])('use prints %s code without a raw control byte, and bash/fish apply the exact values', async (shell) => {
    const result = await awsprof(['use', NAMES.bidi, '--shell', shell], env);
    expect(result.code).toBe(0);
    expectNoRawControl(result);
    if (shell === 'bash' || shell === 'fish') {
      const script = shell === 'bash' ? `eval "$1"; printf '%s\\0%s' "$AWS_PROFILE" "$AWS_REGION"` : `echo $argv[1] | source; printf '%s\\0%s' "$AWS_PROFILE" "$AWS_REGION"`;
      const shellArgs = shell === 'bash' ? ['--norc', '-c', script, 'bash', result.stdout] : ['--no-config', '-c', script, result.stdout];
      const applied = spawnSync(shell, shellArgs, { env, encoding: 'utf8' });
      expect(applied.stderr).toBe('');
      expect(applied.stdout.split('\0')).toEqual([NAMES.bidi, `eu-west-1${CSI}2J`]);
    }
  });

  it('use of a name with controls is refused with the name escaped', async () => {
    const result = await awsprof(['use', NAMES.title, '--shell', 'bash'], env);
    expect(result.code).toBe(2);
    expectNoRawControl(result);
    expect(result.stderr).toContain('evil\\u001b]0;pwned\\u0007');
  });

  it('get prints a value with controls escaped, and a refused name escaped', async () => {
    const value = await awsprof(['get', 'region', '--profile', NAMES.bidi], env);
    expect(value).toMatchObject({ code: 0, stdout: 'eu-west-1\\x9b2J\n' });
    expectNoRawControl(value);
    const arn = await awsprof(['get', 'role_arn', '--profile', NAMES.bidi], env);
    expect(arn).toMatchObject({ code: 0, stdout: 'arn:aws:iam::111122223333:role/Dev\\e]0;pwned\\x07\n' });
    // A lone CR (which editors show as a line break, and awsprof refuses to edit) in a file only read.
    const crConfig = join(dir, 'cr-config');
    writeFileSync(crConfig, '[profile cr]\nregion = eu-west-1\rus-east-1\n');
    for (const args of [['get', 'region', '--profile', 'cr'], ['list']]) {
      const cr = await awsprof(args, { ...env, AWS_CONFIG_FILE: crConfig });
      expect(cr.code, args.join(' ')).toBe(0);
      expectNoRawControl(cr);
    }
    const refused = await awsprof(['get', 'region', '--profile', NAMES.title], env);
    expect(refused.code).toBe(2);
    expectNoRawControl(refused);
  });

  it('set warnings show keys and paths from the files escaped', async () => {
    // A config path with an ESC in a directory name reaches the warning through displayPath.
    const hostileDir = join(dir, `dir${RED}`);
    mkdirSync(hostileDir, { recursive: true });
    writeFileSync(join(hostileDir, 'config'), CONFIG);
    const result = await awsprof(['set', 'region', 'eu-west-2', '--profile', 'dup'], { ...env, AWS_CONFIG_FILE: join(hostileDir, 'config') });
    expect(result.code).toBe(0);
    expectNoRawControl(result);
    expect(result.stderr).toContain('dir\\e[31m');
    expect(result.stderr).toContain('key\\e[31m appears twice');
    expect(readFileSync(join(hostileDir, 'config'), 'utf8')).toContain('[profile dup]\nregion = eu-west-2\n');
  });

  it('rm names the removed profile escaped, and refuses a name with controls with it escaped', async () => {
    try {
      const removed = await awsprof(['rm', NAMES.bidi], env);
      expect(removed).toMatchObject({ code: 0, stdout: '' });
      expectNoRawControl(removed);
      expect(removed.stderr).toBe('Removed profile rtl\\u202elive from config.\n');
      const refused = await awsprof(['rm', NAMES.red], env);
      expect(refused.code).toBe(2);
      expectNoRawControl(refused);
      expect(refused.stderr).toContain('red\\u001b[31mx');
    } finally {
      writeFiles();
    }
  });
});

/**
 * Display cells of `text` as a terminal draws it, counted here without string-width so the test does not grade the
 * library with itself: combining marks take none, CJK ideographs and these emoji take two, the rest one.
 */
function cells(text: string): number {
  let width = 0;
  for (const char of text) {
    if (/\p{M}/u.test(char)) continue;
    width += /[\u3000-\u9fff\uac00-\ud7a3\uff00-\uff60]|\p{Extended_Pictographic}/u.test(char) ? 2 : 1;
  }
  return width;
}

/** The display column at which each of the table's columns starts on `line` (a column starts after two spaces). */
function columnStarts(line: string): number[] {
  const starts: number[] = [];
  let column = 0;
  let previous = '';
  let before = '';
  for (const char of line) {
    if (char !== ' ' && previous === ' ' && before === ' ') starts.push(column);
    column += cells(char);
    before = previous;
    previous = char;
  }
  return starts;
}

describe('list aligns wide and combining characters (#7)', () => {
  it('starts every column at the same display cell on every line', async () => {
    const config = `[profile plain]
region = eu-west-1

[profile 日本語の名前]
region = ap-northeast-1

[profile cafe\u0301-e\u0301te\u0301]
region = eu-west-3

[profile rocket🚀]
role_arn = arn:aws:iam::111122223333:role/Dev
source_profile = 源🚀
region = us-east-2

[profile multi]
region = eu-west-1
  continued
`;
    const folder = mkdtempSync(join(tmpdir(), 'awsprof-width-'));
    try {
      writeFileSync(join(folder, 'config'), config);
      writeFileSync(join(folder, 'credentials'), '');
      const result = await awsprof(['list'], cleanEnv(folder, { AWS_CONFIG_FILE: join(folder, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials') }));
      expect(result).toMatchObject({ code: 0, stderr: 'awsprof: warning: profile multi: region eu-west-1\\ncontinued is not an AWS region name\n' });
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(6);
      const header = columnStarts(lines[0]!);
      expect(header).toHaveLength(5);
      for (const line of lines.slice(1)) expect(columnStarts(line), line).toEqual(header);
      // The value with a continuation line shows on one line.
      expect(lines.find((line) => line.includes('multi'))).toContain('eu-west-1\\ncontinued');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
