import { regionPartition } from '../profiles/region.js';
import type { ProfileSummary } from '../profiles/summary.js';
import type { AwsFilesView } from '../profiles/view.js';
import { shown } from '../output.js';
import { type CommandContext, displayPath } from './context.js';

/**
 * Says, on stderr, what in the files the AWS CLI would refuse (configparser rejects the whole file), so a profile that
 * seems to be missing, or an AWS CLI that fails, is explained. At most a few lines: the first problems tell the story.
 */
export function warnAboutFileProblems(view: AwsFilesView, context: CommandContext, limit = 5): void {
  const listed = view.problems.slice(0, limit);
  for (const problem of listed) {
    context.out.stderr(shown`awsprof: warning: ${displayPath(context.paths[problem.file], context.env)}:${problem.line}: ${problem.message} (the AWS CLI cannot read this file)`);
  }
  if (view.problems.length > listed.length) context.out.stderr(`awsprof: warning: ${view.problems.length - listed.length} more problems not shown`);
}

/**
 * A region in a file that matches no AWS partition (a typo, a stray character, a continuation line) is shown, not
 * refused: the AWS CLI reads such files too, and the user may only want to look. `set region` and `--region` refuse
 * the same names outright.
 */
export function warnAboutUnknownRegions(summaries: readonly ProfileSummary[], context: CommandContext, limit = 5): void {
  const unknown = summaries.filter((summary) => summary.region !== undefined && regionPartition(summary.region) === undefined);
  for (const summary of unknown.slice(0, limit)) {
    context.out.stderr(shown`awsprof: warning: profile ${summary.name}: region ${summary.region} is not an AWS region name`);
  }
  if (unknown.length > limit) context.out.stderr(`awsprof: warning: ${unknown.length - limit} more profiles with an unknown region not shown`);
}
