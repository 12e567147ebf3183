import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IniSyntaxError } from '../../src/errors.js';
import { parseDocument, serializeDocument } from '../../src/ini/document.js';
import { removeSections, setValue, setValueInText, type SetValueRequest } from '../../src/ini/edit.js';
import { findEntry, readDocument } from '../../src/ini/read.js';
import { anyText, realisticFile } from '../support/ini-arbitraries.js';

const set = (text: string, request: SetValueRequest) => serializeDocument(setValue(parseDocument(text), request));

describe('setValue', () => {
  it.each([
    ['creates a file', '', { section: 'default', key: 'region', value: 'us-east-1' }, '[default]\nregion = us-east-1\n'],
    ['replaces in place, normalising spacing like the AWS CLI', '[default]\nregion=x\noutput = json\n', { section: 'default', key: 'region', value: 'y' }, '[default]\nregion = y\noutput = json\n'],
    ['appends a section without a blank line', '[default]\nregion = x\n', { section: 'profile dev', key: 'region', value: 'y' }, '[default]\nregion = x\n[profile dev]\nregion = y\n'],
    ['terminates an unterminated file before a new section', '[default]\nregion = x', { section: 'profile dev', key: 'region', value: 'y' }, '[default]\nregion = x\n[profile dev]\nregion = y\n'],
    ['inserts after the last key, before the blank line and next section', '[a]\nk = 1\n\n[b]\n', { section: 'a', key: 'n', value: '2' }, '[a]\nk = 1\nn = 2\n\n[b]\n'],
    ['skips a comment line when inserting at the end of the file (writer.py quirk)', '[a]\nk = 1\n# c\n# d\n', { section: 'a', key: 'n', value: '2' }, '[a]\nk = 1\n# c\nn = 2\n# d\n'],
    ['keeps CRLF and writes CRLF', '[a]\r\nk = 1\r\n', { section: 'a', key: 'n', value: '2' }, '[a]\r\nk = 1\r\nn = 2\r\n'],
    ['finds a quoted profile header', '[profile "my name"]\nk = 1\n', { section: 'profile my name', key: 'k', value: '2' }, '[profile "my name"]\nk = 2\n'],
    ['adds a nested block', '[a]\nk = 1\n', { section: 'a', key: 's3', subkey: 'max', value: '5' }, '[a]\nk = 1\ns3 =\n    max = 5\n'],
    ['updates a nested key keeping its indent', '[a]\ns3 =\n  max = 1\n  other = 2\n', { section: 'a', key: 's3', subkey: 'max', value: '5' }, '[a]\ns3 =\n  max = 5\n  other = 2\n'],
    ['adds a nested key before the next top-level key', '[a]\ns3 =\n    x = 1\nregion = r\n', { section: 'a', key: 's3', subkey: 'y', value: '2' }, '[a]\ns3 =\n    x = 1\n    y = 2\nregion = r\n'],
    ['adds a sub-key under a trailing `s3 =` (AWS CLI crashes)', '[a]\ns3 =', { section: 'a', key: 's3', subkey: 'y', value: '2' }, '[a]\ns3 =\n    y = 2\n'],
    ['does not glue a sub-key onto an unterminated last line (AWS CLI bug)', '[a]\ns3 =\n    x = 1', { section: 'a', key: 's3', subkey: 'y', value: '2' }, '[a]\ns3 =\n    x = 1\n    y = 2\n'],
    ['replaces a case-variant key instead of duplicating it (AWS CLI bug)', '[a]\nRegion = x\n', { section: 'a', key: 'region', value: 'y' }, '[a]\nregion = y\n'],
    ['does not replace a sub-key when asked for a top-level key (AWS CLI bug)', '[a]\ns3 =\n    max_attempts = 3\n', { section: 'a', key: 'max_attempts', value: '5' }, '[a]\ns3 =\n    max_attempts = 3\nmax_attempts = 5\n'],
    ['reads an indented header after a key as a continuation (AWS CLI bug)', '[a]\nk = 1\n  [profile b]\nn = 2\n', { section: 'a', key: 'n', value: '3' }, '[a]\nk = 1\n  [profile b]\nn = 3\n'],
    ['edits the section behind a BOM', '\uFEFF[default]\nregion = x\n', { section: 'default', key: 'region', value: 'y' }, '\uFEFF[default]\nregion = y\n'],
  ])('%s', (_name, before, request, after) => {
    expect(set(before, request as SetValueRequest)).toBe(after);
  });

  it('inserts a new key after a multi-line value, never inside it (AWS CLI bug)', () => {
    const text = '[default]\ncredential_process = /usr/bin/helper\n  --profile-name a\n  --verbose\n\n[profile dev]\n';
    expect(setValueInText(text, { section: 'default', key: 'region', value: 'x' })).toBe(
      '[default]\ncredential_process = /usr/bin/helper\n  --profile-name a\n  --verbose\nregion = x\n\n[profile dev]\n',
    );
  });

  it('terminates an unterminated last line it replaces, as the AWS CLI does', () => {
    expect(setValueInText('[default]\nregion = a', { section: 'default', key: 'region', value: 'b' })).toBe('[default]\nregion = b\n');
    expect(setValueInText('[default]\ns3 =\n    x = 1', { section: 'default', key: 's3', subkey: 'x', value: '2' })).toBe('[default]\ns3 =\n    x = 2\n');
  });

  it('refuses old Mac line endings, naming the line', () => {
    expect(() => setValueInText('[default]\nregion = a\rout = b\n', { section: 'default', key: 'region', value: 'b' })).toThrow(
      expect.objectContaining({ line: 2, message: expect.stringMatching(/carriage return/) }),
    );
  });

  it.each([
    ['a sub-key under a plain value', '[a]\ns3 = foo\n', { section: 'a', key: 's3', subkey: 'x', value: '1' }, 2],
  ])('refuses %s, naming the line', (_name, before, request, line) => {
    expect(() => set(before, request as SetValueRequest)).toThrow(IniSyntaxError);
    try {
      set(before, request as SetValueRequest);
    } catch (error) {
      expect((error as IniSyntaxError).line).toBe(line);
    }
  });

  // Edits keep their meaning (#7): where the AWS CLI's bytes would change how the lines after the edit are read.
  it.each([
    [
      'keeps a replaced key indented in an indented section, so the keys after it stay keys (#7)',
      '[profile dev]\n    role_arn = arn:aws:iam::111122223333:role/A\n    source_profile = default\n    region = eu-west-1\n',
      { section: 'profile dev', key: 'role_arn', value: 'arn:aws:iam::111122223333:role/B' },
      '[profile dev]\n    role_arn = arn:aws:iam::111122223333:role/B\n    source_profile = default\n    region = eu-west-1\n',
    ],
    [
      'unindents a replaced key like the AWS CLI when nothing after it changes meaning (#7)',
      '[profile dev]\n  region = a\n',
      { section: 'profile dev', key: 'region', value: 'b' },
      '[profile dev]\nregion = b\n',
    ],
    [
      'edits an indented header the AWS CLI reads as the section instead of adding a second one (#7)',
      '  [default]\n  region = a\n',
      { section: 'default', key: 'output', value: 'json' },
      '  [default]\n  region = a\noutput = json\n',
    ],
    [
      'replaces a value together with its continuation lines (#7)',
      '[default]\ncredential_process = /bin/helper\n  --profile a\n  --verbose\nregion = x\n',
      { section: 'default', key: 'credential_process', value: '/bin/other' },
      '[default]\ncredential_process = /bin/other\nregion = x\n',
    ],
    [
      'replaces a nested block with a plain value, dropping the sub-keys (#7)',
      '[a]\ns3 =\n    x = 1\n# kept\n    y = 2\nregion = r\n',
      { section: 'a', key: 's3', value: '1' },
      '[a]\ns3 = 1\n# kept\nregion = r\n',
    ],
    [
      'indents a new sub-key like its siblings under an indented parent (#7)',
      '[a]\n    s3 =\n        max = 1\n    region = x\n',
      { section: 'a', key: 's3', subkey: 'other', value: '2' },
      '[a]\n    s3 =\n        max = 1\n        other = 2\n    region = x\n',
    ],
    [
      'finds an indented header the AWS CLI reads as a section after a deeper section (#7)',
      '[b]\n    x = 1\n    [c]\n    y = 2\n',
      { section: 'c', key: 'z', value: '3' },
      '[b]\n    x = 1\n    [c]\n    y = 2\nz = 3\n',
    ],
  ])('%s', (_name, before, request, after) => {
    expect(set(before, request as SetValueRequest)).toBe(after);
    expect(setValueInText(before, request as SetValueRequest)).toBe(after);
  });

  it.each([
    ['a line feed', 'eu-west-1\ncredential_process = /bin/false'],
    ['a lone carriage return', 'eu-west-1\rcredential_process = /bin/false'],
    ['U+2028', 'eu-west-1\u2028x = 1'],
    ['trailing whitespace', 'eu-west-1 '],
  ])('refuses a value with %s whoever the caller is, so no source can inject a line (#7)', (_name, value) => {
    for (const text of ['[default]\nregion = a\n', '']) {
      expect(() => setValueInText(text, { section: 'default', key: 'region', value })).toThrow(IniSyntaxError);
    }
  });

  it('sets the value and keeps every other line, in order, on random files', () => {
    const request = fc.record({
      section: fc.constantFrom('default', 'profile a', 'profile b', 'sso-session a', 'new'),
      key: fc.constantFrom('region', 'output', 's3', 'k', 'Region'),
      subkey: fc.option(fc.constantFrom('max', 'x'), { nil: undefined }),
      value: fc.stringMatching(/^[a-z0-9-]{1,8}$/),
    });
    fc.assert(
      fc.property(realisticFile, request, (text, req) => {
        let after: string;
        try {
          after = set(text, req);
        } catch (error) {
          if (error instanceof IniSyntaxError) return true;
          throw error;
        }
        const before = parseDocument(text).lines.map((line) => line.content);
        const lines = parseDocument(after).lines.map((line) => line.content);
        // Every original line survives in order, except at most one replaced line.
        let matched = 0;
        for (const line of lines) if (matched < before.length && line === before[matched]) matched++;
        expect(matched).toBeGreaterThanOrEqual(before.length - 1);
        expect(lines.length - before.length).toBeLessThanOrEqual(3);
        const view = readDocument(parseDocument(after));
        const header = view.sections.find((section) => section.header === req.section);
        if (header && view.sections.filter((section) => section.header === req.section).length === 1) {
          const entry = findEntry(view, req.section, req.key);
          if (req.subkey === undefined) expect(entry?.value).toBe(req.value);
          else if (entry?.nested) expect(entry.nested[req.subkey]).toBe(req.value);
        }
        return true;
      }),
      { numRuns: 3000, seed: 1 },
    );
  });
});

