import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsprofError } from '../../src/errors.js';
import { formatCompletion, type CompletionSpec } from '../../src/shell/completion.js';
import { completeInInteractiveZsh, makeTempDir, quoteFor, runShell } from './shell-harness.js';

const SPEC: CompletionSpec = {
  binary: 'awsprof',
  globalFlags: ['--profile', '--no-color', '-v'],
  commands: [
    { name: 'use', description: 'Switch this shell to a profile', flags: ['--export'], takesProfile: true },
    { name: 'assume', description: "Assume a role: it's temporary", flags: ['--as', '--duration'], takesProfile: true },
    { name: 'list', description: 'List\nprofiles', flags: ['--json'], takesProfile: false },
  ],
};

/**
 * Profiles the fake binary reports. The `$(touch ...)` one proves that completion never expands names read
 * from the user's config files.
 */
const PROFILE_NAMES = ['dev', 'prod', 'my profile', '$(touch "$AWSPROF_TEST_MARK")'];

const FAKE_AWSPROF = `#!/bin/sh
if [ "\${1-}" = __complete-profiles ]; then
  printf '%s\\n' ${PROFILE_NAMES.map((name) => quoteFor('bash', name)).join(' ')}
  exit 0
fi
echo "unexpected call: $*" >&2
exit 1
`;

let dir: string;
let cleanup: () => void;
let binDir: string;
let env: Record<string, string>;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('completion'));
  binDir = join(dir, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'awsprof'), FAKE_AWSPROF);
  chmodSync(join(binDir, 'awsprof'), 0o755);
  for (const shell of ['bash', 'zsh', 'fish'] as const) writeFileSync(join(dir, `completion.${shell}`), formatCompletion(shell, SPEC));
  env = { PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, AWSPROF_TEST_MARK: join(dir, 'EXECUTED') };
});
afterAll(() => cleanup());

/** Completion cases: the words on the line (the last one is being completed) and what should be offered. */
const ALL_PROFILES = ['dev', 'prod', 'my profile', '$(touch "$AWSPROF_TEST_MARK")'];
const CASES: [words: string[], expected: string[]][] = [
  [['awsprof', ''], ['use', 'assume', 'list']],
  [['awsprof', 'a'], ['assume']],
  [['awsprof', '-'], ['--profile', '--no-color', '-v']],
  [['awsprof', 'use', ''], ALL_PROFILES],
  [['awsprof', 'use', 'd'], ['dev']],
  [['awsprof', 'use', 'p'], ['prod']],
  [['awsprof', 'use', '$'], ['$(touch "$AWSPROF_TEST_MARK")']],
  [['awsprof', 'use', '--'], ['--export', '--profile', '--no-color']],
  [['awsprof', 'use', 'dev', ''], ALL_PROFILES],
  [['awsprof', 'assume', '--as', 'm'], ['my profile']],
  [['awsprof', 'assume', '--d'], ['--duration']],
  [['awsprof', '--profile', ''], ALL_PROFILES],
  [['awsprof', '--profile', 'dev', ''], ['use', 'assume', 'list']],
  [['awsprof', '--no-color', 'use', 'pr'], ['prod']],
  [['awsprof', 'list', ''], []],
  [['awsprof', 'list', '--'], ['--json', '--profile', '--no-color']],
  [['awsprof', 'nonsense', ''], []],
];

