import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IniSyntaxError } from '../../src/errors.js';
import { applySectionBatch, formatBatchDiff } from '../../src/ini/batch-edit.js';
import { setValueInText } from '../../src/ini/edit.js';
import { readText } from '../../src/ini/read.js';
import { realisticFile } from '../support/ini-arbitraries.js';

describe('applySectionBatch (#9)', () => {
  const text = '# mine\n[default]\nregion = x\n\n[profile a]\nsso_session = s\nregion = r  ; kept\n\n; about b\n[profile b]\nk = 1\n\n[profile c]\nk = 2';

  it('sets keys as setValueInText would, one pass for many sections', () => {
    const batch = { set: [{ line: 4, values: [['region', 'eu-west-1'], ['sso_role_name', 'Admin']] as const }, { line: 12, values: [['k', '3']] as const }], remove: [], append: [] };
    let oneByOne = setValueInText(text, { section: 'profile a', key: 'region', value: 'eu-west-1' });
    oneByOne = setValueInText(oneByOne, { section: 'profile a', key: 'sso_role_name', value: 'Admin' });
    oneByOne = setValueInText(oneByOne, { section: 'profile c', key: 'k', value: '3' });
    expect(applySectionBatch(text, batch).text).toBe(oneByOne);
  });

  it('removes sections and appends new ones as one block; every other byte stays', () => {
    const result = applySectionBatch(text, { set: [], remove: [9], append: [{ header: 'profile n', values: [['a', '1'], ['b', '2']] }, { header: 'profile m', values: [['c', '3']] }] });
    expect(result.text).toBe('# mine\n[default]\nregion = x\n\n[profile a]\nsso_session = s\nregion = r  ; kept\n\n; about b\n[profile c]\nk = 2\n\n[profile n]\na = 1\nb = 2\n\n[profile m]\nc = 3\n');
  });

  it('keeps CRLF and a BOM', () => {
    const result = applySectionBatch('\uFEFF[a]\r\nk = 1\r\n', { set: [{ line: 0, values: [['k', '2']] }], remove: [], append: [{ header: 'b', values: [['x', 'y']] }] });
    expect(result.text).toBe('\uFEFF[a]\r\nk = 2\r\n\r\n[b]\r\nx = y\r\n');
  });

  it('changes nothing for an empty batch', () => {
    expect(applySectionBatch(text, { set: [], remove: [], append: [] }).text).toBe(text);
  });

  it('refuses a value that is not one line, writing nothing', () => {
    expect(() => applySectionBatch(text, { set: [], remove: [], append: [{ header: 'profile x', values: [['k', 'a\nb']] }] })).toThrow(IniSyntaxError);
  });

  it('refuses a new section that would not read back as asked (a header the reader splits)', () => {
    expect(() => applySectionBatch(text, { set: [], remove: [], append: [{ header: 'profile a', values: [['k', 'v']] }] })).toThrow(/AWS CLI reads/);
  });

  it('prints the changes as a unified-style diff', () => {
    const result = applySectionBatch(text, { set: [{ line: 4, values: [['region', 'eu-west-1']] }], remove: [9], append: [{ header: 'profile n', values: [['a', '1']] }] });
    expect(formatBatchDiff(result.hunks, 'config', 'config (after)')).toBe(
      ['--- config', '+++ config (after)', '@@ -6,2 +6,2 @@', ' sso_session = s', '-region = r  ; kept', '+region = eu-west-1',
        '@@ -10,3 +10,0 @@', '-[profile b]', '-k = 1', '-', '@@ -15,0 +12,3 @@', '+', '+[profile n]', '+a = 1', ''].join('\n'),
    );
  });

  it('edits 3,000 sections x 5 keys and appends 3,000 more in one batch (its speed is in npm run bench -- sso-sync)', () => {
    const existing = Array.from({ length: 3000 }, (_, i) => `[profile p${i}]\nsso_session = s\nsso_account_id = ${i}\nsso_role_name = R\nregion = r\nawsprof_sso = s\n`).join('\n');
    const lines = existing.split('\n');
    const headers = lines.flatMap((line, index) => (line.startsWith('[') ? [index] : []));
    const result = applySectionBatch(existing, {
      set: headers.map((line) => ({ line, values: [['sso_session', 't'], ['sso_account_id', '1'], ['sso_role_name', 'Q'], ['region', 'q'], ['awsprof_sso', 't']] as const })),
      remove: [],
      append: Array.from({ length: 3000 }, (_, i) => ({ header: `profile n${i}`, values: [['sso_session', 's'], ['region', 'r']] as const })),
    });
    expect(result.text.split('[profile ').length - 1).toBe(6000);
    expect(result.text).toContain('[profile p2999]\nsso_session = t\nsso_account_id = 1\nsso_role_name = Q\nregion = q\nawsprof_sso = t\n');
  });

  it('gives the bytes setValueInText gives, key by key, on random files', () => {
    const outcome = (work: () => string) => {
      try {
        return work();
      } catch (error) {
        if (error instanceof IniSyntaxError) return 'refused';
        throw error;
      }
    };
    const values = fc.array(fc.tuple(fc.constantFrom('region', 'output', 'k', 'Region', 'sso_role_name'), fc.stringMatching(/^[a-z0-9-]{1,8}$/)), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(realisticFile, values, fc.nat(), (text, pairs, pick) => {
        if (/\r(?!\n)/.test(text)) return;
        const sections = readText(text).sections;
        // setValueInText edits the first section of a header; a batch names its section by line.
        const unique = sections.filter((section) => sections.filter((other) => other.header === section.header).length === 1);
        const target = unique[pick % Math.max(unique.length, 1)];
        if (!target) return;
        const batch = outcome(() => applySectionBatch(text, { set: [{ line: target.line, values: pairs }], remove: [], append: [] }).text);
        const oneByOne = outcome(() => pairs.reduce((current, [key, value]) => setValueInText(current, { section: target.header, key, value }), text));
        expect(batch).toBe(oneByOne);
      }),
      { numRuns: 3000, seed: 9 },
    );
  });
});