describe('setValueInText', () => {
  const request = fc.record({
    section: fc.constantFrom('default', 'profile a', 'profile b', 'a', 'new', 'profile two words'),
    key: fc.constantFrom('region', 'output', 's3', 'k'),
    subkey: fc.option(fc.constantFrom('max', 'x'), { nil: undefined }),
    value: fc.stringMatching(/^[a-z0-9-]{1,8}$/),
  });
  const outcome = (work: () => string) => {
    try {
      return work();
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it('gives the same bytes as editing the whole document, on random and mutated files', () => {
    fc.assert(
      fc.property(fc.oneof(realisticFile, anyText), request, (text, req) => {
        const whole = outcome(() => serializeDocument(setValue(parseDocument(text), req)));
        const windowed = outcome(() => setValueInText(text, req));
        // Lone CRs are line breaks to the AWS CLI: the text-level edit refuses such files.
        if (/\r(?!\n)/.test(text)) expect(windowed).toMatch(/^IniSyntaxError: has a carriage return without a line feed/);
        else expect(windowed).toBe(whole);
      }),
      { numRuns: 5000, seed: 11 },
    );
  });
});

describe('removeSections', () => {
  it('refuses a removal that would make an indented header after it a continuation line, naming the line (#7)', () => {
    const text = '[a]\nx = 1\n[b]\n    y = 2\n    [c]\n    z = 3\n';
    expect(() => removeSections(parseDocument(text), [2])).toThrow(expect.objectContaining({ line: 3, message: expect.stringMatching(/\[c\] would disappear|read/) }));
  });

  it('removes header and keys, keeps the comment that introduces the next section', () => {
    const text = '[a]\nk = 1\n\n# the b account\n[b]\nk = 2\n';
    const document = parseDocument(text);
    expect(serializeDocument(removeSections(document, [0]))).toBe('# the b account\n[b]\nk = 2\n');
  });

  it('removes nested blocks and duplicates, leaving everything else', () => {
    const text = '[x]\nk = 1\n\n[a]\ns3 =\n    y = 1\n\n[a]\nz = 2\n';
    expect(serializeDocument(removeSections(parseDocument(text), [3, 7]))).toBe('[x]\nk = 1\n\n');
  });
});
