import { UsageError } from '../errors.js';
import { describeChar, describeUnwritableValue } from '../ini/value.js';

export { describeUnwritableValue, MAX_VALUE_LENGTH } from '../ini/value.js';

/**
 * Guards against INI injection. The AWS CLI runs `credential_process` commands from config, so a value that smuggles
 * in a newline, or a name that closes a `[section]`, is a way to run code as the user: refuse before touching a file.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

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

/**
 * A profile name to find and remove (`rm`): any name that can sit on a header line, `]` included, so a section that
 * another tool wrote with such a name (`aws configure set … --profile 'a]b'` does) can be cleaned up.
 */
export function assertFindableProfileName(name: string): void {
  checkLine('profile name', name);
}

export function assertValidKey(key: string): void {
  checkLine('key', key);
  const bad = /[[\]=:]/.exec(key);
  if (bad) throw new UsageError(`key ${JSON.stringify(key)} contains ${JSON.stringify(bad[0])}, which is not allowed in a key name`);
  if (key.startsWith('#') || key.startsWith(';')) throw new UsageError(`key ${JSON.stringify(key)} starts with a comment character`);
}

/** Refuses a value from the command line: exit 2, naming the key. */
export function assertValidValue(value: string, key: string): void {
  const reason = describeUnwritableValue(value);
  if (reason) throw new UsageError(`the value for ${key} ${reason}; refusing to write it`, { hint: 'values must be a single line of printable text' });
}
