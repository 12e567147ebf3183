import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/credentials/sha256.js';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex: the digest that names cache files', () => {
  it('is node:crypto’s SHA-256 on the FIPS 180-4 examples and the padding boundaries', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // 55, 56 and 64 bytes: the length field fits in the last block, just does not, and a whole block of input.
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) expect(sha256Hex('a'.repeat(length))).toBe(nodeSha256('a'.repeat(length)));
  });

  it('equals node:crypto on generated text, any Unicode included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 500 },
    );
  });
});