describe('bash completion in real bash', () => {
  function complete(words: string[]): { replies: string[]; stderr: string } {
    const script = [
      `source ${quoteFor('bash', join(dir, 'completion.bash'))}`,
      `COMP_WORDS=(${words.map((word) => quoteFor('bash', word)).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE=${quoteFor('bash', words.join(' '))}`,
      'COMP_POINT=${#COMP_LINE}',
      '_awsprof_complete',
      // A loop, not printf with the array: printf would print one empty field for an empty COMPREPLY.
      `for __reply in "\${COMPREPLY[@]}"; do printf '%s\\0' "$__reply"; done`,
      '',
    ].join('\n');
    const result = runShell('bash', script, dir, env);
    expect(result.status).toBe(0);
    return { replies: result.stdout.split('\0').slice(0, -1), stderr: result.stderr };
  }

  it('registers the function with complete -F', () => {
    const result = runShell('bash', `source ${quoteFor('bash', join(dir, 'completion.bash'))}\ncomplete -p awsprof\n`, dir, env);
    expect(result.stdout).toBe('complete -F _awsprof_complete awsprof\n');
  });

  /** Profile names come back as bash's `printf %q` quotes them, so each inserts as one literal word. */
  const bashQuoted = (words: string[]) =>
    words.length === 0 ? [] : spawnSync('bash', ['-c', 'printf "%q\\0" "$@"', '--', ...words], { encoding: 'utf8' }).stdout.split('\0').slice(0, -1);

  it.each(CASES)('%j completes to %j', (words, expected) => {
    const { replies, stderr } = complete(words);
    expect(replies).toEqual(bashQuoted(expected));
    expect(stderr).toBe('');
    expect(existsSync(env.AWSPROF_TEST_MARK!)).toBe(false);
  });

  // '=' is a word break for readline, so `--profile=d` reaches the function as three words.
  it.each([
    [['awsprof', '--profile', '=', 'd'], ['dev']],
    [['awsprof', '--profile', '=', ''], ALL_PROFILES],
    [['awsprof', '--profile', '='], ALL_PROFILES],
    [['awsprof', '--profile', '=', 'dev', 'u'], ['use']],
  ])('handles --profile=value split as %j', (words, expected) => {
    expect(complete(words).replies).toEqual(bashQuoted(expected));
  });
});

