import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { SHELL_NAMES, detectShell, parseShellName } from '../../src/shell/detect.js';
import type { ShellKind } from '../../src/shell/types.js';

describe('parseShellName', () => {
  it.each([
    ['bash', 'posix'],
    ['zsh', 'posix'],
    ['sh', 'posix'],
    ['posix', 'posix'],
    ['fish', 'fish'],
    ['powershell', 'powershell'],
    ['pwsh', 'powershell'],
    ['json', 'json'],
    ['BASH', 'posix'],
    [' Fish ', 'fish'],
    ['PowerShell', 'powershell'],
  ] as const)('maps %j to %s', (name, kind) => {
    expect(parseShellName(name)).toBe(kind);
  });

  it.each(['', 'tcsh', 'csh', 'cmd', 'nu', '/bin/bash', 'bash.exe', 'toString', '__proto__', 'constructor'])(
    'returns undefined for %j',
    (name) => {
      expect(parseShellName(name)).toBeUndefined();
    },
  );

  it('accepts every name it advertises', () => {
    for (const name of SHELL_NAMES) expect(parseShellName(name)).toBeDefined();
  });
});

describe('detectShell', () => {
  it.each<[string, Record<string, string | undefined>, string | undefined, ShellKind]>([
    ['default with nothing to go on', {}, undefined, 'posix'],
    ['AWSPROF_SHELL=fish', { AWSPROF_SHELL: 'fish' }, undefined, 'fish'],
    ['AWSPROF_SHELL beats parent and SHELL', { AWSPROF_SHELL: 'pwsh', SHELL: '/usr/bin/fish' }, 'zsh', 'powershell'],
    ['AWSPROF_SHELL=json', { AWSPROF_SHELL: 'json' }, 'fish', 'json'],
    ['AWSPROF_SHELL=posix over a fish parent', { AWSPROF_SHELL: 'posix' }, 'fish', 'posix'],
    ['empty AWSPROF_SHELL is ignored', { AWSPROF_SHELL: '', SHELL: '/usr/bin/fish' }, undefined, 'fish'],
    ['parent fish beats SHELL bash', { SHELL: '/bin/bash' }, 'fish', 'fish'],
    ['parent bash beats SHELL fish', { SHELL: '/usr/bin/fish' }, 'bash', 'posix'],
    ['parent zsh', {}, 'zsh', 'posix'],
    ['parent sh', {}, 'sh', 'posix'],
    ['parent dash', { SHELL: '/usr/bin/fish' }, 'dash', 'posix'],
    ['parent ksh', {}, 'ksh', 'posix'],
    ['login shell parent -bash', { SHELL: '/usr/bin/fish' }, '-bash', 'posix'],
    ['parent as a path', {}, '/usr/local/bin/fish', 'fish'],
    ['parent pwsh', {}, 'pwsh', 'powershell'],
    ['parent pwsh.exe', {}, 'pwsh.exe', 'powershell'],
    ['parent Windows PowerShell path', {}, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell'],
    ['parent that is not a shell falls back to SHELL', { SHELL: '/usr/bin/fish' }, 'node', 'fish'],
    ['parent named json is not a shell', { SHELL: '/usr/bin/fish' }, 'json', 'fish'],
    ['empty parent falls back to SHELL', { SHELL: '/opt/homebrew/bin/fish' }, '', 'fish'],
    ['SHELL zsh', { SHELL: '/bin/zsh' }, undefined, 'posix'],
    ['SHELL pwsh', { SHELL: '/usr/bin/pwsh' }, undefined, 'powershell'],
    ['unknown SHELL defaults to posix', { SHELL: '/bin/tcsh' }, undefined, 'posix'],
    ['unknown parent and SHELL default to posix', { SHELL: '/bin/tcsh' }, 'sudo', 'posix'],
  ])('%s', (_label, env, parent, expected) => {
    expect(detectShell(env, parent)).toBe(expected);
  });

  it.each(['tcsh', 'bash5', '/bin/fish'])('throws a UsageError for AWSPROF_SHELL=%j instead of guessing', (value) => {
    expect(() => detectShell({ AWSPROF_SHELL: value })).toThrow(UsageError);
    expect(() => detectShell({ AWSPROF_SHELL: value })).toThrow(/AWSPROF_SHELL/);
  });
});
