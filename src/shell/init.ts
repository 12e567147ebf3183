import { assertBinary } from './binary.js';
import { quoteFish } from './fish.js';
import { quotePosix } from './posix.js';
import { quotePowerShell } from './powershell.js';
import type { InitShell } from './types.js';

/*
 * The wrapper contract, shared by every shell below:
 * - `use` and `assume` (first argument only) run the real binary with AWSPROF_SHELL=<dialect>, capture stdout,
 *   and evaluate it in the calling shell only when the binary exits 0. `assume` also gets `--export` (unless
 *   already given) so it prints shell code. A failing binary's status is returned and its stdout is discarded.
 * - `-h`, `--help`, `--version`, `--no-export` or `--shell` before any `--` means the user wants to read output
 *   (or output for another shell, which this one must not evaluate), so the binary runs untouched.
 * - Everything else runs the binary directly. stderr is never captured, so messages and prompts still reach
 *   the terminal.
 */

function formatPosixInit(shell: 'bash' | 'zsh', binary: string): string {
  const bin = binary === 'awsprof' ? 'awsprof' : quotePosix(binary);
  const rcFile = shell === 'bash' ? '~/.bashrc' : '~/.zshrc';
  // `function name {` rather than `name() {`: an existing `awsprof` alias would be expanded in the latter and
  // turn the definition into a syntax error.
  return `# awsprof shell integration for ${shell}.
# Add to ${rcFile}:  eval "$(awsprof shell-init ${shell})"
# 'awsprof use' and 'awsprof assume' print shell code; this function evaluates it so they can change
# this shell's environment. Other subcommands run unchanged.
function awsprof {
${shell === 'zsh' ? '  emulate -L zsh\n' : ''}  local __awsprof_arg __awsprof_sub __awsprof_out __awsprof_status __awsprof_has_export=
  case "\${1-}" in
    use|assume) ;;
    *) command ${bin} "$@"; return ;;
  esac
  for __awsprof_arg in "$@"; do
    case "$__awsprof_arg" in
      --) break ;;
      -h|--help|--version|--no-export|--shell|--shell=*) command ${bin} "$@"; return ;;
      --export) __awsprof_has_export=1 ;;
    esac
  done
  __awsprof_sub=$1
  shift
  if [ "$__awsprof_sub" = assume ] && [ -z "$__awsprof_has_export" ]; then
    set -- --export "$@"
  fi
  # Assigned apart from \`local\` so $? is the binary's status; exported inside the substitution so it never leaks.
  __awsprof_out=$(export AWSPROF_SHELL=posix; command ${bin} "$__awsprof_sub" "$@")
  __awsprof_status=$?
  if [ "$__awsprof_status" -ne 0 ]; then
    return "$__awsprof_status"
  fi
  eval "$__awsprof_out"
}
`;
}

function formatFishInit(binary: string): string {
  const bin = binary === 'awsprof' ? 'awsprof' : quoteFish(binary);
  return `# awsprof shell integration for fish.
# Add to ~/.config/fish/config.fish:  awsprof shell-init fish | source
# 'awsprof use' and 'awsprof assume' print shell code; this function evaluates it so they can change
# this shell's environment. Other subcommands run unchanged.
function awsprof --description 'awsprof, with use/assume applied to this shell'
    set -l __awsprof_sub $argv[1]
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
    set -l __awsprof_args $argv[2..-1]
    if test "$__awsprof_sub" = assume -a "$__awsprof_has_export" = 0
        set __awsprof_args --export $__awsprof_args
    end
    # Function-local export: the binary sees it, the user's shell does not keep it.
    set -lx AWSPROF_SHELL fish
    # fish splits the output into lines (keeping empty ones); \`set\` reports the substitution's status.
    set -l __awsprof_out (command ${bin} $__awsprof_sub $__awsprof_args)
    set -l __awsprof_status $status
    if test $__awsprof_status -ne 0
        return $__awsprof_status
    end
    string join \\n -- $__awsprof_out | source
end
`;
}

function formatPowerShellInit(binary: string): string {
  return `# awsprof shell integration for PowerShell.
# Add to $PROFILE:  awsprof shell-init powershell | Out-String | Invoke-Expression
# 'awsprof use' and 'awsprof assume' print PowerShell code; this function evaluates it so they can change
# this session's environment. Other subcommands run unchanged. The exit status is left in $LASTEXITCODE.
function global:awsprof {
    # The Application lookup skips this function (and awsprof.ps1 shims) and finds the real executable.
    $awsprofApp = Get-Command -CommandType Application -Name ${quotePowerShell(binary)} -ErrorAction Stop | Select-Object -First 1
    $awsprofSub = if ($args.Count -gt 0) { [string]$args[0] } else { '' }
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
    $awsprofArgs = @($args | Select-Object -Skip 1)
    if ($awsprofSub -ceq 'assume' -and -not $awsprofHasExport) { $awsprofArgs = @('--export') + $awsprofArgs }
    $awsprofPreviousShell = $Env:AWSPROF_SHELL
    $Env:AWSPROF_SHELL = 'powershell'
    try {
        $awsprofOut = & $awsprofApp $awsprofSub @awsprofArgs
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
export function formatShellInit(shell: InitShell, binary = 'awsprof'): string {
  assertBinary(binary);
  switch (shell) {
    case 'bash':
    case 'zsh':
      return formatPosixInit(shell, binary);
    case 'fish':
      return formatFishInit(binary);
    case 'powershell':
      return formatPowerShellInit(binary);
    default: {
      const unknown: never = shell;
      throw new Error(`Unknown shell: ${String(unknown)}`);
    }
  }
}
