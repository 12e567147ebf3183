import { ROLE_MIN_REMAINING_MS } from '../credentials/cache-rules.js';
import { cachedRoleCredentials, obtainRoleCredentials, planDefaults } from '../credentials/obtain.js';
import { AwsprofError, withFileSync } from '../errors.js';
import { assertReplaceable, readFiles, updateFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import { type AssumePlan, planAssume, type PlanDefaults, type RolePlan } from '../profiles/assume-plan.js';
import { parseSpan } from '../profiles/duration.js';
import { REFRESH_WINDOW_SECONDS, formatLocalTime, formatRelative, formatSpan } from '../profiles/expiry.js';
import { recordedAssumeInput } from '../profiles/recorded-assume.js';
import { selectRefreshable } from '../profiles/refresh-selection.js';
import { type AwsFilesView, readAwsFiles } from '../profiles/view.js';
import type { TemporaryCredentials } from '../sts/types.js';
import { type AssumeDeps, writeAssumeSettings, writeTemporaryKeys } from './assume.js';
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

/** A profile to renew: its keys in the files (`keys`), or its cached keys (`process`, from `assume --process`). */
interface Due {
  name: string;
  plan: RolePlan;
  kind: 'keys' | 'process';
}

/**
 * Renews every profile `awsprof assume` wrote whose keys expire within the window: plans each from what it recorded,
 * calls STS for all (in parallel, MFA ones one after another so a terminal prompt is asked once), then writes every
 * result in ONE locked transaction. `assume --process` profiles have their cached keys renewed instead. A profile that fails is named and skipped; the others are still written.
 * Returns the exit code: 0 all done (or nothing to do), PARTIAL_FAILURE_EXIT_CODE some failed, 1 none succeeded.
 */
export async function runRefreshAll(input: RefreshAllInput, context: CommandContext, deps: AssumeDeps = {}): Promise<number> {
  const withinSeconds = input.within === undefined ? REFRESH_WINDOW_SECONDS : parseSpan(input.within, '--within');
  const before = await readFiles(context.paths);
  const view = readAwsFiles(before.config.text, before.credentials.text);
  const defaults: PlanDefaults = planDefaults(context);
  const selection = selectRefreshable(view, defaults.now, withinSeconds);
  const failures: Failure[] = [];
  const due: Due[] = [];
  let fresh = selection.fresh.length;
  for (const { name } of selection.due) {
    try {
      due.push({ name, plan: planRecorded(view, name, defaults), kind: 'keys' });
    } catch (error) {
      failures.push({ name, error });
    }
  }
  for (const name of selection.processes) {
    try {
      const plan = planRecorded(view, name, defaults);
      // The cache hands out entries with more than ROLE_MIN_REMAINING_MS left; asked as of (now + window − that), it
      // answers whether more than the window remains.
      const asOf = new Date(defaults.now.getTime() + withinSeconds * 1000 - ROLE_MIN_REMAINING_MS);
      if (cachedRoleCredentials(plan, { env: context.env, now: () => asOf }, view)) fresh++;
      else due.push({ name, plan, kind: 'process' });
    } catch (error) {
      failures.push({ name, error });
    }
  }
  const order = view.profiles.size ? [...view.profiles.keys()] : [];
  due.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  if (due.length === 0 && failures.length === 0) {
    const more = fresh ? ` (${fresh} with more left)` : '';
    context.out.stderr(`awsprof: nothing to refresh: no profile written by awsprof expires within ${formatSpan(withinSeconds)}${more}`);
    return 0;
  }
  if (due.some((item) => item.kind === 'keys')) await assertReplaceable(context.paths);

  const obtained = new Map<string, TemporaryCredentials>();
  const obtain = async (item: Due, tokenCode?: string) => {
    try {
      // A --process profile's keys live in the cache only: renew the entry there (the files keep no keys for it).
      const options = item.kind === 'process' ? { reuse: true, refresh: true } : {};
      obtained.set(item.name, await obtainRoleCredentials(item.plan, context, { tokenCode, prompt: true, sts: deps.sts, view, ...options }));
    } catch (error) {
      failures.push({ name: item.name, error });
    }
  };
  // Roles with mfa_serial one at a time: the first asks (or takes --token-code) and opens the MFA session the others
  // reuse; in parallel they would all prompt on the same terminal at once.
  const withMfa = due.filter((item) => item.plan.mfaSerial);
  for (const [index, item] of withMfa.entries()) await obtain(item, index === 0 ? input.tokenCode : undefined);
  await forEachWithLimit(
    due.filter((item) => !item.plan.mfaSerial),
    PARALLEL_CALLS,
    (item) => obtain(item, withMfa.length === 0 ? input.tokenCode : undefined),
  );

  const done = new Set(due.filter((item) => item.kind === 'process' && obtained.has(item.name)).map((item) => item.name));
  const keysToWrite = due.filter((item) => item.kind === 'keys' && obtained.has(item.name));
  if (keysToWrite.length) {
    await updateFiles(
      context.paths,
      (files) => {
        // Planned again on what is on disk now, under the lock, as `assume` does: a profile may have changed meanwhile.
        const current = readAwsFiles(files.config.text, files.credentials.text);
        let { text: config } = files.config;
        let { text: credentials } = files.credentials;
        for (const { name } of keysToWrite) {
          try {
            const plan = planRecorded(current, name, defaults);
            if (typeof current.profiles.get(name)?.config.credential_process === 'string') throw new AwsprofError(`profile ${name} became a credential_process profile meanwhile; left alone`);
            const nextCredentials = withFileSync(context.paths.credentials, () => writeTemporaryKeys(credentials, plan, obtained.get(name)!));
            config = withFileSync(context.paths.config, () => writeAssumeSettings(config, plan));
            credentials = nextCredentials;
            done.add(name);
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
  for (const item of due) {
    const keys = obtained.get(item.name);
    if (!keys || !done.has(item.name)) continue;
    const what = item.kind === 'process' ? `${item.name} (cached keys of credential-process ${item.plan.profile})` : item.name;
    context.out.stderr(shown`Refreshed ${what}; expires ${formatLocalTime(keys.expiration, now)} (${formatRelative(keys.expiration, now)}).`);
  }
  failures.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const failure of failures) context.out.stderr(shown`awsprof: ${failure.name}: ${describeFailure(failure.error)}`);
  if (failures.length === 0) return 0;
  const total = done.size + failures.length;
  context.out.stderr(`awsprof: refreshed ${done.size} of ${total} profiles; ${failures.length} failed`);
  return done.size ? PARTIAL_FAILURE_EXIT_CODE : 1;
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
