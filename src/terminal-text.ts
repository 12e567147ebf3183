/**
 * What may not reach a terminal raw, and how it is shown instead. Pure (no I/O), so src/shell and src/output share
 * one definition: C0 controls, DEL, C1 controls (U+009B is a one-byte CSI on many terminals), line and paragraph
 * separators, and the bidirectional marks and overrides that make text display in a different order than it reads.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_FOR_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/**
 * Control characters, line separators and bidirectional overrides in `text` as visible escapes (`\e`, `\n`, `\x9b`,
 * `\u202e`). Everything awsprof shows on a terminal passes through here: profile names, values, ARNs, paths and server
 * error text come from files and servers, and raw they could move the cursor, recolour the prompt or set the title.
 * Backslashes are left alone, so escaping twice changes nothing (formatError escapes lines that may already be escaped).
 */
export function escapeForTerminal(text: string): string {
  UNSAFE_FOR_TERMINAL.lastIndex = 0;
  if (!UNSAFE_FOR_TERMINAL.test(text)) return text;
  return text.replace(UNSAFE_FOR_TERMINAL, (char) => {
    const named = NAMED_ESCAPES[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether `text` holds a character UNSAFE_FOR_TERMINAL matches. */
export function isUnsafeForTerminal(text: string): boolean {
  UNSAFE_FOR_TERMINAL.lastIndex = 0;
  return UNSAFE_FOR_TERMINAL.test(text);
}

/** The ASCII bytes UNSAFE_FOR_TERMINAL matches, but the line feed: a lookup table made from that one definition. */
const UNSAFE_ASCII = Uint8Array.from({ length: 128 }, (_, code) => (code !== 0x0a && isUnsafeForTerminal(String.fromCharCode(code)) ? 1 : 0));

const PRINTABLE_ASCII_NEVER_UNSAFE = UNSAFE_ASCII.subarray(0x20, 0x7f).every((unsafe) => unsafe === 0);

/** All four bytes of `word` in 0x20..0x7e: none below 0x20, none with the high bit, none equal to 0x7f. */
function isPrintableAsciiWord(word: number): boolean {
  const below20 = (word - 0x20202020) & ~word & 0x80808080;
  const del = ((word ^ 0x7f7f7f7f) - 0x01010101) & ~(word ^ 0x7f7f7f7f) & 0x80808080;
  return ((word & 0x80808080) | below20 | del) === 0;
}

/**
 * Whether UTF-8 `bytes`, lines of text meant to be shown as they are, hold a character UNSAFE_FOR_TERMINAL matches
 * (line feeds aside) or bytes that are no UTF-8. For text kept already escaped (list's laid-out table) and read back
 * from a file anyone sharing the directory could have written: checked byte by byte, without decoding it all.
 */
export function hasUnsafeBytesForTerminal(bytes: Uint8Array): boolean {
  // The same few characters come back on every row (the → of role sources): each is asked of the rule once.
  const verdicts = new Map<number, boolean>();
  // Four bytes at a time while all four are printable ASCII (0x20 to 0x7e, never unsafe): a megabyte table is mostly that.
  const aligned = (4 - (bytes.byteOffset % 4)) % 4;
  const words = PRINTABLE_ASCII_NEVER_UNSAFE && bytes.length > aligned ? new Uint32Array(bytes.buffer, bytes.byteOffset + aligned, (bytes.length - aligned) >> 2) : undefined;
  for (let at = 0; at < bytes.length; at++) {
    if (words && at >= aligned && (at - aligned) % 4 === 0) {
      let word = (at - aligned) >> 2;
      while (word < words.length && isPrintableAsciiWord(words[word]!)) word++;
      at = aligned + word * 4;
      if (at >= bytes.length) break;
    }
    const byte = bytes[at]!;
    if (byte < 0x80) {
      if (UNSAFE_ASCII[byte]) return true;
      continue;
    }
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 ? 2 : 0;
    if (length === 0 || at + length > bytes.length) return true;
    let code = byte & (0xff >> (length + 1));
    for (let next = 1; next < length; next++) {
      const continuation = bytes[at + next]!;
      if ((continuation & 0xc0) !== 0x80) return true;
      code = (code << 6) | (continuation & 0x3f);
    }
    if (code > 0x10ffff) return true;
    let unsafe = verdicts.get(code);
    if (unsafe === undefined) verdicts.set(code, (unsafe = isUnsafeForTerminal(String.fromCodePoint(code))));
    if (unsafe) return true;
    at += length - 1;
  }
  return false;
}

/**
 * A template tag for messages: the literal text is ours, every interpolated value is escaped. Messages built with it
 * cannot forget a name or a value: `shown\`removed ${name}\``.
 */
export function shown(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) text += escapeForTerminal(String(values[index])) + (strings[index + 1] ?? '');
  return text;
}

/** What JSON.stringify leaves raw of UNSAFE_FOR_TERMINAL (it escapes every C0 control itself). */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON.stringify escapes C0 controls but writes DEL, C1 controls, U+2028/U+2029 and bidi overrides raw. Outside
 * strings JSON text is plain ASCII, so replacing them with `\uXXXX` anywhere keeps the JSON valid and its meaning equal.
 */
export function stringifyJsonForTerminal(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent);
  RAW_IN_JSON.lastIndex = 0;
  if (!RAW_IN_JSON.test(json)) return json;
  return json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The characters of UNSAFE_FOR_TERMINAL that shell code must not carry raw: all but tab and line feed, which shells
 * quote literally and which do nothing to a terminal beyond starting a line. `use` output is read by people as well
 * as by `eval`, so the shell formatters spell these as escapes their shell expands (src/shell/posix.ts, fish.ts,
 * powershell.ts): a name from a file cannot retitle the terminal even when the lines are printed instead of eval'd.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_IN_SHELL_CODE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** Splits `text` into runs of plain text (even indexes) and runs of UNSAFE_IN_SHELL_CODE characters (odd indexes). */
export function splitUnsafeRuns(text: string): string[] {
  UNSAFE_IN_SHELL_CODE.lastIndex = 0;
  return text.split(new RegExp(`(${UNSAFE_IN_SHELL_CODE.source})`));
}
