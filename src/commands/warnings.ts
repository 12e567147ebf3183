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
