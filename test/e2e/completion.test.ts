// `awsprof completion <shell>` end to end: the script comes from the real binary, is loaded the way its own header
// says, and asks the real binary (through a launcher on PATH) for profile names on every TAB.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsprof, cleanEnv, installLauncher } from '../support/cli.js';
import { completeInInteractiveZsh, makeTempDir, quoteFor, runShell } from '../shell/shell-harness.js';

/** Profiles dev and prod only: dev in config, prod in both files. */
const CONFIG = `[profile dev]
region = eu-west-1

[profile prod]
role_arn = arn:aws:iam::333333333333:role/ReadOnly
source_profile = dev
region = us-west-2
`;
const CREDENTIALS = `[dev]
aws_access_key_id = AKIACOMPLETIONEXAMP1
aws_secret_access_key = completionSecretEXAMPLEKEY00000000000001
`;

/** Commands users see; __complete-profiles is hidden. */
const COMMANDS = ['assume', 'use', 'list', 'refresh', 'whoami', 'clean', 'set', 'get', 'rm', 'sso', 'shell-init', 'completion'];

let dir: string;
let cleanup: () => void;
let shellEnv: Record<string, string>;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('completion'));
  mkdirSync(join(dir, '.aws'), { mode: 0o700 });
  writeFileSync(join(dir, '.aws', 'config'), CONFIG, { mode: 0o600 });
  writeFileSync(join(dir, '.aws', 'credentials'), CREDENTIALS, { mode: 0o600 });
  shellEnv = { PATH: installLauncher(dir), NO_COLOR: '1' };
});

afterAll(() => cleanup());

describe('awsprof __complete-profiles', () => {
  it('prints every profile of both files, one per line, and nothing else', async () => {
    const result = await awsprof(['__complete-profiles'], cleanEnv(dir));
    expect(result).toEqual({ code: 0, signal: null, stdout: 'dev\nprod\n', stderr: '' });
  });

  it('prints nothing (and succeeds) when there are no files', () =>
    makeTempDirAsync(async (empty) => {
      expect(await awsprof(['__complete-profiles'], cleanEnv(empty))).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }));

  it('is not listed in --help', async () => {
    const result = await awsprof(['--help'], cleanEnv(dir));
    expect(result.stdout + result.stderr).not.toContain('__complete-profiles');
  });
});

async function makeTempDirAsync(work: (dir: string) => Promise<void>): Promise<void> {
  const temp = makeTempDir('completion-empty');
  try {
    await work(temp.dir);
  } finally {
    temp.cleanup();
  }
}

describe('bash completion', () => {
  /** Simulates TAB on `words` (the last one is the word being completed) and returns COMPREPLY. */
  function complete(words: string[]): string[] {
    const script = [
      'eval "$(awsprof completion bash)"',
      `COMP_WORDS=(${words.map((word) => quoteFor('bash', word)).join(' ')})`,
      'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
      'COMP_LINE="${COMP_WORDS[*]}"',
      'COMP_POINT=${#COMP_LINE}',
      // The function registered for awsprof, found the way bash's readline finds it.
      'fn=$(complete -p awsprof | sed -n "s/.*-F \\([^ ]*\\) .*/\\1/p")',
      '"$fn" awsprof "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
      'printf "%s\\n" "${COMPREPLY[@]}"',
      '',
    ].join('\n');
    const result = runShell('bash', script, dir, shellEnv);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout.split('\n').filter(Boolean);
  }

  it.each<[string, string[], string[]]>([
    ['awsprof use d<TAB>', ['awsprof', 'use', 'd'], ['dev']],
    ['awsprof use <TAB>', ['awsprof', 'use', ''], ['dev', 'prod']],
    ['awsprof assume --as p<TAB>', ['awsprof', 'assume', '--as', 'p'], ['prod']],
    ['awsprof assume p<TAB>', ['awsprof', 'assume', 'p'], ['prod']],
    ['awsprof l<TAB>', ['awsprof', 'l'], ['list']],
    ['awsprof rm <TAB>', ['awsprof', 'rm', ''], ['dev', 'prod']],
    ['awsprof whoami --profile d<TAB>', ['awsprof', 'whoami', '--profile', 'd'], ['dev']],
    ['awsprof refresh p<TAB>', ['awsprof', 'refresh', 'p'], ['prod']],
    ['awsprof get region --profile p<TAB>', ['awsprof', 'get', 'region', '--profile', 'p'], ['prod']],
    ['awsprof --profile=p<TAB> (bash splits at =)', ['awsprof', '--profile', '=', 'p'], ['prod']],
    ['awsprof --profile dev u<TAB>', ['awsprof', '--profile', 'dev', 'u'], ['use']],
    ['awsprof use --e<TAB>', ['awsprof', 'use', '--e'], ['--env']],
    ['awsprof list <TAB> (list takes no profile)', ['awsprof', 'list', ''], []],
    ['awsprof s<TAB>', ['awsprof', 's'], ['set', 'shell-init', 'sso']],
  ])('%s', (_label, words, expected) => {
    expect(complete(words).sort()).toEqual([...expected].sort());
  });

  it('awsprof <TAB> offers every visible command and not the hidden one', () => {
    expect(complete(['awsprof', '']).sort()).toEqual([...COMMANDS].sort());
  });

  it('registers for the awsprof command name', () => {
    const result = runShell('bash', 'eval "$(awsprof completion bash)"\ncomplete -p awsprof\n', dir, shellEnv);
    expect(result.stdout).toMatch(/^complete -F \S+ awsprof$/m);
  });

  it('still completes when the shell-init wrapper function shadows the binary', () => {
    const script = [
      'eval "$(awsprof shell-init bash)"',
      'eval "$(awsprof completion bash)"',
      "COMP_WORDS=(awsprof use p); COMP_CWORD=2; COMPREPLY=()",
      'fn=$(complete -p awsprof | sed -n "s/.*-F \\([^ ]*\\) .*/\\1/p")',
      '"$fn" awsprof p use',
      'printf "%s\\n" "${COMPREPLY[@]}"',
      '',
    ].join('\n');
    expect(runShell('bash', script, dir, shellEnv).stdout).toBe('prod\n');
  });
});

