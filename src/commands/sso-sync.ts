import { withFileSync } from '../errors.js';
import { readFiles, updateFiles } from '../files/transaction.js';
import { loadSsoAccessToken } from '../files/sso-cache.js';
import { applySectionBatch, type BatchHunk, formatBatchDiff, type SectionBatch } from '../ini/batch-edit.js';
import { formatConfigSectionHeader } from '../profiles/names.js';
import { assertValidRegion } from '../profiles/region.js';
import { DEFAULT_NAME_TEMPLATE, parseNameTemplate } from '../profiles/sso-names.js';
import { readSsoSession, resolveSsoSessionName } from '../profiles/sso-session.js';
import { planSsoSync, type PortalAssignment, type SyncPlan } from '../profiles/sso-sync-plan.js';
import { type AwsFilesView, readAwsFiles } from '../profiles/view.js';
import { escapeForTerminal, shown } from '../output.js';
import { type CommandContext, currentProfileFromEnv, displayPath } from './context.js';
import { fileOptions } from './warnings.js';

export interface SsoSyncInput {
  session?: string;
  name?: string;
  region?: string;
  prune?: boolean;
  dryRun?: boolean;
  lowercase?: boolean;
}

/** How the portal is listed; tests and the bench pass the real one, a unit test could pass its own. */
export type ListAssignments = (options: { region: string; accessToken: string; env: NodeJS.ProcessEnv; session: string }) => Promise<PortalAssignment[]>;

const listFromPortal: ListAssignments = async (options) => {
  const { listPortalRoles } = await import('../aws/sso-portal.js');
  return listPortalRoles(options);
};

/** How many skipped names, collisions or stale profiles are named one per line before the rest are counted. */
const SHOWN_PER_KIND = 10;

/**
 * `awsprof sso sync [SESSION]` (#9): one profile per account and role the portal lists, written in one locked, atomic
 * update of config (docs/sso.md: names, the marker, pruning). `--dry-run` prints the change as a diff on stdout.
 */
export async function runSsoSync(input: SsoSyncInput, context: CommandContext, list: ListAssignments = listFromPortal): Promise<SyncPlan> {
  const template = parseNameTemplate(input.name ?? DEFAULT_NAME_TEMPLATE);
  if (input.region !== undefined) assertValidRegion(input.region, '--region');
  const before = await readFiles(context.paths);
  const files = readAwsFiles(before.config.text, before.credentials.text);
  const name = resolveSsoSessionName(files, input.session, currentProfileFromEnv(context.env));
  const session = readSsoSession(name, files.ssoSessions.get(name)!);
  const token = await loadSsoAccessToken(context.env, session, context.now());

  const assignments = await list({ region: session.region, accessToken: token.accessToken, env: context.env, session: session.name });
  const planFor = (view: AwsFilesView) =>
    planSsoSync({
      session: session.name,
      assignments,
      files: view,
      names: { template, lowercase: input.lowercase },
      region: input.region ?? session.region,
      regionExplicit: input.region !== undefined,
      prune: input.prune === true,
    });
  const path = context.paths.config;
  let plan: SyncPlan | undefined;
  let hunks: BatchHunk[] = [];
  if (input.dryRun) {
    plan = planFor(files);
    hunks = withFileSync(path, () => applySectionBatch(before.config.text, toBatch(plan!, files))).hunks;
  } else {
    // The plan is made again under the lock, from the files as they are then: another awsprof may have written since.
    await updateFiles(
      context.paths,
      (current) => {
        const view = readAwsFiles(current.config.text, current.credentials.text);
        plan = planFor(view);
        return { config: withFileSync(path, () => applySectionBatch(current.config.text, toBatch(plan!, view)).text) };
      },
      fileOptions(context),
    );
  }
  report(plan!, session.name, input, context);
  if (input.dryRun && hunks.length) {
    const label = displayPath(path, context.env);
    context.out.stdout(formatBatchDiff(hunks, label, `${label} (after sso sync)`).split('\n').map(escapeForTerminal).join('\n'));
  }
  return plan!;
}

/** The plan as edits of config: sections found by the header line the reading gave them. */
function toBatch(plan: SyncPlan, view: AwsFilesView): SectionBatch {
  const headerLine = (name: string) => view.profiles.get(name)!.configLine! - 1;
  return {
    set: plan.update.map(({ name, values }) => ({ line: headerLine(name), values })),
    remove: plan.remove.map(headerLine),
    append: plan.add.map(({ name, values }) => ({ header: formatConfigSectionHeader(name), values })),
  };
}

/** What happened, on stderr: one summary line, then what needs a person's attention, each name escaped. */
function report(plan: SyncPlan, session: string, input: SsoSyncInput, context: CommandContext): void {
  const out = (line: string) => context.out.stderr(line);
  const total = plan.add.length + plan.update.length + plan.unchanged.length;
  const verb = input.dryRun ? 'would write' : 'wrote';
  const changed = plan.add.length + plan.update.length + plan.remove.length > 0;
  out(
    shown`awsprof: sso sync ${session}: ${String(total)} profiles; ${changed ? `${verb} ${plan.add.length} new, ${plan.update.length} updated, ${plan.remove.length} removed` : 'nothing to change'}, ${String(plan.unchanged.length)} unchanged (${displayPath(context.paths.config, context.env)})`,
  );
  for (const collision of plan.collisions.slice(0, SHOWN_PER_KIND)) {
    out(shown`awsprof: note: ${String(collision.resolved.length)} roles would be named ${collision.name}; named them ${collision.resolved.map((each) => each.name).join(', ')}`);
  }
  more(plan.collisions.length, 'name collisions', out);
  for (const skipped of plan.skipped.slice(0, SHOWN_PER_KIND)) {
    const { accountId, accountName, roleName } = skipped.assignment;
    out(shown`awsprof: warning: skipped ${roleName} in account ${accountId} (${accountName})${skipped.name ? ` as ${skipped.name}` : ''}: ${skipped.reason}`);
  }
  more(plan.skipped.length, 'skipped roles', out);
  if (plan.stale.length) {
    const names = plan.stale.slice(0, SHOWN_PER_KIND).join(', ');
    out(shown`awsprof: note: ${String(plan.stale.length)} profiles from an earlier sync are no longer listed (${names}${plan.stale.length > SHOWN_PER_KIND ? ', …' : ''}); --prune removes them`);
  }
}

function more(count: number, what: string, out: (line: string) => void): void {
  if (count > SHOWN_PER_KIND) out(`awsprof: … and ${count - SHOWN_PER_KIND} more ${what}`);
}
