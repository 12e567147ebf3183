import { describe, expect, it } from 'vitest';
import { formatPosix, quotePosix } from '../../src/shell/posix.js';

describe('quotePosix', () => {
  it.each([
    ['', `''`],
    ['dev', `'dev'`],
    ["it's", `'it'\\''s'`],
    ["'", `''\\'''`],
    ['$(rm -rf /)', `'$(rm -rf /)'`],
    ['`id`', `'\`id\`'`],
    ['a\\b', `'a\\b'`],
    ['a\nb', `'a\nb'`],
    ['日本語 🚀', `'日本語 🚀'`],
  ])('quotes %j as %s', (value, expected) => {
    expect(quotePosix(value)).toBe(expected);
  });
});

describe('formatPosix', () => {
  it.each([
    [{ set: {}, unset: [] }, ''],
    [{ set: { AWS_PROFILE: 'dev' }, unset: [] }, `export AWS_PROFILE='dev'\n`],
    [{ set: {}, unset: ['AWS_PROFILE'] }, `unset AWS_PROFILE\n`],
    [
      { set: { AWS_PROFILE: 'prod', AWS_REGION: 'eu-west-1' }, unset: ['AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN'] },
      `unset AWS_ACCESS_KEY_ID\nunset AWS_SESSION_TOKEN\nexport AWS_PROFILE='prod'\nexport AWS_REGION='eu-west-1'\n`,
    ],
    [{ set: { X: "a'b" }, unset: ['X'] }, `unset X\nexport X='a'\\''b'\n`],
    [{ set: { _x9: '' }, unset: [] }, `export _x9=''\n`],
  ])('formats %j', (change, expected) => {
    expect(formatPosix(change)).toBe(expected);
  });
});
