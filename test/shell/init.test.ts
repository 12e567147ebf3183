import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsprofError } from '../../src/errors.js';
import { formatEnvChange } from '../../src/shell/index.js';
import { formatShellInit } from '../../src/shell/init.js';
import type { EnvChange, InitShell } from '../../src/shell/types.js';
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

describe('formatShellInit text', () => {
  it.each([
    ['bash', 'eval "$(awsprof shell-init bash)"'],
    ['zsh', 'eval "$(awsprof shell-init zsh)"'],
    ['fish', 'awsprof shell-init fish | source'],
    ['powershell', 'awsprof shell-init powershell | Out-String | Invoke-Expression'],
  ] as const)('%s tells the user how to load it: %s', (shell, rcLine) => {
    expect(formatShellInit(shell)).toContain(rcLine);
  });

  it.each(['bash', 'zsh', 'fish', 'powershell'] as const)('%s ends with a newline and defines awsprof', (shell) => {
    const text = formatShellInit(shell);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toMatch(/function (global:)?awsprof\b/);
  });

  it.each([
    ['bash', 'AWSPROF_SHELL=posix'],
    ['zsh', 'AWSPROF_SHELL=posix'],
    ['fish', 'set -lx AWSPROF_SHELL fish'],
    ['powershell', "$Env:AWSPROF_SHELL = 'powershell'"],
  ] as const)('%s asks the binary for its own dialect (%s)', (shell, snippet) => {
    expect(formatShellInit(shell)).toContain(snippet);
  });

  it('PowerShell calls the application, not the function, and evaluates only on success', () => {
    const text = formatShellInit('powershell');
    expect(text).toContain("Get-Command -CommandType Application -Name 'awsprof'");
    expect(text).toContain("@($args | Select-Object -First ($awsprofAt + 1)) + @('--export') + @($args | Select-Object -Skip ($awsprofAt + 1))");
    expect(text).toContain('if ($LASTEXITCODE -ne 0) { return }');
    expect(text).toContain('Invoke-Expression $awsprofScript');
    expect(text).toContain("@('-h', '--help', '--version', '--no-export', '--shell') -or $awsprofText -like '--shell=*'");
  });

  it.each([
    ['bash', "command '/opt/my tools/it'\\''s/awsprof' \"$@\""],
    ['zsh', "command '/opt/my tools/it'\\''s/awsprof' \"$@\""],
    ['fish', "command '/opt/my tools/it\\'s/awsprof' $argv"],
    ['powershell', "-Name '/opt/my tools/it''s/awsprof'"],
  ] as const)('%s quotes an absolute binary path', (shell, snippet) => {
    expect(formatShellInit(shell, "/opt/my tools/it's/awsprof")).toContain(snippet);
  });

  it.each(['', 'node dist/cli.js', 'bin/awsprof', './awsprof', 'awsprof\n', '$(id)', '-awsprof'])(
    'rejects binary %j',
    (binary) => {
      expect(() => formatShellInit('bash', binary)).toThrow(AwsprofError);
    },
  );

  it.each(['awsprof', 'awsprof-dev', '/usr/local/bin/awsprof', 'C:\\tools\\awsprof.cmd'])('accepts binary %j', (binary) => {
    expect(() => formatShellInit('powershell', binary)).not.toThrow();
  });
});

/**
 * A stand-in for the real CLI: logs every call (with the AWSPROF_SHELL it saw), prints the prepared dialect
 * file for `use`/`assume`, fails for `missing` (nothing on stdout) and `broken` (code on stdout, then exit 3),
 * and answers --help on stdout with code that must never be evaluated.
 */
const FAKE_AWSPROF = `#!/bin/sh
dir=$AWSPROF_TEST_DIR
{
  printf '%s' "\${AWSPROF_SHELL-<unset>}"
  for arg in "$@"; do printf ' %s' "$arg"; done
  echo
} >> "$dir/calls.log"
case "\${1-}" in
  shell-init) cat "$dir/init-$2.txt"; exit 0 ;;
  list) printf 'dev\\nprod\\n'; exit 0 ;;
  fail) echo 'fail: on stderr' >&2; exit 7 ;;
  use|assume) ;;
  *) exit 0 ;;
esac
for arg in "$@"; do
  case "$arg" in
    --) break ;;
    -h|--help) echo "export AWS_PROFILE='from-help'"; exit 0 ;;
  esac
done
shift
if [ "\${1-}" = --export ]; then shift; fi
case "\${1-}" in
  missing) echo "awsprof: profile 'missing' not found" >&2; exit 1 ;;
  broken) cat "$dir/$AWSPROF_SHELL-broken.txt"; exit 3 ;;
esac
echo "switching to $1" >&2
cat "$dir/$AWSPROF_SHELL-$1.txt"
`;

