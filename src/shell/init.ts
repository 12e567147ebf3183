import { assertBinary } from './binary.js';
import { quoteFish } from './fish.js';
import { formatPosixArgumentScan, formatShInit } from './init-sh.js';
import { quotePosix } from './posix.js';
import { quotePowerShell } from './powershell.js';
import type { GlobalOptionWords, InitShell } from './types.js';

/*
 * The wrapper contract, shared by every shell below:
 * - The subcommand is the first argument that is not a global option (`--config-file f`, `--config-file=f`,
 *   `--no-color`, `--debug`, ...: GlobalOptionWords). `use` and `assume` run the real binary with AWSPROF_SHELL=<dialect>, capture stdout,
 *   and evaluate it in the calling shell only when the binary exits 0. `assume` also gets `--export` (unless
 *   already given, and right after the subcommand, so it never lands after `--`) so it prints shell code. A failing binary's status is returned and its stdout is discarded.
 * - `-h`, `--help`, `--version`, `--no-export` or `--shell` before any `--` means the user wants to read output
 *   (or output for another shell, which this one must not evaluate), so the binary runs untouched.
 * - Everything else runs the binary directly. stderr is never captured, so messages and prompts still reach
 *   the terminal.
 */


const NO_GLOBAL_OPTIONS: GlobalOptionWords = { valued: [], flags: [] };

function formatPosixInit(shell: 'bash' | 'zsh', binary: string, globals: GlobalOptionWords): string {
  const bin = binary === 'awsprof' ? 'awsprof' : quotePosix(binary);
  const rcFile = shell === 'bash' ? '~/.bashrc' : '~/.zshrc';
  // `function name {` rather than `name() {`: an existing `awsprof` alias would be expanded in the latter and
  // turn the definition into a syntax error.
  return `# awsprof shell integration for ${shell}.
# Add to ${rcFile}:  eval "$(awsprof shell-init ${shell})"
# 'awsprof use' and 'awsprof assume' print shell code; this function evaluates it so they can change
# this shell's environment. Other subcommands run unchanged.
function awsprof {
${shell === 'zsh' ? '  emulate -L zsh\n' : ''}  local __awsprof_arg __awsprof_sub= __awsprof_out __awsprof_status __awsprof_has_export= __awsprof_skip= __awsprof_at=0 __awsprof_count __awsprof_index
${formatPosixArgumentScan(globals, `command ${bin} "$@"; return`)}
  # Assigned apart from \`local\` so $? is the binary's status; exported inside the substitution so it never leaks.
  __awsprof_out=$(export AWSPROF_SHELL=posix; command ${bin} "$@")
  __awsprof_status=$?
  if [ "$__awsprof_status" -ne 0 ]; then
    return "$__awsprof_status"
  fi
  eval "$__awsprof_out"
}
`;
}

function formatFishInit(binary: string, globals: GlobalOptionWords): string {
  const bin = binary === 'awsprof' ? 'awsprof' : quoteFish(binary);
  return `# awsprof shell integration for fish.
# Add to ~/.config/fish/config.fish:  awsprof shell-init fish | source
# 'awsprof use' and 'awsprof assume' print shell code; this function evaluates it so they can change
# this shell's environment. Other subcommands run unchanged.
function awsprof --description 'awsprof, with use/assume applied to this shell'
    set -l __awsprof_sub
    set -l __awsprof_at 0
    set -l __awsprof_skip 0
    for __awsprof_arg in $argv
        set __awsprof_at (math $__awsprof_at + 1)
        if test $__awsprof_skip = 1
            set __awsprof_skip 0
            continue
        end
        switch $__awsprof_arg
            case ${globals.valued.join(' ') || '--awsprof-no-valued-option'}
                set __awsprof_skip 1
            case ${[...globals.valued.map((name) => `'${name}=*'`), ...globals.flags].join(' ') || '--awsprof-no-flag'}
            case '*'
                set __awsprof_sub $__awsprof_arg
                break
        end
    end
    if not contains -- "$__awsprof_sub" use assume
        command ${bin} $argv
        return $status
    end
    set -l __awsprof_has_export 0
    for __awsprof_arg in $argv
        switch $__awsprof_arg
            case --
                break
            case -h --help --version --no-export --shell '--shell=*'
                command ${bin} $argv
                return $status
            case --export
                set __awsprof_has_export 1
        end
    end
    # The arguments as given, with --export right after the subcommand for assume.
    set -l __awsprof_args
    set -l __awsprof_index 0
    for __awsprof_arg in $argv
        set __awsprof_index (math $__awsprof_index + 1)
        set -a __awsprof_args $__awsprof_arg
        if test $__awsprof_index -eq $__awsprof_at -a "$__awsprof_sub" = assume -a "$__awsprof_has_export" = 0
            set -a __awsprof_args --export
        end
    end
    # Function-local export: the binary sees it, the user's shell does not keep it.
    set -lx AWSPROF_SHELL fish
    # fish splits the output into lines (keeping empty ones); \`set\` reports the substitution's status.
    set -l __awsprof_out (command ${bin} $__awsprof_args)
    set -l __awsprof_status $status
    if test $__awsprof_status -ne 0
        return $__awsprof_status
    end
    string join \\n -- $__awsprof_out | source
end
`;
}

