/** Which values can be written as one `key = value` line (#7); pure, so the edits in this folder enforce it themselves. */

/** Characters Python's str.splitlines() treats as line breaks: botocore splits nested values with it. */
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/;

export function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
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
 * reaches a file, whether it came from a flag, an STS answer or another file: setValue applies it to every write, and
 * commands ask it first to word a flag's error as a usage error.
 */
export function describeUnwritableValue(value: string): string | undefined {
  if (value.length > MAX_VALUE_LENGTH) return `is ${value.length} characters long (at most ${MAX_VALUE_LENGTH})`;
  const bad = VALUE_CONTROL.exec(value);
  if (bad) {
    const what = LINE_BREAKS.test(bad[0]) ? 'a line break' : 'a control character';
    return `contains ${what} (${describeChar(bad[0])})`;
  }
  // configparser strips both ends of a value, so such a value would not read back as written.
  if (value.trim() !== value) return 'has whitespace at its start or end, which the AWS CLI would strip';
  return undefined;
}