const PROFILES: Record<string, EnvChange> = {
  x: { set: { AWS_PROFILE: 'x' }, unset: ['AWSPROF_T_STALE'] },
  broken: { set: { AWS_PROFILE: 'broken' }, unset: [] },
  nasty: {
    set: Object.fromEntries(NASTY_VALUES.map(([, value], index) => [`AWSPROF_T_NASTY_${index}`, value])),
    unset: [],
  },
};

const STATUS: Record<RealShell, string> = {
  bash: 'echo "status=$?"',
  zsh: 'echo "status=$?"',
  dash: 'echo "status=$?"',
  fish: 'echo "status=$status"',
};

/** The line the docs tell users to put in their rc file, run against the fake binary. */
const RC_LINE: Record<RealShell, string> = {
  bash: 'eval "$(awsprof shell-init bash)"',
  zsh: 'eval "$(awsprof shell-init zsh)"',
  dash: 'eval "$(awsprof shell-init sh)"',
  fish: 'awsprof shell-init fish | source',
};

describe.each(REAL_SHELLS)('shell-init wrapper in real %s', (shell) => {
  let dir: string;
  let cleanup: () => void;
  let binDir: string;
  const dialect = shell === 'fish' ? 'fish' : 'posix';
  const initShell: InitShell = shell === 'dash' ? 'sh' : shell;

  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir(`init-${shell}`));
    binDir = join(dir, "b in's");
    mkdirSync(binDir);
    writeFileSync(join(binDir, 'awsprof'), FAKE_AWSPROF);
    chmodSync(join(binDir, 'awsprof'), 0o755);
    writeFileSync(join(dir, `init-${initShell}.txt`), formatShellInit(initShell));
    for (const [profile, change] of Object.entries(PROFILES)) {
      writeFileSync(join(dir, `${dialect}-${profile}.txt`), formatEnvChange(dialect, change));
    }
  });
  afterAll(() => cleanup());

  /** Runs the rc line then `lines` in one shell process; returns output, the fake's call log and the final env. */
  function session(lines: string[], names: string[] = ['AWS_PROFILE', 'AWSPROF_SHELL', 'AWSPROF_T_STALE']) {
    writeFileSync(join(dir, 'calls.log'), '');
    const script = [RC_LINE[shell], ...lines, dumpEnvLine(shell, dir, names), ''].join('\n');
    const result = runShell(shell, script, dir, {
      PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      AWSPROF_TEST_DIR: dir,
      AWSPROF_TEST_MARK: join(dir, 'EXECUTED'),
      AWS_PROFILE: 'before',
      AWSPROF_T_STALE: 'stale',
    });
    const calls = readFileSync(join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean);
    return { ...result, calls, env: readDumpedEnv(dir) };
  }

  it('use changes the variables of the calling shell and passes AWSPROF_SHELL to the binary only', () => {
    const out = session(['awsprof use x', STATUS[shell], 'echo "now=$AWS_PROFILE"']);
    expect(out.stdout).toBe('status=0\nnow=x\n');
    expect(out.stderr).toBe('switching to x\n');
    expect(out.calls).toEqual([`<unset> shell-init ${initShell}`, `${dialect} use x`]);
    expect(out.env).toEqual({ AWS_PROFILE: 'x', AWSPROF_SHELL: null, AWSPROF_T_STALE: null });
  });

  it('a failing use returns its status, shows its stderr and changes nothing', () => {
    const out = session(['awsprof use missing', STATUS[shell]]);
    expect(out.stdout).toBe('status=1\n');
    expect(out.stderr).toBe("awsprof: profile 'missing' not found\n");
    expect(out.env).toEqual({ AWS_PROFILE: 'before', AWSPROF_SHELL: null, AWSPROF_T_STALE: 'stale' });
  });

  it('never evaluates stdout from a failed run, even when it looks like shell code', () => {
    const out = session(['awsprof use broken', STATUS[shell]]);
    expect(out.stdout).toBe('status=3\n');
    expect(out.env.AWS_PROFILE).toBe('before');
  });

  it('carries every nasty value through the wrapper byte for byte without running any of it', () => {
    const names = Object.keys(PROFILES.nasty!.set);
    const out = session(['awsprof use nasty', STATUS[shell]], names);
    expect(out.stdout).toBe('status=0\n');
    expect(out.env).toEqual(PROFILES.nasty!.set);
    expect(existsSync(join(dir, 'EXECUTED'))).toBe(false);
  });

  it.each([
    ['assume x', 'assume --export x'],
    ['assume --export x', 'assume --export x'],
    ['assume x --export', 'assume x --export'],
  ])('%s runs the binary as `%s` and evaluates the result', (command, call) => {
    const out = session([`awsprof ${command}`, STATUS[shell]]);
    expect(out.stdout).toBe('status=0\n');
    expect(out.calls[1]).toBe(`${dialect} ${call}`);
    expect(out.env.AWS_PROFILE).toBe('x');
  });

  it.each(['use x --help', 'use -h', 'use --help x', 'assume x -h', 'use x --version', 'assume x --no-export'])(
    '`%s` passes straight through without evaluating anything',
    (command) => {
      const out = session([`awsprof ${command}`, STATUS[shell]]);
      expect(out.calls[1]).toBe(`<unset> ${command}`);
      expect(out.env.AWS_PROFILE).toBe('before');
      if (command.includes('-h')) expect(out.stdout).toBe("export AWS_PROFILE='from-help'\nstatus=0\n");
    },
  );

  it('treats a --help after -- as an argument, not a request for help', () => {
    const out = session(['awsprof use x -- --help', STATUS[shell]]);
    expect(out.calls[1]).toBe(`${dialect} use x -- --help`);
    expect(out.stdout).toBe('status=0\n');
    expect(out.env.AWS_PROFILE).toBe('x');
  });

  it.each([
    ['list', 'dev\nprod\nstatus=0\n', ''],
    ['fail', 'status=7\n', 'fail: on stderr\n'],
    ['', 'status=0\n', ''],
    ['--version', 'status=0\n', ''],
    ['--profile x use', 'status=0\n', ''],
  ])('other invocations (%j) run the binary directly and keep its status and output', (args, stdout, stderr) => {
    const out = session([`awsprof ${args}`, STATUS[shell]]);
    expect(out.stdout).toBe(stdout);
    expect(out.stderr).toBe(stderr);
    expect(out.calls[1]).toBe(`<unset> ${args}`.trimEnd());
    expect(out.env.AWS_PROFILE).toBe('before');
  });

  it('works with an absolute binary path that is not on PATH', () => {
    const binary = join(binDir, 'awsprof');
    writeFileSync(join(dir, 'init-abs.txt'), formatShellInit(initShell, binary));
    writeFileSync(join(dir, 'calls.log'), '');
    const initFile = quoteFor(shell, join(dir, 'init-abs.txt'));
    const load = shell === 'fish' ? `source ${initFile}` : `eval "$(cat ${initFile})"`;
    const result = runShell(shell, [load, 'awsprof use x', STATUS[shell], 'echo "now=$AWS_PROFILE"', ''].join('\n'), dir, {
      AWSPROF_TEST_DIR: dir,
      AWS_PROFILE: 'before',
    });
    expect(result.stdout).toBe('status=0\nnow=x\n');
    expect(readFileSync(join(dir, 'calls.log'), 'utf8')).toBe(`${dialect} use x\n`);
  });

  it('keeps AWSPROF_SHELL the user already had', () => {
    const set = shell === 'fish' ? 'set -gx AWSPROF_SHELL json' : 'export AWSPROF_SHELL=json';
    const out = session([set, 'awsprof use x', STATUS[shell]]);
    expect(out.calls[1]).toBe(`${dialect} use x`);
    expect(out.env.AWSPROF_SHELL).toBe('json');
    expect(out.env.AWS_PROFILE).toBe('x');
  });
});