describe('zsh completion in real zsh', () => {
  it('parses with zsh -n', () => {
    const result = runShell('zsh', `zsh -n ${quoteFor('zsh', join(dir, 'completion.zsh'))} && echo parsed\n`, dir, env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('parsed\n');
  });

  it('registers with compdef after compinit when sourced', () => {
    const script = [
      'autoload -U compinit && compinit -u -D',
      `eval "$(cat ${quoteFor('zsh', join(dir, 'completion.zsh'))})"`,
      'print -r -- "$_comps[awsprof]"',
      '',
    ].join('\n');
    const result = runShell('zsh', script, dir, env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('_awsprof\n');
  });

  it('registers through #compdef when saved as _awsprof on $fpath', () => {
    const fpathDir = join(dir, 'zfunc');
    mkdirSync(fpathDir, { recursive: true });
    writeFileSync(join(fpathDir, '_awsprof'), formatCompletion('zsh', SPEC));
    const script = [`fpath=(${quoteFor('zsh', fpathDir)} $fpath)`, 'autoload -U compinit && compinit -u -D', 'print -r -- "$_comps[awsprof]"', ''].join(
      '\n',
    );
    const result = runShell('zsh', script, dir, env);
    expect(result.stdout).toBe('_awsprof\n');
  });

  /**
   * Drives the completion function outside the line editor: compadd, compset and _describe are replaced by
   * functions that record what would be offered (zsh's compadd does the prefix filtering itself, so every
   * candidate is expected here).
   */
  function complete(words: string[], load: 'source' | 'fpath'): string[] {
    const stubs = `
compadd() {
  local -a __items
  if [[ $1 == -a ]]; then __items=("\${(@P)2}"); else [[ $1 == -- ]] && shift; __items=("$@"); fi
  print -rn -- "\${(pj:\\0:)__items}"; (( $#__items )) && print -rn -- $'\\0'
}
compset() { print -rn -- "compset $*"$'\\0'; }
_describe() { local -a __items; __items=("\${(@P)4}"); print -rn -- "\${(pj:\\0:)__items}"$'\\0'; }
compdef() { : registered; }
`;
    const loader =
      load === 'source'
        ? `source ${quoteFor('zsh', join(dir, 'completion.zsh'))}`
        : `fpath=(${quoteFor('zsh', join(dir, 'zfunc'))} $fpath); autoload -Uz _awsprof`;
    const script = [
      stubs,
      loader,
      `words=(${words.map((word) => quoteFor('zsh', word)).join(' ')})`,
      `CURRENT=${words.length}`,
      '_awsprof',
      '',
    ].join('\n');
    const result = runShell('zsh', script, dir, env);
    expect(result.stderr).toBe('');
    return result.stdout.split('\0').slice(0, -1);
  }

  const DESCRIBED = ['use:Switch this shell to a profile', "assume:Assume a role: it's temporary", 'list:List profiles'];
  it.each<[string[], string[]]>([
    [['awsprof', ''], DESCRIBED],
    [['awsprof', '-'], ['--profile', '--no-color', '-v']],
    [['awsprof', 'use', 'd'], ALL_PROFILES],
    [['awsprof', 'use', '--'], ['--export', '--profile', '--no-color', '-v']],
    [['awsprof', '--profile', ''], ALL_PROFILES],
    [['awsprof', '--profile=d'], ['compset -P *=', ...ALL_PROFILES]],
    [['awsprof', '--profile', 'dev', ''], DESCRIBED],
    [['awsprof', 'assume', '--as', ''], ALL_PROFILES],
    [['awsprof', 'list', ''], []],
  ])('%j offers %j', (words, expected) => {
    expect(complete(words, 'source')).toEqual(expected);
    expect(existsSync(env.AWSPROF_TEST_MARK!)).toBe(false);
  });

  /**
   * The real thing: an interactive zsh on a pseudo-terminal (zsh/zpty) with compinit, where TAB runs the
   * completion system for real. After each TAB the line is turned into `print -r -- RESULT: <line>` so the
   * completed command line comes back as plain output.
   */
  it('completes for real in an interactive zsh with compinit', () => {
    const lines = ['awsprof l', 'awsprof use d', 'awsprof use --e', 'awsprof --profile=p', 'awsprof assume --as m'];
    const results = completeInInteractiveZsh(`source ${quoteFor('zsh', join(dir, 'completion.zsh'))}`, lines, dir, env);
    expect(results).toEqual([
      'awsprof list',
      'awsprof use dev',
      'awsprof use --export',
      'awsprof --profile=prod',
      'awsprof assume --as my profile',
    ]);
  });

  it('behaves the same when autoloaded from $fpath', () => {
    mkdirSync(join(dir, 'zfunc'), { recursive: true });
    writeFileSync(join(dir, 'zfunc', '_awsprof'), formatCompletion('zsh', SPEC));
    expect(complete(['awsprof', 'use', ''], 'fpath')).toEqual(ALL_PROFILES);
  });
});

describe('fish completion in real fish', () => {
  function complete(line: string): string[] {
    const script = `source ${quoteFor('fish', join(dir, 'completion.fish'))}\ncomplete -C ${quoteFor('fish', line)}\n`;
    const result = runShell('fish', script, dir, env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.split('\t')[0] ?? '');
  }

  it.each<[string, string[]]>([
    ['awsprof ', ['assume', 'list', 'use']],
    ['awsprof use d', ['dev']],
    ['awsprof use ', [...ALL_PROFILES].sort()],
    ['awsprof use --', ['--export', '--no-color', '--profile']],
    ['awsprof --profile ', [...ALL_PROFILES].sort()],
    ['awsprof --profile=p', ['--profile=prod']],
    ['awsprof --profile dev ', ['assume', 'list', 'use']],
    ['awsprof assume --as m', ['my profile']],
    ['awsprof list ', []],
  ])('%j completes to %j', (line, expected) => {
    expect(complete(line).sort()).toEqual([...expected].sort());
    expect(existsSync(env.AWSPROF_TEST_MARK!)).toBe(false);
  });

  it('shows command descriptions', () => {
    const script = `source ${quoteFor('fish', join(dir, 'completion.fish'))}\ncomplete -C 'awsprof a'\n`;
    expect(runShell('fish', script, dir, env).stdout).toBe("assume\tAssume a role: it's temporary\n");
  });
});

describe('formatCompletion validation', () => {
  it.each([
    ['binary', { ...SPEC, binary: 'node cli.js' }],
    ['command name', { ...SPEC, commands: [{ name: 'use;rm', description: '', flags: [], takesProfile: false }] }],
    ['command name with colon', { ...SPEC, commands: [{ name: 'a:b', description: '', flags: [], takesProfile: false }] }],
    ['flag', { ...SPEC, commands: [{ name: 'use', description: '', flags: ['export'], takesProfile: false }] }],
    ['global flag', { ...SPEC, globalFlags: ['--a b'] }],
  ])('rejects a bad %s', (_label, spec) => {
    for (const shell of ['bash', 'zsh', 'fish'] as const) expect(() => formatCompletion(shell, spec)).toThrow(AwsprofError);
  });

  it.each(['bash', 'zsh', 'fish'] as const)('%s calls the hidden __complete-profiles subcommand of the binary', (shell) => {
    expect(formatCompletion(shell, { ...SPEC, binary: '/opt/awsprof/bin/awsprof' })).toContain(
      `command '/opt/awsprof/bin/awsprof' __complete-profiles 2>/dev/null`,
    );
  });
});
