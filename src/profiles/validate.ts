import { UsageError } from '../errors.js';

/**
 * Guards against INI injection. The AWS CLI runs `credential_process` commands from config, so a value that smuggles
 * in a newline, or a name that closes a `[section]`, is a way to run code as the user: refuse before touching a file.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
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

export function assertValidValue(value: string, key: string): void {
  const bad = LINE_BREAKS.exec(value);
  if (bad) {
    throw new UsageError(`the value for ${key} contains a line break or NUL (${describeChar(bad[0])}); refusing to write it`, {
      hint: 'values must be a single line',
    });
  }
}
