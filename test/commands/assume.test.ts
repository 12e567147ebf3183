import { describe, expect, it } from 'vitest';
import { writeAssumeSettings } from '../../src/commands/assume.js';
import { IniSyntaxError } from '../../src/errors.js';
import type { AssumePlan } from '../../src/profiles/assume-plan.js';

const plan = (region: string) => ({ target: 'copied', profile: 'chained', region, overrides: {} }) as unknown as AssumePlan;

describe('writeAssumeSettings (#7)', () => {
  it('writes the region it copied from the role profile', () => {
    expect(writeAssumeSettings('[default]\nregion = us-east-1\n', plan('eu-west-1'))).toBe(
      '[default]\nregion = us-east-1\n[profile copied]\nregion = eu-west-1\nawsprof_source_profile = chained\n',
    );
  });

  it('refuses a copied value that would be two lines (a region with a continuation line in the file)', () => {
    expect(() => writeAssumeSettings('[default]\n', plan('eu-west-1\ncredential_process = /bin/false'))).toThrow(IniSyntaxError);
    expect(() => writeAssumeSettings('[default]\n', plan('eu-west-1\ncredential_process = /bin/false'))).toThrow(/region in \[profile copied\] contains a line break/);
  });
});
