import { AwsprofError } from '../errors.js';
import { assertBinary, binaryBaseName, binaryIdentifier } from './binary.js';
import { quoteFish } from './fish.js';
import { quotePosix } from './posix.js';
import type { CompletionShell } from './types.js';

/** One subcommand as completion sees it. */
export interface CompletionCommand {
  name: string;
  description: string;
  /** Flags offered after this subcommand, spelled as typed: `--export`, `-f`. */
  flags: string[];
  /** Whether positional arguments of this subcommand are profile names. */
  takesProfile: boolean;
}

/** Everything a completion script needs to know about the CLI; the CLI builds it from its command table. */
export interface CompletionSpec {
  /** Command name (or absolute path) used both to register the completion and to run `__complete-profiles`. */
  binary: string;
  commands: CompletionCommand[];
  /** Flags accepted before or after any subcommand. */
  globalFlags: string[];
}

/**
 * Flags whose value is a profile name. Hard-coded rather than part of the spec because the generated scripts
 * must also skip their values when looking for the subcommand.
 */
const PROFILE_FLAGS = ['--profile', '--as'] as const;

/** The hidden subcommand that prints one profile name per line. */
const COMPLETE_PROFILES = '__complete-profiles';

const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const FLAG_NAME = /^--?[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Names end up unquoted in patterns (`case use)`) and in zsh's `name:description` pairs, so only plain ones pass. */
function checkSpec(spec: CompletionSpec): void {
  assertBinary(spec.binary);
  const bad = (what: string, value: string): never => {
    throw new AwsprofError(`Cannot generate completions for ${what} ${JSON.stringify(value)}`);
  };
  for (const command of spec.commands) {
    if (!COMMAND_NAME.test(command.name)) bad('command', command.name);
    for (const flag of command.flags) if (!FLAG_NAME.test(flag)) bad('flag', flag);
  }
  for (const flag of spec.globalFlags) if (!FLAG_NAME.test(flag)) bad('flag', flag);
}

/** Descriptions are one line in every completion UI. */
function oneLine(text: string): string {
  return text.replaceAll(/\s+/g, ' ').trim();
}

function words(list: readonly string[]): string {
  return list.map(quotePosix).join(' ');
}

function formatBashCompletion(spec: CompletionSpec): string {
  const id = binaryIdentifier(spec.binary);
  const bin = quotePosix(spec.binary);
  const names = [...new Set([binaryBaseName(spec.binary), spec.binary])].map(quotePosix).join(' ');
  const cases = spec.commands
    .map(
      (c) =>
        `    ${c.name}) __flags=(${words(c.flags)}); __takes_profile=${c.takesProfile ? 1 : 0} ;;`,
    )
    .join('\n');
  // Matches are filtered by plain prefix comparison instead of `compgen -W`, which would expand `$(...)` in
  // profile names read from the user's config files.
  return `# ${binaryBaseName(spec.binary)} bash completion.
# Add to ~/.bashrc:  eval "$(${binaryBaseName(spec.binary)} completion bash)"

_${id}_complete_words() {
  local __cur=$1 __word
  shift
  for __word in "$@"; do
    if [[ $__word == "$__cur"* ]]; then COMPREPLY+=("$__word"); fi
  done
}

_${id}_complete_profiles() {
  local __cur=$1 __line __quoted
  while IFS= read -r __line; do
    # Quoted so a name with spaces or $ is inserted as one literal word.
    if [[ -n $__line && $__line == "$__cur"* ]]; then printf -v __quoted '%q' "$__line"; COMPREPLY+=("$__quoted"); fi
  done < <(command ${bin} ${COMPLETE_PROFILES} 2>/dev/null)
}

_${id}_complete() {
  COMPREPLY=()
  local __cur=\${COMP_WORDS[COMP_CWORD]-} __prev= __cmd= __i __word __takes_profile=0
  local -a __flags=()
  local -a __globals=(${words(spec.globalFlags)})
  local -a __commands=(${words(spec.commands.map((c) => c.name))})
  if (( COMP_CWORD > 0 )); then __prev=\${COMP_WORDS[COMP_CWORD-1]-}; fi
  # '=' is in COMP_WORDBREAKS, so '--profile=de' arrives as '--profile' '=' 'de'.
  if [[ $__cur == = ]]; then
    __cur=
  elif [[ $__prev == = ]] && (( COMP_CWORD > 1 )); then
    __prev=\${COMP_WORDS[COMP_CWORD-2]-}
  fi
  case $__prev in
    ${PROFILE_FLAGS.join('|')}) _${id}_complete_profiles "$__cur"; return 0 ;;
  esac
  # The subcommand is the first word that is neither a flag nor the value of a profile flag.
  for (( __i = 1; __i < COMP_CWORD; __i++ )); do
    __word=\${COMP_WORDS[__i]}
    case $__word in
      ${PROFILE_FLAGS.join('|')})
        if [[ \${COMP_WORDS[__i+1]-} == = ]]; then (( __i += 2 )); else (( __i += 1 )); fi ;;
      -*|=) ;;
      *) __cmd=$__word; break ;;
    esac
  done
  if [[ -z $__cmd ]]; then
    if [[ $__cur == -* ]]; then
      _${id}_complete_words "$__cur" "\${__globals[@]}"
    else
      _${id}_complete_words "$__cur" "\${__commands[@]}"
    fi
    return 0
  fi
  case $__cmd in
${cases}
    *) return 0 ;;
  esac
  if [[ $__cur == -* ]]; then
    _${id}_complete_words "$__cur" "\${__flags[@]}" "\${__globals[@]}"
  elif (( __takes_profile )); then
    _${id}_complete_profiles "$__cur"
  fi
  return 0
}

complete -F _${id}_complete ${names}
`;
}

function formatZshCompletion(spec: CompletionSpec): string {
  const id = binaryIdentifier(spec.binary);
  const bin = quotePosix(spec.binary);
  const base = binaryBaseName(spec.binary);
  const described = spec.commands.map((c) => quotePosix(`${c.name}:${oneLine(c.description)}`));
  const cases = spec.commands
    .map((c) => `    (${c.name}) __flags=(${words(c.flags)}); __takes_profile=${c.takesProfile ? 1 : 0} ;;`)
    .join('\n');
  // The last line lets the same text work both when sourced (register with compdef) and when saved as
  // _${base} on $fpath, where compinit autoloads the whole file as the body of _${id}.
  return `#compdef ${base}
# ${base} zsh completion.
# Add to ~/.zshrc, after 'autoload -U compinit && compinit':  eval "$(${base} completion zsh)"
# or save the output as _${base} in a directory on $fpath.

_${id}_profiles() {
  local -a __profiles
  __profiles=(\${(f)"$(command ${bin} ${COMPLETE_PROFILES} 2>/dev/null)"})
  compadd -a __profiles
}

_${id}() {
  # No \`emulate -L zsh\` here: it would also reset the options _describe relies on (compsys sets them).
  local __cur=\${words[CURRENT]} __prev=\${words[CURRENT-1]} __cmd= __i __takes_profile=0
  local -a __flags __globals __commands
  __globals=(${words(spec.globalFlags)})
  __commands=(${described.join(' ')})
  if [[ $__cur == (${PROFILE_FLAGS.join('|')})=* ]]; then
    compset -P '*='
    _${id}_profiles
    return
  fi
  case $__prev in
    (${PROFILE_FLAGS.join('|')}) _${id}_profiles; return ;;
  esac
  # The subcommand is the first word that is neither a flag nor the value of a profile flag.
  for (( __i = 2; __i < CURRENT; __i++ )); do
    case \${words[__i]} in
      (${PROFILE_FLAGS.join('|')}) (( __i++ )) ;;
      (-*) ;;
      (*) __cmd=\${words[__i]}; break ;;
    esac
  done
  if [[ -z $__cmd ]]; then
    if [[ $__cur == -* ]]; then
      compadd -- $__globals
    else
      _describe -t commands '${base} command' __commands
    fi
    return
  fi
  case $__cmd in
${cases}
    (*) return 1 ;;
  esac
  if [[ $__cur == -* ]]; then
    compadd -- $__flags $__globals
  elif (( __takes_profile )); then
    _${id}_profiles
  fi
}

if [[ \${funcstack[1]-} == _${id} ]]; then
  _${id} "$@"
else
  compdef _${id} ${quotePosix(base)}
fi
`;
}

/** `--export` -> `-l export`, `-f` -> `-s f`, `-foo` (old style) -> `-o foo`. */
function fishFlag(flag: string): string {
  if (flag.startsWith('--')) return `-l ${flag.slice(2)}`;
  const name = flag.slice(1);
  return name.length === 1 ? `-s ${name}` : `-o ${name}`;
}

function fishFlagLine(cmd: string, condition: string | undefined, flag: string, fn: string): string {
  const when = condition === undefined ? '' : ` -n ${quoteFish(condition)}`;
  const takesProfile = (PROFILE_FLAGS as readonly string[]).includes(flag);
  // -x: the flag needs an argument and it is not a file.
  const value = takesProfile ? ` -x -a ${quoteFish(`(${fn})`)}` : '';
  return `complete -c ${cmd}${when} ${fishFlag(flag)}${value}`;
}

function formatFishCompletion(spec: CompletionSpec): string {
  const id = binaryIdentifier(spec.binary);
  const base = binaryBaseName(spec.binary);
  const cmd = quoteFish(base);
  const sub = `__${id}_subcommand`;
  const using = `__${id}_using_subcommand`;
  const profiles = `__${id}_profiles`;
  const lines: string[] = [
    `complete -c ${cmd} -f`,
    ...spec.globalFlags.map((flag) => fishFlagLine(cmd, undefined, flag, profiles)),
    ...spec.commands.map(
      (c) => `complete -c ${cmd} -n ${quoteFish(`not ${sub}`)} -a ${c.name} -d ${quoteFish(oneLine(c.description))}`,
    ),
  ];
  for (const c of spec.commands) {
    const when = `${using} ${c.name}`;
    lines.push(...c.flags.map((flag) => fishFlagLine(cmd, when, flag, profiles)));
    if (c.takesProfile) lines.push(`complete -c ${cmd} -n ${quoteFish(when)} -a ${quoteFish(`(${profiles})`)}`);
  }
  return `# ${base} fish completion.
# Save as ~/.config/fish/completions/${base}.fish, or add to config.fish:  ${base} completion fish | source

# Prints the subcommand already on the command line: the first word that is neither a flag nor the value of
# a profile flag.
function ${sub}
    set -l __tokens (commandline -opc)
    set -e __tokens[1]
    set -l __skip 0
    for __token in $__tokens
        if test $__skip = 1
            set __skip 0
            continue
        end
        switch $__token
            case ${PROFILE_FLAGS.join(' ')}
                set __skip 1
            case '-*'
            case '*'
                printf '%s\\n' $__token
                return 0
        end
    end
    return 1
end

function ${using}
    set -l __sub (${sub}); or return 1
    contains -- $__sub $argv
end

function ${profiles}
    command ${quoteFish(spec.binary)} ${COMPLETE_PROFILES} 2>/dev/null
end

${lines.join('\n')}
`;
}

/**
 * Formats a completion script for `shell`. It completes subcommands, each subcommand's flags plus the global
 * ones, and profile names for subcommands with `takesProfile` and after `--profile` / `--as`. Profile names
 * come from running `<binary> __complete-profiles`, which must print one name per line and nothing else.
 */
export function formatCompletion(shell: CompletionShell, spec: CompletionSpec): string {
  checkSpec(spec);
  switch (shell) {
    case 'bash':
      return formatBashCompletion(spec);
    case 'zsh':
      return formatZshCompletion(spec);
    case 'fish':
      return formatFishCompletion(spec);
    default: {
      const unknown: never = shell;
      throw new Error(`Unknown shell: ${String(unknown)}`);
    }
  }
}