describe.each(['bash', 'zsh'] as const)('shell-init in %s with an awsprof alias already defined', (shell) => {
  it('still defines the function', () => {
    const { dir, cleanup } = makeTempDir(`alias-${shell}`);
    try {
      writeFileSync(join(dir, 'init.txt'), formatShellInit(shell));
      const script = [
        shell === 'bash' ? 'shopt -s expand_aliases' : '',
        "alias awsprof='echo from-alias'",
        // A separate line: aliases only take effect for commands parsed after the alias command runs.
        `eval "$(cat ${quoteFor(shell, join(dir, 'init.txt'))})"`,
        'unalias awsprof',
        'type awsprof | head -n 1',
        '',
      ].join('\n');
      const result = runShell(shell, script, dir);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/awsprof is a (shell )?function/);
    } finally {
      cleanup();
    }
  });
});

describe('shell-init sh (#10)', () => {
  it('in dash, replaces an awsprof alias with the function (an alias would break `awsprof() {`)', () => {
    const { dir, cleanup } = makeTempDir('alias-dash');
    try {
      writeFileSync(join(dir, 'init.txt'), formatShellInit('sh'));
      const script = ["alias awsprof='echo from-alias'", `eval "$(cat ${quoteFor('dash', join(dir, 'init.txt'))})"`, 'type awsprof', ''].join('\n');
      const result = runShell('dash', script, dir);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('awsprof is a shell function\n');
    } finally {
      cleanup();
    }
  });

  it('leaves none of its own variables behind in the shell, after success, failure or pass-through', () => {
    const { dir, cleanup } = makeTempDir('vars-dash');
    try {
      const binary = join(dir, 'fake');
      writeFileSync(binary, '#!/bin/sh\nfor last; do :; done\n[ "$last" = bad ] && exit 4\n[ "$1" = list ] && last=\necho "export AWS_PROFILE=$last"\n', { mode: 0o755 });
      writeFileSync(join(dir, 'init.txt'), formatShellInit('sh', binary, { valued: ['--config-file'], flags: ['--debug'] }));
      const script = [
        `eval "$(cat ${quoteFor('dash', join(dir, 'init.txt'))})"`,
        'awsprof --config-file f use dev; echo "use=$?"',
        'awsprof use bad; echo "bad=$?"',
        'awsprof list; echo "list=$?"',
        'set | grep -c "^__awsprof" || :',
        'echo "AWS_PROFILE=$AWS_PROFILE"',
        '',
      ].join('\n');
      const result = runShell('dash', script, dir);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('use=0\nbad=4\nexport AWS_PROFILE=\nlist=0\n0\nAWS_PROFILE=dev\n');
    } finally {
      cleanup();
    }
  });

  it('is POSIX: no `local`, no `function` keyword, no bash-only test or arrays', () => {
    const text = formatShellInit('sh', 'awsprof', { valued: ['--config-file'], flags: ['--debug', '--no-debug'] });
    expect(text).toContain('eval "$(awsprof shell-init sh)"');
    expect(text).not.toMatch(/^\s*(local|function|declare|typeset) |\[\[|\s\(\(/m);
    expect(text).toContain('      --config-file) __awsprof_skip=1 ;;\n      --config-file=*|--debug|--no-debug) ;;');
  });
});

describe('PowerShell wrapper and global options before the subcommand (#10)', () => {
  // pwsh cannot run here; the generated text is what decides whether `awsprof --config-file f use dev` switches.
  const text = formatShellInit('powershell', 'awsprof', { valued: ['--config-file', '--credentials-file'], flags: ['--color', '--no-color', '--debug', '--no-debug'] });
  it('lists the valued options and flags the CLI passes in, quoted as PowerShell strings', () => {
    expect(text).toContain("$awsprofValued = @('--config-file', '--credentials-file')");
    expect(text).toContain("$awsprofFlags = @('--color', '--no-color', '--debug', '--no-debug')");
  });
  it('skips a valued option with its value, a flag, and --opt=value, then takes the first other word as the subcommand', () => {
    expect(text).toContain('if ($awsprofValued -ccontains $awsprofText) { $awsprofIndex++; continue }');
    expect(text).toContain("if ($awsprofFlags -ccontains $awsprofText -or ($awsprofValued | Where-Object { $awsprofText.StartsWith($_ + '=') })) { continue }");
    expect(text).toContain("if ($awsprofSub -cne 'use' -and $awsprofSub -cne 'assume') {");
  });
});
