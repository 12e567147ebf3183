import { CancelledError, AwsprofError } from '../errors.js';
import { isTerminal } from '../output.js';
import { readFiles } from '../files/transaction.js';
import { formatPickerChoices, matchesFuzzy } from '../profiles/picker-choices.js';
import { type ProfileSummary, summarizeProfiles } from '../profiles/summary.js';
import { readAwsFiles } from '../profiles/view.js';
import { type CommandContext, currentProfileFromEnv, displayPath } from './context.js';

export interface PickOptions {
  /** What the profile is for, in the picker's question: `Profile to ${purpose}`, e.g. `switch to`. */
  purpose: string;
  /** Only these profiles are offered (assume: the role profiles); every profile when absent. */
  only?: (profile: ProfileSummary) => boolean;
  /** What the offered profiles are, for the error when there are none: `role profiles`. */
  noun?: string;
}

/**
 * A person can answer the picker: stdin and stderr are terminals. stdout is not asked: the shell-init wrapper
 * captures it to eval, and the picker draws on stderr.
 */
export function canPickProfile(): boolean {
  return isTerminal(0) && isTerminal(2);
}

/**
 * The profile named on the command line; without one, on a terminal, the one picked in the picker; otherwise
 * undefined, so the command keeps its own default or usage error. Esc or Ctrl+C in the picker: CancelledError (130).
 */
export async function profileOrPick(named: string | undefined, context: CommandContext, options: PickOptions): Promise<string | undefined> {
  if (named !== undefined || !canPickProfile()) return named;
  return pickProfile(context, options);
}

/**
 * Shows every profile (kind and expiry beside each name) in a fuzzy picker on stderr; the current AWS_PROFILE starts
 * selected, so Enter keeps the default a command would have taken without a picker. The prompt library is loaded
 * here, only when a picker opens, so commands given a profile never pay for it.
 */
export async function pickProfile(context: CommandContext, options: PickOptions): Promise<string> {
  const files = await readFiles(context.paths);
  const summaries = summarizeProfiles(readAwsFiles(files.config.text, files.credentials.text)).filter(options.only ?? (() => true));
  if (summaries.length === 0) {
    throw new AwsprofError(`no ${options.noun ?? 'profiles'} to pick from in ${displayPath(context.paths.config, context.env)} or ${displayPath(context.paths.credentials, context.env)}`, {
      hint: 'see awsprof set --help or awsprof assume --help',
    });
  }
  const current = currentProfileFromEnv(context.env);
  const { autocomplete, isCancel } = await import('@clack/prompts');
  const picked = await autocomplete<string>({
    message: `Profile to ${options.purpose} (Esc to cancel)`,
    options: formatPickerChoices(summaries, context.now()),
    initialValue: summaries.some((summary) => summary.name === current) ? current : undefined,
    filter: (query, option) => matchesFuzzy(query, option.value),
    maxItems: 12,
    input: process.stdin,
    output: process.stderr,
  });
  if (isCancel(picked)) throw new CancelledError();
  return picked;
}
