import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeForTerminal, hasUnsafeBytesForTerminal, isUnsafeForTerminal, shown, stringifyJsonForTerminal, UNSAFE_FOR_TERMINAL } from '../src/terminal-text.js';

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('escapeForTerminal (#7)', () => {
  it.each([
    ['\x1b]0;pwned\x07', '\\e]0;pwned\\x07'],
    ['\x1b[31mred', '\\e[31mred'],
    ['\u009b2J', '\\x9b2J'],
    ['a\r\nb\tc', 'a\\r\\nb\\tc'],
    ['rtl\u202elive\u2066', 'rtl\\u202elive\\u2066'],
    ['\u2028\u2029\u0085\x7f\x00', '\\u2028\\u2029\\x85\\x7f\\x00'],
    ['日本語 🚀 é', '日本語 🚀 é'],
  ])('shows %j as %j', (text, expected) => {
    expect(escapeForTerminal(text)).toBe(expected);
  });

  it('leaves no raw control character in any string, and escaping twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const once = escapeForTerminal(text);
        expect(RAW.test(once)).toBe(false);
        expect(escapeForTerminal(once)).toBe(once);
      }),
    );
  });

  it('resets the global pattern between calls', () => {
    UNSAFE_FOR_TERMINAL.lastIndex = 3;
    expect(escapeForTerminal('\x07')).toBe('\\x07');
  });
});

describe('shown (#7)', () => {
  it('escapes what is interpolated and keeps the literal text', () => {
    expect(shown`removed ${'a\x1b[2Jb'} (${3})\n`).toBe('removed a\\e[2Jb (3)\n');
  });
});

describe('stringifyJsonForTerminal (#7)', () => {
  it('is JSON that parses back to the same value and holds no raw control character', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), (value, strings) => {
        for (const input of [value, strings]) {
          const json = stringifyJsonForTerminal(input, 2);
          expect(RAW.test(json.replaceAll('\n', ''))).toBe(false);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
        }
      }),
    );
  });
});

describe('hasUnsafeBytesForTerminal: the same rule on UTF-8 bytes, line feeds aside', () => {
  const unit = fc.oneof(fc.constantFrom('a', '\n', '→', 'é', '界', '😀', '\u001b', '\u009b', '\u202e', '\u2028', '\u007f', '\t'), fc.string({ unit: 'binary', maxLength: 1 }));

  it('agrees with isUnsafeForTerminal on the text the bytes encode', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(hasUnsafeBytesForTerminal(Buffer.from(text, 'utf8'))).toBe(isUnsafeForTerminal(text.replaceAll('\n', '')));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses bytes that are no UTF-8, overlong forms of controls included', () => {
    for (const bytes of [[0xc0, 0x9b], [0xe0, 0x80, 0x9b], [0xff], [0xe2, 0x86], [0x80]]) expect(hasUnsafeBytesForTerminal(Uint8Array.from(bytes))).toBe(true);
    expect(hasUnsafeBytesForTerminal(Buffer.from('acct-7  role  default → Admin  eu-west-1\n'))).toBe(false);
  });
});