describe('bash completion, interactively (readline on a pseudo-terminal driven by zsh/zpty)', () => {
  /**
   * Types each line plus TAB and Enter into an interactive bash whose `awsprof` is a function printing its
   * arguments as <arg>, so what readline inserted comes back as the words the command really received.
   */
  function typeWithTab(profiles: string, lines: string[]): string[] {
    const { dir: tabHome, cleanup: done } = makeTempDir('completion-tab');
    try {
      mkdirSync(join(tabHome, '.aws'));
      writeFileSync(join(tabHome, '.aws', 'config'), profiles);
      const driver = [
        'zmodload zsh/zpty',
        "zpty -b b 'bash --norc --noprofile -i'",
        // Wait for bash's first prompt before typing: on a busy machine, input sent during start-up can be lost.
        "zpty -r b out '*[$#] '",
        `zpty -w b ${quoteFor('zsh', 'unset HISTFILE; PS1="> "; eval "$(awsprof completion bash)"; awsprof() { printf "<%s>" "$@"; echo; }; echo READY$((20+1))')}`,
        "zpty -r b out '*READY21*'",
        `for line in ${lines.map((line) => quoteFor('zsh', line)).join(' ')}; do`,
        String.raw`  zpty -w -n b "$line"$'\t\n'`,
        "  zpty -w b 'echo $((6*7))XYZ'",
        "  zpty -r b out '*42XYZ*'",
        '  print -r -- "$out"',
        'done',
        'zpty -d b',
        '',
      ].join('\n');
      const result = runShell('zsh', driver, tabHome, shellEnv);
      return [...result.stdout.replaceAll('\r', '').matchAll(/> (<.*>)$/gm)].map((match) => match[1]!);
    } finally {
      done();
    }
  }

  it('TAB completes a plain name', () => {
    expect(typeWithTab(CONFIG, ['awsprof use d', 'awsprof assume --as p'])).toEqual(['<use><dev>', '<assume><--as><prod>']);
  });

  it('a profile name with a space or a $ ([profile "my profile"], [profile cost$center]) is inserted as one literal word', () => {
    const config = `[profile dev]\n[profile "my profile"]\n[profile cost$center]\n`;
    expect(typeWithTab(config, ['awsprof use my', 'awsprof use cost'])).toEqual(['<use><my profile>', '<use><cost$center>']);
  });
});

describe('fish completion', () => {
  function complete(line: string): string[] {
    const script = `awsprof completion fish | source\ncomplete -C ${quoteFor('fish', line)}\n`;
    const result = runShell('fish', script, dir, shellEnv);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.split('\t')[0]!);
  }

  it.each<[string, string[]]>([
    ['awsprof use p', ['prod']],
    ['awsprof use ', ['dev', 'prod']],
    ['awsprof assume --as d', ['dev']],
    ['awsprof whoami --profile ', ['dev', 'prod']],
    ['awsprof whoami --profile=p', ['--profile=prod']],
    ['awsprof get region --profile=p', ['--profile=prod']],
    ['awsprof l', ['list']],
    ['awsprof use --u', ['--unset']],
    ['awsprof list ', []],
  ])('complete -C %j → %j', (line, expected) => {
    expect(complete(line).sort()).toEqual([...expected].sort());
  });

  it('awsprof <TAB> offers every visible command, with descriptions', () => {
    const script = "awsprof completion fish | source\ncomplete -C 'awsprof '\n";
    const lines = runShell('fish', script, dir, shellEnv).stdout.split('\n').filter(Boolean);
    expect(lines.map((line) => line.split('\t')[0]).sort()).toEqual([...COMMANDS].sort());
    expect(lines).toContain('use\tPrint the shell lines that switch this shell to a profile');
  });
});

describe('zsh completion', () => {
  it('the script parses (zsh -n)', async () => {
    const script = await awsprof(['completion', 'zsh'], cleanEnv(dir));
    expect(script.code).toBe(0);
    writeFileSync(join(dir, '_awsprof'), script.stdout);
    const result = runShell('zsh', `zsh -n ${quoteFor('zsh', join(dir, '_awsprof'))} && echo parsed\n`, dir, shellEnv);
    expect(result).toMatchObject({ status: 0, stdout: 'parsed\n', stderr: '' });
  });

  /**
   * An interactive zsh on a pseudo-terminal (zsh/zpty) with compinit, where TAB runs the completion system for
   * real. After each TAB the line is turned into `print -r -- RESULT: <line>` so the completed line comes back.
   */
  it('completes for real in an interactive zsh with compinit', () => {
    const lines = ['awsprof l', 'awsprof use d', 'awsprof assume --as p', 'awsprof whoami --profile=p', 'awsprof use --e'];
    const results = completeInInteractiveZsh('eval "$(awsprof completion zsh)"', lines, dir, shellEnv);
    expect(results).toEqual(['awsprof list', 'awsprof use dev', 'awsprof assume --as prod', 'awsprof whoami --profile=prod', 'awsprof use --env']);
  });
});

describe('awsprof completion errors', () => {
  it('an unknown shell is a usage error with nothing on stdout', async () => {
    const result = await awsprof(['completion', 'tcsh'], cleanEnv(dir));
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('awsprof: completion: unknown shell "tcsh" (use bash, zsh, fish)\n');
  });
});
