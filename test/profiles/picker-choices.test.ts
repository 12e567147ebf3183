import { describe, expect, it } from 'vitest';
import { formatPickerChoices, matchesFuzzy } from '../../src/profiles/picker-choices.js';
import type { ProfileSummary } from '../../src/profiles/summary.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const summary = (name: string, kind: ProfileSummary['kind'], expiration?: string): ProfileSummary => ({
  name,
  kind,
  expiration: expiration === undefined ? undefined : new Date(expiration),
  managed: false,
  inConfig: true,
  inCredentials: false,
});

describe('matchesFuzzy (#10)', () => {
  it.each([
    ['', 'anything', true],
    ['pdadm', 'prod-admin', true],
    ['PROD', 'prod-admin', true],
    ['prod adm', 'prod-admin', true],
    ['adm prod', 'prod-admin', true],
    ['admp', 'prod-admin', false],
    ['dd', 'dev', false],
    ['dd', 'dev-dev', true],
    ['x', 'prod-admin', false],
  ])('%j in %j: %s', (query, name, expected) => {
    expect(matchesFuzzy(query, name)).toBe(expected);
  });
});

describe('formatPickerChoices (#10)', () => {
  it('puts kind and expiry in columns beside each name, in the given order, and returns the raw names', () => {
    const choices = formatPickerChoices(
      [summary('default', 'static'), summary('prod-admin', 'role'), summary('tmp', 'temporary', '2026-11-26T12:42:00Z'), summary('old', 'temporary', '2026-11-24T12:00:00Z'), summary('lost', 'temporary')],
      NOW,
    );
    expect(choices).toEqual([
      { value: 'default', label: 'default     static' },
      { value: 'prod-admin', label: 'prod-admin  role' },
      { value: 'tmp', label: 'tmp         temporary  in 42m' },
      { value: 'old', label: 'old         temporary  expired 2d ago' },
      { value: 'lost', label: 'lost        temporary  expiry unknown' },
    ]);
  });

  it('shows a name with control characters escaped, but returns it as it is', () => {
    const [choice] = formatPickerChoices([summary('evil\x1b]2;x\x07', 'static')], NOW);
    expect(choice).toEqual({ value: 'evil\x1b]2;x\x07', label: 'evil\\e]2;x\\x07  static' });
  });
});
