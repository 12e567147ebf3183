import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { assignProfileNames, DEFAULT_NAME_TEMPLATE, formatProfileName, normaliseNamePart, parseNameTemplate } from '../../src/profiles/sso-names.js';
import { formatConfigSectionHeader } from '../../src/profiles/names.js';

const fields = (account_name: string, role_name = 'Admin', account_id = '111111111111') => ({ account_name, account_id, role_name, session: 'corp' });

describe('sso profile names (#9)', () => {
  it.each([
    ['Company Name [production]', 'Company-Name-production'],
    ['Büro Zürich', 'Buro-Zurich'],
    ['  spaces  ', 'spaces'],
    ["it's \"quoted\"; #x", 'it-s-quoted-x'],
    ['tab\tand\nnewline\u001b[31m', 'tab-and-newline-31m'],
    ['日本', ''],
    ['a/b:c', 'a-b-c'],
    ['dots.are_ok@x+y=z,w', 'dots.are_ok@x+y=z,w'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseNamePart(raw)).toBe(expected);
  });

  it('fills the default template, keeping case', () => {
    expect(formatProfileName(fields('Prod Data'), { template: DEFAULT_NAME_TEMPLATE })).toBe('Prod-Data-Admin');
    expect(formatProfileName(fields('Prod Data'), { template: DEFAULT_NAME_TEMPLATE, lowercase: true })).toBe('prod-data-admin');
    expect(formatProfileName(fields('x'), { template: '{session}.{account_id}.{role_name}' })).toBe('corp.111111111111.Admin');
  });

  it('names an account whose name folds to nothing by its id', () => {
    expect(formatProfileName(fields('日本'), { template: DEFAULT_NAME_TEMPLATE })).toBe('111111111111-Admin');
  });

  it('normalises the template text too', () => {
    expect(formatProfileName(fields('x'), { template: '[{account_name}] {role_name}' })).toBe('x-Admin');
  });

  it('gives names that need no quoting in a config header', () => {
    for (const raw of ['a b', 'x]y', "q'q", 'é', '\u202e', '%%']) {
      const name = formatProfileName(fields(raw), { template: DEFAULT_NAME_TEMPLATE });
      expect(formatConfigSectionHeader(name)).toBe(`profile ${name}`);
    }
  });

  it.each([
    ['{account}-{role_name}', /unknown field \{account\}/],
    ['{account_name}', /must contain \{role_name\}/],
    ['{session}-{role_name}', /account_name\} or \{account_id/],
    ['{account_name}-{role_name}}', /unmatched/],
  ])('refuses template %j as a usage error', (template, message) => {
    expect(() => parseNameTemplate(template)).toThrow(UsageError);
    expect(() => parseNameTemplate(template)).toThrow(message);
  });

  it('resolves collisions deterministically, whatever the listing order, and reports them', () => {
    const assignments = [
      { accountId: '222222222222', accountName: 'Dev', roleName: 'Admin' },
      { accountId: '111111111111', accountName: 'Dev!', roleName: 'Admin' },
      { accountId: '333333333333', accountName: 'Ops', roleName: 'Admin' },
      { accountId: '333333333333', accountName: 'Ops', roleName: 'admin' },
    ];
    const name = (list: typeof assignments, lowercase = false) => {
      const result = assignProfileNames(list, (a) => fields(a.accountName, a.roleName, a.accountId), { template: DEFAULT_NAME_TEMPLATE, lowercase });
      return { names: list.map((a) => result.names.get(a)), collisions: result.collisions };
    };
    const forward = name(assignments);
    expect(forward.names).toEqual(['Dev-Admin-222222222222', 'Dev-Admin-111111111111', 'Ops-Admin', 'Ops-admin']);
    expect(forward.collisions).toEqual([
      { name: 'Dev-Admin', resolved: [
        { accountId: '111111111111', roleName: 'Admin', name: 'Dev-Admin-111111111111' },
        { accountId: '222222222222', roleName: 'Admin', name: 'Dev-Admin-222222222222' },
      ] },
    ]);
    expect(name([...assignments].reverse()).names).toEqual([...forward.names].reverse());
    // Lowercase makes the two Ops roles collide; the id does not tell them apart, a counter does.
    expect(name(assignments, true).names.slice(2)).toEqual(['ops-admin-333333333333', 'ops-admin-333333333333-2']);
  });

  it('never gives a taken name (default)', () => {
    const assignment = { accountId: '111111111111', accountName: 'default', roleName: 'x' };
    const result = assignProfileNames([assignment], () => fields('default', 'x'), { template: '{account_name}{role_name}' }, new Set(['defaultx']));
    expect(result.names.get(assignment)).toBe('defaultx-111111111111');
    expect(result.collisions).toHaveLength(1);
  });
});
