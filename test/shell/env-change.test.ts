import { describe, expect, it } from 'vitest';
import { AwsprofError } from '../../src/errors.js';
import { assertEnvName, checkEnvChange, joinLines } from '../../src/shell/env-change.js';
import { formatEnvChange } from '../../src/shell/index.js';
import type { ShellKind } from '../../src/shell/types.js';

const KINDS: ShellKind[] = ['posix', 'fish', 'powershell', 'json'];

const GOOD_NAMES = ['AWS_PROFILE', 'a', '_', '_1', 'x9_Y', 'A'.repeat(200)];
const BAD_NAMES = ['', '1ABC', 'AWS-PROFILE', 'A B', 'A=B', 'A;rm -rf /', '$A', "A'", 'A\n', 'é', 'A.B', ' A'];

describe('assertEnvName', () => {
  it.each(GOOD_NAMES)('accepts %j', (name) => {
    expect(() => assertEnvName(name)).not.toThrow();
  });

  it.each(BAD_NAMES)('rejects %j', (name) => {
    expect(() => assertEnvName(name)).toThrow(AwsprofError);
  });
});

describe('every formatter validates names', () => {
  const cases = KINDS.flatMap((kind) => BAD_NAMES.map((name) => [kind, name] as const));

  it.each(cases)('%s throws for set name %j', (kind, name) => {
    expect(() => formatEnvChange(kind, { set: { OK: 'v', [name]: 'v' }, unset: [] })).toThrow(/Invalid environment variable name/);
  });

  it.each(cases)('%s throws for unset name %j', (kind, name) => {
    expect(() => formatEnvChange(kind, { set: {}, unset: ['OK', name] })).toThrow(/Invalid environment variable name/);
  });

  it.each(KINDS)('%s refuses a NUL in a value, which no environment can hold', (kind) => {
    expect(() => formatEnvChange(kind, { set: { A: 'x\0y' }, unset: [] })).toThrow(/NUL/);
  });

  it.each(KINDS)('%s refuses a non-string value from untyped callers', (kind) => {
    const set = { A: 42 } as unknown as Record<string, string>;
    expect(() => formatEnvChange(kind, { set, unset: [] })).toThrow(/must be set to a string/);
  });
});

describe('checkEnvChange', () => {
  it('lists unsets first, then sets in insertion order', () => {
    expect(checkEnvChange({ set: { B: '1', A: '2' }, unset: ['C', 'B'] })).toEqual({
      unset: ['C', 'B'],
      set: [
        ['B', '1'],
        ['A', '2'],
      ],
    });
  });
});

describe('joinLines', () => {
  it.each([
    [[], ''],
    [['a'], 'a\n'],
    [['a', 'b'], 'a\nb\n'],
  ])('joins %j', (lines, expected) => {
    expect(joinLines(lines)).toBe(expected);
  });
});
