import { quotePosix } from './posix.js';
import type { GlobalOptionWords } from './types.js';


const VARIABLES = ['arg', 'sub', 'out', 'status', 'has_export', 'skip', 'at', 'count', 'index'].map((name) => `__awsprof_${name}`);

/**
 * The wrapper for POSIX sh (dash, ash, ksh, bash --posix): the contract of the bash wrapper in init.ts, in the
 * language they all share. POSIX has no `local` and no `function` keyword, so the function's variables are globals
 * with a prefix, unset before it returns, and an `awsprof` alias (which would be expanded inside `awsprof() {` and
 * break the definition) is removed first: the function replaces it. There is no `. <(...)` in sh, hence `eval`.
 */
export function formatShInit(binary: string, globals: GlobalOptionWords): string {
  const bin = binary === 'awsprof' ? 'awsprof' : quotePosix(binary);
  const forget = `unset ${VARIABLES.join(' ')}`;
  return `# awsprof shell integration for POSIX sh (dash, ash, ksh).
# Add to ~/.profile or the file $ENV names:  eval "$(awsprof shell-init sh)"
# 'awsprof use' and 'awsprof assume' print shell code; this function evaluates it so they can change
# this shell's environment. Other subcommands run unchanged.
unalias awsprof 2>/dev/null || :
awsprof() {
  __awsprof_sub=
  __awsprof_has_export=
  __awsprof_skip=
  __awsprof_at=0
${formatPosixArgumentScan(globals, `${forget}; command ${bin} "$@"; return`)}
  # Exported inside the substitution only, so AWSPROF_SHELL never stays in this shell.
  __awsprof_out=$(export AWSPROF_SHELL=posix; command ${bin} "$@")
  __awsprof_status=$?
  if [ "$__awsprof_status" -eq 0 ]; then
    eval "$__awsprof_out"
    __awsprof_status=$?
  fi
  set -- "$__awsprof_status"
  ${forget}
  return "$1"
}
`;
}

/**
 * The part of the wrapper contract (init.ts) that bash, zsh and sh share word for word: find the subcommand past the
 * global options, run anything but `use`/`assume` (or a reading of help, version or another dialect) through
 * `runUntouched`, and give `assume` its `--export` right after the subcommand. Leaves the arguments in "$@".
 */
export function formatPosixArgumentScan(globals: GlobalOptionWords, runUntouched: string): string {
  return `  for __awsprof_arg in "$@"; do
    __awsprof_at=$((__awsprof_at + 1))
    if [ -n "$__awsprof_skip" ]; then
      __awsprof_skip=
      continue
    fi
    case "$__awsprof_arg" in
      ${globals.valued.join('|') || '--awsprof-no-valued-option'}) __awsprof_skip=1 ;;
      ${[...globals.valued.map((name) => `${name}=*`), ...globals.flags].join('|') || '--awsprof-no-flag'}) ;;
      *) __awsprof_sub=$__awsprof_arg; break ;;
    esac
  done
  case "$__awsprof_sub" in
    use|assume) ;;
    *) ${runUntouched} ;;
  esac
  for __awsprof_arg in "$@"; do
    case "$__awsprof_arg" in
      --) break ;;
      -h|--help|--version|--no-export|--shell|--shell=*) ${runUntouched} ;;
      --export) __awsprof_has_export=1 ;;
    esac
  done
  if [ "$__awsprof_sub" = assume ] && [ -z "$__awsprof_has_export" ]; then
    # Rebuilds "$@" with --export after the subcommand (the for list is expanded once, before set changes it).
    __awsprof_count=$#
    __awsprof_index=0
    for __awsprof_arg in "$@"; do
      __awsprof_index=$((__awsprof_index + 1))
      set -- "$@" "$__awsprof_arg"
      if [ "$__awsprof_index" -eq "$__awsprof_at" ]; then
        set -- "$@" --export
      fi
    done
    shift "$__awsprof_count"
  fi`;
}
