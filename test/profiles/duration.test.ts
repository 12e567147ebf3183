import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseDuration } from '../../src/profiles/duration.js';
import { defaultSessionName, isValidSessionName, sanitizeSessionName } from '../../src/profiles/session-name.js';

describe('parseDuration', () => {
  it.each([
    ['3600', 3600],
    ['1h', 3600],
    ['90m', 5400],
    ['1h30m', 5400],
    ['900s', 900],
    ['12h', 43200],
    [' 2H ', 7200],
  ])('%s is %i seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['899', '43201', '13h', '1d', 'soon', '', '-3600', '1.5h'])('refuses %j before any call', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
  });
});

describe('session names', () => {
  it('defaults to <user>-<YYYYMMDD>', () => {
    expect(defaultSessionName('alice', new Date(2026, 10, 3))).toBe('alice-20261103');
  });
  it.each([
    ['jean pierre', 'jean-pierre'],
    ['é', '-awsprof'],
    ['x'.repeat(80), 'x'.repeat(64)],
  ])('sanitises %j to what STS allows', (raw, expected) => {
    expect(sanitizeSessionName(raw)).toBe(expected);
    expect(isValidSessionName(sanitizeSessionName(raw))).toBe(true);
  });
});
