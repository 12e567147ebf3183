/**
 * The dialects awsprof can print environment changes in.
 * `posix` covers bash, zsh, sh, dash and ksh: they all share `export NAME='value'` and `unset NAME`.
 * `json` is for tools and scripts that want the change as data instead of code.
 */
export type ShellKind = 'posix' | 'fish' | 'powershell' | 'json';

/** Shells `awsprof shell-init` can write a wrapper function for. */
export type InitShell = 'bash' | 'zsh' | 'sh' | 'fish' | 'powershell';

/**
 * The global options that may come before the subcommand in a shell-init wrapper: `valued` take the next argument
 * (or `=value`), `flags` stand alone (both `--x` and `--no-x` for booleans). The CLI passes its own
 * (commands/spec.ts GLOBAL_OPTIONS).
 */
export interface GlobalOptionWords {
  valued: readonly string[];
  flags: readonly string[];
}

/** Shells `awsprof completion` can write a completion script for. */
export type CompletionShell = 'bash' | 'zsh' | 'fish';

/**
 * A change to the current shell's environment.
 * Formatters emit every `unset` first and every `set` after, so a name in both ends up set.
 */
export interface EnvChange {
  set: Record<string, string>;
  unset: string[];
}
