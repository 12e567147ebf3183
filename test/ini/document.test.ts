import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, preferredLineEnding, serializeDocument } from '../../src/ini/document.js';
import { readDocument, readText } from '../../src/ini/read.js';
import { anyText, realisticFile } from '../support/ini-arbitraries.js';
import { referenceReadText } from '../support/reference-reader.js';

describe('parseDocument / serializeDocument', () => {
  it.each([
    ['empty', ''],
    ['no final newline', '[default]\nregion = x'],
    ['CRLF', '[default]\r\nregion = x\r\n'],
    ['mixed endings and a lone CR', '[a]\r\nk = v\nx\ry\r\n'],
    ['BOM', '\uFEFF[default]\nregion = x\n'],
    ['only newlines', '\n\n\r\n'],
    ['keys before any section, tabs, duplicates', 'k = v\n[a]\n\tk=v\n[a]\nk = w\n'],
    ['nested', '[default]\ns3 =\n    max_concurrent_requests = 10\n'],
  ])('round-trips %s byte for byte', (_name, text) => {
    expect(serializeDocument(parseDocument(text))).toBe(text);
  });

  it('round-trips realistic random files', () => {
    fc.assert(fc.property(realisticFile, (text) => serializeDocument(parseDocument(text)) === text), { numRuns: 2000, seed: 42 });
  });

  it('round-trips arbitrary and mutated text', () => {
    fc.assert(fc.property(anyText, (text) => serializeDocument(parseDocument(text)) === text), { numRuns: 5000, seed: 7 });
  });

  it('readText reads exactly what readDocument reads from the parsed document', () => {
    fc.assert(
      fc.property(fc.oneof(realisticFile, anyText), (text) => {
        expect(readText(text)).toEqual(readDocument(parseDocument(text)));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it('readText reads what a plain line-by-line reading with configparser\'s rules reads (#7)', () => {
    // readText and readDocument share one reader; this oracle is independent of its in-place scanning and caches.
    const manyKeys = fc
      .array(fc.oneof(fc.nat(25).map((k) => `K${k} = v`), fc.nat(25).map((k) => `k${k}:v`), fc.constantFrom('[a]', '  x = y', '', ' =', ':x', '[]', '[b] c]')), { maxLength: 120 })
      .map((lines) => `[s]\n${lines.join('\n')}`);
    fc.assert(
      fc.property(fc.oneof(realisticFile, anyText, manyKeys), (text) => {
        expect(readText(text)).toEqual(referenceReadText(text));
      }),
      { numRuns: 5000, seed: 12 },
    );
  });

  it('keeps the BOM apart from the first line so the header is still a header', () => {
    const document = parseDocument('\uFEFF[default]\n');
    expect(document.bom).toBe(true);
    expect(document.lines[0]?.content).toBe('[default]');
  });

  it('prefers the file’s own line ending for new lines', () => {
    expect(preferredLineEnding(parseDocument('[a]\r\nk = v\n'))).toBe('\r\n');
    expect(preferredLineEnding(parseDocument('[a]'))).toBe('\n');
  });
});
