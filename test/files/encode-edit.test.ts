import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChange, isNoChange } from '../../src/files/encode-edit.js';
import { applySplice, setValueInText, setValueSplice } from '../../src/ini/edit.js';

/** A file as readTextFile gives it: its text and the bytes it was decoded from. */
const read = (text: string) => ({ text, bytes: Buffer.from(text, 'utf8') });
const written = (pieces: Buffer[]) => Buffer.concat(pieces);

const asciiText = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '=', ' '), maxLength: 5_000 });
const anyText = fc.string({ unit: fc.constantFrom('a', '\n', 'é', '€', '😀', '\u0100'), maxLength: 200 });
const splice = (text: string, a: number, b: number, insert: string) => {
  const from = Math.min(a, b) % (text.length + 1);
  return { from, to: Math.min(from + (Math.max(a, b) % 900), text.length), insert };
};

describe('encodeChange: the bytes of a file change', () => {
  it('a splice of any file writes exactly the UTF-8 of the spliced text', () => {
    fc.assert(
      fc.property(fc.oneof(asciiText, anyText), fc.nat(), fc.nat(), anyText, (before, a, b, insert) => {
        const change = splice(before, a, b, insert);
        const expected = Buffer.from(applySplice(before, change), 'utf8');
        expect(written(encodeChange(read(before), change)).equals(expected)).toBe(true);
        expect(written(encodeChange({ text: before }, change)).equals(expected)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('a whole text is written as its UTF-8', () => {
    fc.assert(
      fc.property(anyText, anyText, (before, next) => {
        expect(written(encodeChange(read(before), next)).equals(Buffer.from(next, 'utf8'))).toBe(true);
      }),
    );
  });

  it('an ASCII file reuses the bytes it was read from around the splice (a megabyte file, one line changed)', () => {
    const before = Array.from({ length: 40_000 }, (_, index) => `[profile p${index}]\nregion = us-east-1\n`).join('');
    const change = setValueSplice(before, { section: 'profile p20000', key: 'region', value: 'eu-west-1' });
    expect(applySplice(before, change)).toBe(setValueInText(before, { section: 'profile p20000', key: 'region', value: 'eu-west-1' }));
    const bytes = Buffer.from(before, 'utf8');
    const pieces = encodeChange({ text: before, bytes }, change);
    expect(written(pieces).equals(Buffer.from(applySplice(before, change)))).toBe(true);
    // Proof of reuse: the unchanged runs are views of the bytes read, not copies.
    expect(pieces[0]!.buffer).toBe(bytes.buffer);
    expect(pieces[2]!.buffer).toBe(bytes.buffer);
    expect(pieces[1]!.toString()).toMatch(/region = eu-west-1/);
  });

  it('knows a splice that changes nothing', () => {
    expect(isNoChange('a\nb\n', { from: 2, to: 3, insert: 'b' })).toBe(true);
    expect(isNoChange('a\nb\n', { from: 2, to: 3, insert: 'c' })).toBe(false);
    expect(isNoChange('a\n', 'a\n')).toBe(true);
  });
});
