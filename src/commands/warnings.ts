import type { FileWarning, UpdateOptions } from '../files/transaction.js';
import { formatSpan } from '../profiles/expiry.js';
import { regionPartition } from '../profiles/region.js';
import type { ProfileSummary } from '../profiles/summary.js';
import type { FileProblem } from '../profiles/view.js';
import { escapeForTerminal, shown } from '../output.js';
import { type CommandContext, displayPath } from './context.js';

/**
 * Says, on stderr, what in the files the AWS CLI would refuse (configparser rejects the whole file), so a profile that
 * seems to be missing, or an AWS CLI that fails, is explained. At most a few lines: the first problems tell the story.
 */
export function warnAboutFileProblems(problems: readonly FileProblem[], context: CommandContext, limit = 5): void {
  const listed = problems.slice(0, limit);
  for (const problem of listed) {
    context.out.stderr(shown`awsprof: warning: ${displayPath(context.paths[problem.file], context.env)}:${problem.line}: ${problem.message} (the AWS CLI cannot read this file)`);
  }
  if (problems.length > listed.length) context.out.stderr(`awsprof: warning: ${problems.length - listed.length} more problems not shown`);
}

/**
 * A region in a file that matches no AWS partition (a typo, a stray character, a continuation line) is shown, not
 * refused: the AWS CLI reads such files too, and the user may only want to look. `set region` and `--region` refuse
 * the same names outright.
 */
export function unknownRegions(summaries: readonly ProfileSummary[]): { name: string; region: string }[] {
  return summaries.flatMap((summary) => (summary.region !== undefined && regionPartition(summary.region) === undefined ? [{ name: summary.name, region: summary.region }] : []));
}

export function warnAboutUnknownRegions(unknown: readonly { name: string; region: string }[], context: CommandContext, limit = 5): void {
  for (const { name, region } of unknown.slice(0, limit)) {
    context.out.stderr(shown`awsprof: warning: profile ${name}: region ${region} is not an AWS region name`);
  }
  if (unknown.length > limit) context.out.stderr(`awsprof: warning: ${unknown.length - limit} more profiles with an unknown region not shown`);
}

/** What a file operation did on the way, in words: e.g. a lock taken over from a holder that is gone or unreachable. */
export function formatFileWarning(warning: FileWarning, env: NodeJS.ProcessEnv): string {
  const lock = displayPath(warning.lockPath, env);
  const age = formatSpan(Math.floor(warning.ageMs / 1000));
  const holder = warning.holder ? `held by pid ${warning.holder.pid} on host ${warning.holder.host} for ${age}` : `that named no owner, after ${age}`;
  const why = {
    'process-gone': 'that process is gone',
    'other-host': 'awsprof cannot check a process on another host, and no write holds a lock this long',
    'no-owner': 'awsprof cannot tell who holds it, and no write holds a lock this long',
  }[warning.reason];
  // The host name comes from a file anyone sharing ~/.aws can write: escape it like everything shown.
  return escapeForTerminal(`took over the lock ${lock} ${holder} (${why})`);
}

/** The options every command passes to updateFiles: file warnings go to stderr as `awsprof: warning: ...`. */
export function fileOptions(context: CommandContext): UpdateOptions {
  return { onWarning: (warning) => context.out.stderr(`awsprof: warning: ${formatFileWarning(warning, context.env)}`) };
}
