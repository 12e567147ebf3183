import { describe, expect, it } from 'vitest';
import { formatFish, quoteFish } from '../../src/shell/fish.js';

describe('quoteFish', () => {
  it.each([
    ['', `''`],
    ['dev', `'dev'`],
    ["it's", `'it\\'s'`],
    ['a\\b', `'a\\\\b'`],
    ['trailing\\', `'trailing\\\\'`],
    ["\\'", `'\\\\\\''`],
    ['$HOME (echo hi) $(echo hi)', `'$HOME (echo hi) $(echo hi)'`],
    ['a\nb', `'a\nb'`],
    ['"double"', `'"double"'`],
    ['日本語 🚀', `'日本語 🚀'`],
  ])('quotes %j as %s', (value, expected) => {
    expect(quoteFish(value)).toBe(expected);
  });
});

describe('formatFish', () => {
  it.each([
    [{ set: {}, unset: [] }, ''],
    [{ set: { AWS_PROFILE: 'dev' }, unset: [] }, `set -gx AWS_PROFILE 'dev'\n`],
    [{ set: {}, unset: ['AWS_PROFILE'] }, `set -e AWS_PROFILE; or true\n`],
    [
      { set: { AWS_PROFILE: 'prod', AWS_REGION: 'eu-west-1' }, unset: ['AWS_ACCESS_KEY_ID'] },
      `set -e AWS_ACCESS_KEY_ID; or true\nset -gx AWS_PROFILE 'prod'\nset -gx AWS_REGION 'eu-west-1'\n`,
    ],
    [{ set: { X: "a'b\\" }, unset: [] }, `set -gx X 'a\\'b\\\\'\n`],
    [{ set: { X: '' }, unset: [] }, `set -gx X ''\n`],
  ])('formats %j', (change, expected) => {
    expect(formatFish(change)).toBe(expected);
  });
});
