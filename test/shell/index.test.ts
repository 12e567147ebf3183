import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFish } from '../../src/shell/fish.js';
import { formatEnvChange } from '../../src/shell/index.js';
import { formatJson } from '../../src/shell/json.js';
import { formatPosix } from '../../src/shell/posix.js';
import { formatPowerShell } from '../../src/shell/powershell.js';
import type { EnvChange, ShellKind } from '../../src/shell/types.js';
import { NASTY_VALUES } from './nasty-values.js';
import {
  REAL_SHELLS,
  dumpEnvLine,
  makeTempDir,
  quoteFor,
  readDumpedEnv,
  runShell,
  type RealShell,
} from './shell-harness.js';

const SAMPLE: EnvChange = { set: { AWS_PROFILE: "o'neil", AWS_REGION: 'eu-west-1' }, unset: ['AWS_SESSION_TOKEN'] };

describe('formatEnvChange', () => {
  it.each([
    ['posix', formatPosix],
    ['fish', formatFish],
    ['powershell', formatPowerShell],
    ['json', formatJson],
  ] as const)('%s delegates to its formatter', (kind, format) => {
    expect(formatEnvChange(kind, SAMPLE)).toBe(format(SAMPLE));
  });

  it('rejects an unknown kind from untyped callers', () => {
    expect(() => formatEnvChange('tcsh' as ShellKind, SAMPLE)).toThrow(/Unknown shell kind/);
  });
});

const KIND_FOR: Record<RealShell, ShellKind> = { bash: 'posix', zsh: 'posix', dash: 'posix', fish: 'fish' };

/**
 * Applies the text the way the shell-init wrapper does: bash/zsh eval a command substitution, fish joins the
 * captured lines and pipes them to `source`.
 */
function applyLine(shell: RealShell, file: string): string {
  return shell === 'fish'
    ? `string join \\n -- (cat ${quoteFor(shell, file)}) | source`
    : `eval "$(cat ${quoteFor(shell, file)})"`;
}

/** Writes `change` in the shell's dialect to a file, evaluates it in the real shell and returns the exported env. */
function roundTrip(
  shell: RealShell,
  dir: string,
  change: EnvChange,
  names: string[],
  env: Record<string, string> = {},
): { result: ReturnType<typeof runShell>; dumped: Record<string, string | null> } {
  const file = join(dir, 'change.txt');
  // The status check matters: callers chain `awsprof use x && ...`, so applying a change must succeed.
  const status = shell === 'fish' ? 'echo "status=$status"' : 'echo "status=$?"';
  const script = `${applyLine(shell, file)}\n${status}\n${dumpEnvLine(shell, dir, names)}\n`;
  writeFileSync(file, formatEnvChange(KIND_FOR[shell], change));
  const result = runShell(shell, script, dir, env);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('status=0\n');
  expect(result.status).toBe(0);
  return { result, dumped: readDumpedEnv(dir) };
}

describe('printed shell code', () => {
  // `awsprof use` run on a terminal shows the code to a person: a value from a file must not reach it raw (#7).
  // eslint-disable-next-line no-control-regex
  const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  it.each(['posix', 'fish', 'powershell', 'json'] as const)('%s holds no raw control character but tab and newline (#7)', (kind) => {
    for (const [label, value] of NASTY_VALUES) {
      expect(RAW_CONTROL.exec(formatEnvChange(kind, { set: { AWSPROF_T_VALUE: value }, unset: [] })), label).toBeNull();
    }
  });
});

describe.each(REAL_SHELLS)('round trip through real %s', (shell) => {
  let dir: string;
  let cleanup: () => void;
  let mark: string;

  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir(`roundtrip-${shell}`));
    mark = join(dir, 'EXECUTED');
  });
  afterAll(() => cleanup());

  it.each(NASTY_VALUES)('%s comes back byte for byte and runs nothing', (_label, value) => {
    const { dumped } = roundTrip(
      shell,
      dir,
      { unset: ['AWSPROF_T_GONE', 'AWSPROF_T_NEVER'], set: { AWSPROF_T_VALUE: value } },
      ['AWSPROF_T_VALUE', 'AWSPROF_T_GONE', 'AWSPROF_T_NEVER', 'AWSPROF_T_KEPT'],
      { AWSPROF_T_GONE: 'was set', AWSPROF_T_KEPT: 'untouched', AWSPROF_TEST_MARK: mark },
    );
    expect(dumped).toEqual({
      AWSPROF_T_VALUE: value,
      AWSPROF_T_GONE: null,
      AWSPROF_T_NEVER: null,
      AWSPROF_T_KEPT: 'untouched',
    });
    expect(existsSync(mark)).toBe(false);
  });

  it('sets a name that is also unset, because sets come last', () => {
    const { dumped } = roundTrip(shell, dir, { set: { AWSPROF_T_BOTH: 'new' }, unset: ['AWSPROF_T_BOTH'] }, ['AWSPROF_T_BOTH'], {
      AWSPROF_T_BOTH: 'old',
    });
    expect(dumped).toEqual({ AWSPROF_T_BOTH: 'new' });
  });

  it('applies an empty change as a no-op', () => {
    const { dumped } = roundTrip(shell, dir, { set: {}, unset: [] }, ['AWSPROF_T_KEPT'], { AWSPROF_T_KEPT: 'k' });
    expect(dumped).toEqual({ AWSPROF_T_KEPT: 'k' });
  });

  it('round-trips many random strings at once', () => {
    // Any code point except NUL; lone surrogates cannot be written as UTF-8, so they are excluded too.
    const value = fc
      .string({ unit: 'binary', maxLength: 40 })
      .filter((text) => !text.includes('\0') && Buffer.from(text, 'utf8').toString('utf8') === text);
    const specials = fc.string({ unit: fc.constantFrom("'", '\\', '\n', '\r', '$', '`', '"', '(', ')', ' ', 'a', '!'), maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.oneof(value, specials), { minLength: 1, maxLength: 40 }), (values) => {
        const set = Object.fromEntries(values.map((v, i) => [`AWSPROF_T_${i}`, v]));
        const { dumped } = roundTrip(shell, dir, { set, unset: [] }, Object.keys(set), { AWSPROF_TEST_MARK: mark });
        expect(dumped).toEqual(set);
        expect(existsSync(mark)).toBe(false);
      }),
      { numRuns: 15 },
    );
  });
});
