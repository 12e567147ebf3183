import { readFiles } from '../files/transaction.js';
import { UsageError } from '../errors.js';
import { writeStdout } from '../stdio.js';
import { formatCompletion, type CompletionSpec } from '../shell/completion.js';
import { formatShellInit } from '../shell/init.js';
import type { CompletionShell, InitShell } from '../shell/types.js';
import { readAwsFiles } from '../profiles/view.js';
import { type CommandContext, createContext } from './context.js';
import { type DefinedCommand, GLOBAL_OPTIONS } from './spec.js';

const INIT_SHELLS: readonly InitShell[] = ['bash', 'zsh', 'sh', 'fish', 'powershell'];
const COMPLETION_SHELLS: readonly CompletionShell[] = ['bash', 'zsh', 'fish'];
const GLOBAL_FLAGS = ['--config-file', '--credentials-file', '--no-color', '--debug', '--help', '--version'];

export const shellInit: DefinedCommand = {
  spec: {
    name: 'shell-init',
    positionals: ['<shell>'],
    positionalHelp: { shell: 'bash, zsh, sh (dash, ash, ksh), fish or powershell' },
    options: { binary: { type: 'string', describe: 'Command the wrapper runs (default: awsprof)' } },
  },
  describe: 'Print a shell function that lets `awsprof use` and `awsprof assume` change the current shell',
  examples: [
    ['eval "$(awsprof shell-init bash)"', 'in ~/.bashrc (zsh: the same in ~/.zshrc)'],
    ['eval "$(awsprof shell-init sh)"', 'in ~/.profile for dash and other POSIX shells'],
    ['awsprof shell-init fish | source', 'in ~/.config/fish/config.fish'],
    ['awsprof shell-init powershell | Out-String | Invoke-Expression', 'in $PROFILE'],
  ],
  execute: async (args) => {
    const shell = String(args.shell) as InitShell;
    if (!INIT_SHELLS.includes(shell)) throw new UsageError(`shell-init: unknown shell ${JSON.stringify(shell)}`, { hint: `use ${INIT_SHELLS.join(', ')}` });
    // The wrapper finds the subcommand after any global option, so `awsprof --config-file f use x` switches too.
    const options = Object.entries(GLOBAL_OPTIONS);
    const globals = {
      valued: options.filter(([, option]) => option.type === 'string').map(([name]) => `--${name}`),
      flags: options.filter(([, option]) => option.type === 'boolean').flatMap(([name]) => [`--${name}`, `--no-${name}`]),
    };
    writeStdout(formatShellInit(shell, (args.binary as string | undefined) ?? 'awsprof', globals));
    return 0;
  },
};

/**
 * The completion command lists every command, so it takes the list from commands/index.ts rather than importing it
 * (index.ts lists this module too: an import circle).
 */
export function completionCommand(listCommands: () => readonly DefinedCommand[]): DefinedCommand {
  return {
    spec: { name: 'completion', positionals: ['<shell>'], positionalHelp: { shell: 'bash, zsh or fish' }, options: {} },
    describe: 'Print a completion script for bash, zsh or fish',
    examples: [
      ['eval "$(awsprof completion bash)"', 'in ~/.bashrc'],
      ['eval "$(awsprof completion zsh)"', 'in ~/.zshrc, after compinit'],
      ['awsprof completion fish > ~/.config/fish/completions/awsprof.fish', 'fish'],
    ],
    execute: async (args) => {
      const shell = String(args.shell) as CompletionShell;
      if (!COMPLETION_SHELLS.includes(shell)) throw new UsageError(`completion: unknown shell ${JSON.stringify(shell)}`, { hint: `use ${COMPLETION_SHELLS.join(', ')}` });
      const spec: CompletionSpec = {
        binary: 'awsprof',
        globalFlags: GLOBAL_FLAGS,
        commands: listCommands()
          .filter((command) => !command.hidden)
          .map((command) => ({
            name: command.spec.name,
            description: command.describe.replace(/[`'"]/g, '').split(/[:(]/)[0]!.trim(),
            flags: Object.keys(command.spec.options).map((name) => `--${name}`),
            takesProfile: command.completesProfiles === true,
          })),
      };
      writeStdout(formatCompletion(shell, spec));
      return 0;
    },
  };
}

/** Profile names, one per line: what completion scripts call on every TAB, so it must stay on the fast path. */
export async function runCompleteProfiles(context: CommandContext): Promise<void> {
  const files = await readFiles(context.paths);
  const names = [...readAwsFiles(files.config.text, files.credentials.text).profiles.keys()];
  context.out.stdout(names.length ? `${names.join('\n')}\n` : '');
}

export const completeProfiles: DefinedCommand = {
  spec: { name: '__complete-profiles', positionals: [], options: {} },
  describe: 'Print profile names for shell completion',
  hidden: true,
  execute: async (args) => {
    await runCompleteProfiles(createContext(args));
    return 0;
  },
};
