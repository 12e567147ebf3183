import { obtainRoleCredentials } from '../credentials/obtain.js';
import { AwsprofError, withFileSync } from '../errors.js';
import { assertReplaceable, readFiles, updateFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import { type AssumePlan, planAssume, type PlanDefaults } from '../profiles/assume-plan.js';
import { parseSpan } from '../profiles/duration.js';
import { REFRESH_WINDOW_SECONDS, formatLocalTime, formatRelative, formatSpan } from '../profiles/expiry.js';
import { recordedAssumeInput } from '../profiles/recorded-assume.js';
import { selectRefreshable } from '../profiles/refresh-selection.js';
import { type AwsFilesView, readAwsFiles } from '../profiles/view.js';
import type { TemporaryCredentials } from '../sts/types.js';
import { type AssumeDeps, safeUserName, writeAssumeSettings, writeTemporaryKeys } from './assume.js';
import type { CommandContext } from './context.js';
import { fileOptions } from './warnings.js';

/** Some profiles were refreshed and written, others failed (each named on stderr). See docs/exit-codes.md. */
export const PARTIAL_FAILURE_EXIT_CODE = 3;

/** STS calls in flight at once: enough to hide the round trips, few enough not to be throttled. */
const PARALLEL_CALLS = 4;

export interface RefreshAllInput {
  /** `--within`: profiles whose keys expire sooner than this are refreshed (default 15m). */
  within?: string;
  /** Answers the first MFA prompt (a code works once); later ones reuse the MFA session or are asked for. */
  tokenCode?: string;
}

interface Failure {
  name: string;
  error: unknown;
}

/**
 * Renews every profile `awsprof assume` wrote whose keys expire within the window: plans each from what it recorded,
 * calls STS for all (in parallel, MFA ones one after another so a terminal prompt is asked once), then writes every
 * result in ONE locked transaction. A profile that fails is named and skipped; the others are still written.
 * Returns the exit code: 0 all done (or nothing to do), PARTIAL_FAILURE_EXIT_CODE some failed, 1 none succeeded.
 */
export async function runRefreshAll(input: RefreshAllInput, context: CommandContext, deps: AssumeDeps = {}): Promise<number> {
  const withinSeconds = input.within === undefined ? REFRESH_WINDOW_SECONDS : parseSpan(input.within, '--within');
  const before = await readFiles(context.paths);
  const view = readAwsFiles(before.config.text, before.credentials.text);
  const defaults: PlanDefaults = { env: context.env, user: safeUserName(), now: context.now() };
  const selection = selectRefreshable(view, defaults.now, withinSeconds);
  if (selection.due.length === 0) {
    const fresh = selection.fresh.length ? ` (${selection.fresh.length} with more left)` : '';
    context.out.stderr(`awsprof: nothing to refresh: no profile written by awsprof expires within ${formatSpan(withinSeconds)}${fresh}`);
    return 0;
  }

  const failures: Failure[] = [];
  const plans: AssumePlan[] = [];
  for (const { name } of selection.due) {
    try {
      plans.push(planRecorded(view, name, defaults));
    } catch (error) {
      failures.push({ name, error });
    }
  }
  if (plans.length) await assertReplaceable(context.paths);

  const obtained = new Map<string, TemporaryCredentials>();
  const obtain = async (plan: AssumePlan, tokenCode?: string) => {
    try {
      obtained.set(plan.target, await obtainRoleCredentials(plan, context, { tokenCode, prompt: true, sts: deps.sts }));
    } catch (error) {
      failures.push({ name: plan.target, error });
    }
  };
  // Roles with mfa_serial one at a time: the first asks (or takes --token-code) and opens the MFA session the others
  // reuse; in parallel they would all prompt on the same terminal at once.
  const withMfa = plans.filter((plan) => plan.mfaSerial);
  for (const [index, plan] of withMfa.entries()) await obtain(plan, index === 0 ? input.tokenCode : undefined);
  await forEachWithLimit(
    plans.filter((plan) => !plan.mfaSerial),
    PARALLEL_CALLS,
    (plan) => obtain(plan, withMfa.length === 0 ? input.tokenCode : undefined),
  );

  const written: string[] = [];
  if (obtained.size) {
    await updateFiles(
      context.paths,
      (files) => {
        // Planned again on what is on disk now, under the lock, as `assume` does: a profile may have changed meanwhile.
        const current = readAwsFiles(files.config.text, files.credentials.text);
        let { text: config } = files.config;
        let { text: credentials } = files.credentials;
        written.length = 0;
        for (const [name, keys] of obtained) {
          try {
            const plan = planRecorded(current, name, defaults);
            const nextCredentials = withFileSync(context.paths.credentials, () => writeTemporaryKeys(credentials, plan, keys));
            config = withFileSync(context.paths.config, () => writeAssumeSettings(config, plan));
            credentials = nextCredentials;
            written.push(name);
          } catch (error) {
            failures.push({ name, error });
          }
        }
        return { config, credentials };
      },
      fileOptions(context),
    );
  }

  const now = context.now();
  for (const name of selection.due.map((candidate) => candidate.name)) {
    const keys = obtained.get(name);
    if (keys && written.includes(name)) {
      context.out.stderr(shown`Refreshed ${name}; expires ${formatLocalTime(keys.expiration, now)} (${formatRelative(keys.expiration, now)}).`);
    }
  }
  const order = selection.due.map((candidate) => candidate.name);
  failures.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const failure of failures) context.out.stderr(shown`awsprof: ${failure.name}: ${describeFailure(failure.error)}`);
  if (failures.length === 0) return 0;
  context.out.stderr(`awsprof: refreshed ${written.length} of ${selection.due.length} profiles; ${failures.length} failed`);
  return written.length ? PARTIAL_FAILURE_EXIT_CODE : 1;
}

/** The assumption recorded in profile `name`, planned again (it was selected because awsprof wrote it). */
function planRecorded(view: AwsFilesView, name: string, defaults: PlanDefaults): AssumePlan {
  const profile = view.profiles.get(name);
  const recorded = profile && recordedAssumeInput(profile);
  if (!recorded) throw new AwsprofError(`profile ${name} is no longer one awsprof wrote; left alone`);
  return planAssume(view, recorded, defaults);
}

/** One line for a profile that failed: the error's message and hint; anything unexpected, its first line. */
function describeFailure(error: unknown): string {
  if (error instanceof AwsprofError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message.split('\n')[0] ?? ''}`;
}

async function forEachWithLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
