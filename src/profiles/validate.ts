import { UsageError } from '../errors.js';

/**
 * Guards against INI injection. The AWS CLI runs `credential_process` commands from config, so a value that smuggles
 * in a newline, or a name that closes a `[section]`, is a way to run code as the user: refuse before touching a file.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Characters Python's str.splitlines() treats as line breaks: botocore splits nested values with it. */
const LINE_BREAKS = /[\n\r\u0000\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/;

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function checkName(what: string, name: string, forbidden: RegExp, forbiddenText: string): void {
  if (name === '') throw new UsageError(`${what} must not be empty`);
  if (name.trim() !== name) throw new UsageError(`${what} ${JSON.stringify(name)} has whitespace at its start or end`);
  const control = CONTROL.exec(name);
  if (control) throw new UsageError(`${what} ${JSON.stringify(name)} contains a control character (${describeChar(control[0])})`);
  const bad = forbidden.exec(name);
  if (bad) throw new UsageError(`${what} ${JSON.stringify(name)} contains ${JSON.stringify(bad[0])}, which ${forbiddenText}`);
  if (name.startsWith('#') || name.startsWith(';')) throw new UsageError(`${what} ${JSON.stringify(name)} starts with a comment character`);
}

export function assertValidProfileName(name: string): void {
  checkName('profile name', name, /[[\]=]/, 'is not allowed in a profile name');
}

export function assertValidKey(key: string): void {
  checkName('key', key, /[[\]=:]/, 'is not allowed in a key name');
}

/**
 * The longest value awsprof writes. An STS session token is a few KB and a credential_process command line rarely more;
 * anything in the megabytes is an attack or a broken server, refused before it is copied around.
 */
export const MAX_VALUE_LENGTH = 32 * 1024;

/** C0 controls but tab, DEL, and C1 controls (U+0085 NEL among them: Python's splitlines breaks lines there). */
// eslint-disable-next-line no-control-regex
const VALUE_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why `value` cannot be written as one `key = value` line that every reader (configparser, botocore's nested-value
 * splitlines, the JavaScript SDK) reads back unchanged; undefined when it can. The one check for every value that
 * reaches a file, whether it came from a flag, an STS answer or another file.
 */
export function describeUnwritableValue(value: string): string | undefined {
  if (value.length > MAX_VALUE_LENGTH) return `is ${value.length} characters long (at most ${MAX_VALUE_LENGTH})`;
  const bad = VALUE_CONTROL.exec(value);
  if (bad) {
    const what = bad[0] !== '\u0000' && LINE_BREAKS.test(bad[0]) ? 'a line break' : 'a control character';
    return `contains ${what} (${describeChar(bad[0])})`;
  }
  // configparser strips both ends of a value, so such a value would not read back as written.
  if (value.trim() !== value) return 'has whitespace at its start or end, which the AWS CLI would strip';
  return undefined;
}

/** Refuses a value from the command line: exit 2, naming the key. */
export function assertValidValue(value: string, key: string): void {
  const reason = describeUnwritableValue(value);
  if (reason) throw new UsageError(`the value for ${key} ${reason}; refusing to write it`, { hint: 'values must be a single line of printable text' });
}
