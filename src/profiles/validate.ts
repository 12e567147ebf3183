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

function checkLine(what: string, name: string): void {
  if (name === '') throw new UsageError(`${what} must not be empty`);
  if (name.trim() !== name) throw new UsageError(`${what} ${JSON.stringify(name)} has whitespace at its start or end`);
  const control = CONTROL.exec(name);
  if (control) throw new UsageError(`${what} ${JSON.stringify(name)} contains a control character (${describeChar(control[0])})`);
}

/**
 * A profile name awsprof writes must read back by name (#7): quotes, backslashes, spaces, `#`, `;`, `=` and `[` do,
 * because the config header is shlex-quoted where botocore's shlex reading needs it (names.ts) and configparser takes
 * anything between the first `[` and the last `]` as the header. Refused: `]`, because the AWS CLI's own writer
 * (writer.py SECTION_REGEX `[^]]+`) never finds such a section again, so the next `aws configure set` appends a second
 * one and the AWS CLI then refuses the whole file; control characters and line breaks, which cannot sit in a header
 * line; and outer whitespace, which reads back only through exact quoting and is trimmed by shells, editors and the
 * JavaScript SDK's credentials reader alike.
 */
export function assertValidProfileName(name: string): void {
  checkLine('profile name', name);
  if (name.includes(']')) {
    throw new UsageError(`profile name ${JSON.stringify(name)} contains "]": the AWS CLI's own aws configure set cannot find such a section again`, {
      hint: 'it would add a second section, and the AWS CLI then refuses the file; choose a name without ]',
    });
  }
}

export function assertValidKey(key: string): void {
  checkLine('key', key);
  const bad = /[[\]=:]/.exec(key);
  if (bad) throw new UsageError(`key ${JSON.stringify(key)} contains ${JSON.stringify(bad[0])}, which is not allowed in a key name`);
  if (key.startsWith('#') || key.startsWith(';')) throw new UsageError(`key ${JSON.stringify(key)} starts with a comment character`);
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
