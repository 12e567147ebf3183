import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/shell/json.js';
import { NASTY_VALUES } from './nasty-values.js';

describe('formatJson', () => {
  it.each([
    [{ set: {}, unset: [] }, `{"set":{},"unset":[]}\n`],
    [{ set: { AWS_PROFILE: 'dev' }, unset: ['AWS_SESSION_TOKEN'] }, `{"set":{"AWS_PROFILE":"dev"},"unset":["AWS_SESSION_TOKEN"]}\n`],
    [{ set: { B: '1', A: '2' }, unset: ['Z', 'Y'] }, `{"set":{"B":"1","A":"2"},"unset":["Z","Y"]}\n`],
  ])('formats %j', (change, expected) => {
    expect(formatJson(change)).toBe(expected);
  });

  it.each(NASTY_VALUES)('round-trips %s through JSON.parse', (_label, value) => {
    const text = formatJson({ set: { V: value }, unset: ['GONE'] });
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(text)).toEqual({ set: { V: value }, unset: ['GONE'] });
  });

  it('keeps a __proto__ name as data', () => {
    const set = Object.fromEntries([['__proto__', 'x']]) as Record<string, string>;
    expect(JSON.parse(formatJson({ set, unset: [] }))).toEqual(JSON.parse('{"set":{"__proto__":"x"},"unset":[]}'));
  });
});