function formatPowerShellInit(binary: string, globals: GlobalOptionWords): string {
  return `# awsprof shell integration for PowerShell.
# Add to $PROFILE:  awsprof shell-init powershell | Out-String | Invoke-Expression
# 'awsprof use' and 'awsprof assume' print PowerShell code; this function evaluates it so they can change
# this session's environment. Other subcommands run unchanged. The exit status is left in $LASTEXITCODE.
function global:awsprof {
    # The Application lookup skips this function (and awsprof.ps1 shims) and finds the real executable.
    $awsprofApp = Get-Command -CommandType Application -Name ${quotePowerShell(binary)} -ErrorAction Stop | Select-Object -First 1
    $awsprofValued = @(${globals.valued.map((name) => quotePowerShell(name)).join(', ')})
    $awsprofFlags = @(${[...globals.flags].map((name) => quotePowerShell(name)).join(', ')})
    $awsprofSub = ''
    $awsprofAt = -1
    for ($awsprofIndex = 0; $awsprofIndex -lt $args.Count; $awsprofIndex++) {
        $awsprofText = [string]$args[$awsprofIndex]
        if ($awsprofValued -ccontains $awsprofText) { $awsprofIndex++; continue }
        if ($awsprofFlags -ccontains $awsprofText -or ($awsprofValued | Where-Object { $awsprofText.StartsWith($_ + '=') })) { continue }
        $awsprofSub = $awsprofText
        $awsprofAt = $awsprofIndex
        break
    }
    if ($awsprofSub -cne 'use' -and $awsprofSub -cne 'assume') {
        & $awsprofApp @args
        return
    }
    $awsprofHasExport = $false
    foreach ($awsprofArg in $args) {
        $awsprofText = [string]$awsprofArg
        if ($awsprofText -eq '--') { break }
        if ($awsprofText -in @('-h', '--help', '--version', '--no-export', '--shell') -or $awsprofText -like '--shell=*') {
            & $awsprofApp @args
            return
        }
        if ($awsprofText -eq '--export') { $awsprofHasExport = $true }
    }
    $awsprofArgs = @($args)
    if ($awsprofSub -ceq 'assume' -and -not $awsprofHasExport) {
        $awsprofArgs = @($args | Select-Object -First ($awsprofAt + 1)) + @('--export') + @($args | Select-Object -Skip ($awsprofAt + 1))
    }
    $awsprofPreviousShell = $Env:AWSPROF_SHELL
    $Env:AWSPROF_SHELL = 'powershell'
    try {
        $awsprofOut = & $awsprofApp @awsprofArgs
    } finally {
        if ($null -eq $awsprofPreviousShell) {
            Remove-Item Env:AWSPROF_SHELL -ErrorAction SilentlyContinue
        } else {
            $Env:AWSPROF_SHELL = $awsprofPreviousShell
        }
    }
    if ($LASTEXITCODE -ne 0) { return }
    # PowerShell hands native output back as lines; formatPowerShell keeps each statement on one line.
    $awsprofScript = @($awsprofOut) -join "\`n"
    if ($awsprofScript) { Invoke-Expression $awsprofScript }
}
`;
}

/**
 * Formats the snippet users load from their shell rc file. It defines an `awsprof` function that evaluates the
 * output of `awsprof use` and `awsprof assume` (the latter with `--export` added) in the current shell, passing
 * `AWSPROF_SHELL=<dialect>` to the binary so it prints code that shell understands.
 * `binary` is the command name or absolute path of the real executable the function calls.
 */
export function formatShellInit(shell: InitShell, binary = 'awsprof', globals: GlobalOptionWords = NO_GLOBAL_OPTIONS): string {
  assertBinary(binary);
  for (const word of [...globals.valued, ...globals.flags]) {
    // They are spliced into case patterns unquoted: only plain option words may go there.
    if (!/^--[a-z][a-z-]*$/.test(word)) throw new Error(`not an option word: ${JSON.stringify(word)}`);
  }
  switch (shell) {
    case 'bash':
    case 'zsh':
      return formatPosixInit(shell, binary, globals);
    case 'sh':
      return formatShInit(binary, globals);
    case 'fish':
      return formatFishInit(binary, globals);
    case 'powershell':
      return formatPowerShellInit(binary, globals);
    default: {
      const unknown: never = shell;
      throw new Error(`Unknown shell: ${String(unknown)}`);
    }
  }
}
