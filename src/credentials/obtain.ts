import type { CommandContext } from '../commands/context.js';
import { AwsprofError, StsError, UsageError } from '../errors.js';
import { shown } from '../terminal-text.js';
import { resolveCacheDir, readCacheFileSync, withCacheLock, writeCacheFile } from '../files/cache.js';
import { readFiles } from '../files/transaction.js';
import { userInfo } from 'node:os';
import type { PlanDefaults, RolePlan } from '../profiles/assume-plan.js';
import { formatSpan } from '../profiles/expiry.js';
import { type AwsFilesView, mergedSettings, readAwsFiles, requireProfile, settingText } from '../profiles/view.js';
import type { AssumeRoleRequest, SessionCredentials, StsConnection, StsGateway, TemporaryCredentials } from '../sts/types.js';
import {
  type CacheEntry,
  chooseMfaRoute,
  DEFAULT_MFA_DURATION_SECONDS,
  formatCacheEntry,
  hasAtLeast,
  longTermKeyId,
  MFA_MIN_REMAINING_MS,
  mfaCacheName,
  parseCacheEntry,
  ROLE_MIN_REMAINING_MS,
  roleCacheName,
  sourceIdentity,
  stsEndpoint,
} from './cache-rules.js';
import { assertTokenCode, mfaCodeProvider, promptForMfaCode } from './prompt.js';

export interface ObtainOptions {
  /** An MFA code given on the command line (--token-code); asked for on the terminal when missing and `prompt`. */
  tokenCode?: string;
  /** Whether a prompt on the terminal (/dev/tty) may ask for an MFA code; false fails at once instead. */
  prompt: boolean;
  /** The STS seam; the AWS SDK's gateway (loaded lazily) when not given. */
  sts?: StsGateway;
  /** The AWS files, when the caller has read them already. */
  view?: AwsFilesView;
  /**
   * Use the role cache: hand out cached credentials while more than 15 minutes remain, else assume under the entry's
   * lock and store the answer (credential-process, exec, assume --process). Off, STS is always asked and nothing of
   * the role is cached (plain `assume`); the MFA session is used and cached either way.
   */
  reuse?: boolean;
  /** With `reuse`: ask STS even when the cache has a fresh answer, and store the new one (`refresh`). */
  refresh?: boolean;
  /** GetSessionToken duration when a new MFA session is needed (default 12 h). */
  mfaDurationSeconds?: number;
  /** What to do instead when a code is needed and there is no terminal (default: pass --token-code). */
  hintWithoutTerminal?: string;
}

/**
 * Temporary credentials for a planned role: the one way every command (assume, credential-process, exec, refresh)
 * gets them, so the cache and the MFA session apply to all alike. Concurrent callers for the same role wait on one
 * lock, and those that may reuse find what the first one fetched: ten SDK processes, one AssumeRole.
 */
export async function obtainRoleCredentials(plan: RolePlan, context: CommandContext, options: ObtainOptions): Promise<TemporaryCredentials> {
  if (options.tokenCode !== undefined) assertTokenCode(options.tokenCode);
  const view = options.view ?? (await readView(context));
  // Asked to assume (not to reuse), STS is asked, and the cache is neither read nor written: what `assume` writes
  // lives in the credentials file, and a failed write must leave nothing behind.
  if (!options.reuse) return assumeFromSource(plan, view, context, options);
  const dir = resolveCacheDir(context.env);
  const name = roleCacheName(plan, sourceIdentity(view, plan.source), stsEndpoint(plan, context.env));
  const cached = () => (options.refresh ? undefined : usableEntry(dir, name, context.now(), ROLE_MIN_REMAINING_MS));
  const hit = cached();
  if (hit) return roleCredentials(hit, plan);
  return withCacheLock(dir, name, async () => {
    const waitedFor = cached();
    if (waitedFor) return roleCredentials(waitedFor, plan);
    const credentials = await assumeFromSource(plan, view, context, options);
    await writeCacheFile(dir, name, formatCacheEntry({ kind: 'role', profile: plan.profile, ...credentials }));
    return credentials;
  });
}

/** Cached role credentials with more than 15 minutes left, read without loading the SDK; undefined otherwise. */
export function cachedRoleCredentials(plan: RolePlan, context: Pick<CommandContext, 'env' | 'now'>, view: AwsFilesView): TemporaryCredentials | undefined {
  const dir = resolveCacheDir(context.env);
  const entry = usableEntry(dir, roleCacheName(plan, sourceIdentity(view, plan.source), stsEndpoint(plan, context.env)), context.now(), ROLE_MIN_REMAINING_MS);
  return entry ? roleCredentials(entry, plan) : undefined;
}

export interface MfaSessionRequest {
  /** The profile the user named (a role profile or the IAM user's own), for messages. */
  profile: string;
  /** The profile whose long-term keys call GetSessionToken. */
  sourceProfile: string;
  mfaSerial: string;
  region?: string;
  endpointUrl?: string;
}

/**
 * The MFA session for a source profile and device: from the cache while more than 5 minutes remain (unless `renew`),
 * else GetSessionToken with a code. `fresh` says whether STS was asked.
 */
export async function obtainMfaSession(
  request: MfaSessionRequest,
  context: CommandContext,
  options: ObtainOptions & { renew?: boolean },
): Promise<SessionCredentials & { fresh: boolean }> {
  if (options.tokenCode !== undefined) assertTokenCode(options.tokenCode);
  const view = options.view ?? (await readView(context));
  const keyId = longTermKeyId(view, request.sourceProfile);
  if (!keyId) {
    throw new UsageError(`profile ${request.sourceProfile} has no long-term access keys, which an MFA session (GetSessionToken) needs`, { profile: request.sourceProfile });
  }
  const dir = resolveCacheDir(context.env);
  const name = mfaCacheName(`key:${keyId}`, request.mfaSerial, stsEndpoint(request, context.env));
  const cached = () => (options.renew ? undefined : usableEntry(dir, name, context.now(), MFA_MIN_REMAINING_MS));
  const hit = cached();
  if (hit) return { ...hit, fresh: false };
  return withCacheLock(dir, name, async () => {
    const waitedFor = cached();
    if (waitedFor) return { ...waitedFor, fresh: false };
    const tokenCode = await askForCode(request.mfaSerial, request.profile, options);
    const sts = await gateway(options);
    if (!sts.getSessionToken) throw new AwsprofError('this STS gateway cannot get MFA sessions');
    const session = await sts.getSessionToken(
      { profile: request.sourceProfile, durationSeconds: options.mfaDurationSeconds ?? DEFAULT_MFA_DURATION_SECONDS, mfaSerial: request.mfaSerial, tokenCode },
      connection(context, request, mfaCodeProvider(request.sourceProfile, undefined, options.hintWithoutTerminal)),
    );
    await writeCacheFile(dir, name, formatCacheEntry({ kind: 'mfa', profile: request.sourceProfile, ...session }));
    return { ...session, fresh: true };
  });
}

/**
 * Which profile and device `awsprof mfa PROFILE` means: a role profile with mfa_serial whose source holds long-term
 * keys, or an IAM user's profile with its own keys and mfa_serial.
 */
export function resolveMfaSessionRequest(view: AwsFilesView, profileName: string): MfaSessionRequest {
  const settings = mergedSettings(requireProfile(view, profileName));
  const mfaSerial = settingText(settings, 'mfa_serial');
  if (!mfaSerial) throw new UsageError(`profile ${profileName} has no mfa_serial, so it needs no MFA session`, { profile: profileName });
  const sourceProfile = settingText(settings, 'role_arn') ? settingText(settings, 'source_profile') : profileName;
  if (!sourceProfile) {
    throw new UsageError(`profile ${profileName} has no source_profile with long-term keys to get an MFA session with`, { profile: profileName });
  }
  return { profile: profileName, sourceProfile, mfaSerial, region: settingText(settings, 'region'), endpointUrl: undefined };
}

async function assumeFromSource(plan: RolePlan, view: AwsFilesView, context: CommandContext, options: ObtainOptions): Promise<TemporaryCredentials> {
  const route = chooseMfaRoute(plan, view);
  const request: AssumeRoleRequest = {
    source: plan.source,
    roleArn: plan.roleArn,
    sessionName: plan.sessionName,
    durationSeconds: plan.durationSeconds,
    mfaSerial: plan.mfaSerial,
    externalId: plan.externalId,
    policyArns: plan.policyArns,
    policy: plan.policy,
    sourceIdentity: plan.sourceIdentity,
  };
  if (route.kind === 'session') {
    const sessionRequest = { profile: plan.profile, sourceProfile: route.sourceProfile, mfaSerial: route.mfaSerial, region: plan.region, endpointUrl: plan.endpointUrl };
    const session = await obtainMfaSession(sessionRequest, context, { ...options, view });
    // The session already carries the MFA: AssumeRole gets no code, and no prompt happens.
    const sts = await gateway(options);
    const assumeWith = (credentials: SessionCredentials) =>
      sts.assumeRole(
        { ...request, source: { kind: 'credentials', credentials, profile: route.sourceProfile }, mfaSerial: undefined },
        connection(context, plan, mfaCodeProvider(plan.profile, undefined, options.hintWithoutTerminal)),
      );
    try {
      return await assumeWith(session);
    } catch (error) {
      // A cached session STS no longer takes (revoked, its user's keys rotated, a clock that jumped) is replaced, once:
      // a new code on the terminal (or --token-code), or the usual one line saying which command gets one.
      if (session.fresh || !(error instanceof StsError && error.credentialsRejected)) throw error;
      context.out.stderr(shown`awsprof: STS refused the cached MFA session of ${route.sourceProfile} (${error.message}); getting a new one`);
      return assumeWith(await obtainMfaSession(sessionRequest, context, { ...options, view, renew: true }));
    }
  }
  if (route.kind === 'direct' && route.reason === 'duration') {
    context.out.stderr(
      shown`awsprof: ${plan.profile} asks for a ${formatSpan(plan.durationSeconds)} session, longer than the 1h AWS allows a role assumed from an MFA session; sending the MFA code with AssumeRole instead`,
    );
  }
  // --token-code answers this role's MFA, or, when it has none, the first MFA a role in the source chain asks for.
  const tokenCode = plan.mfaSerial ? await askForCode(plan.mfaSerial, plan.profile, options) : undefined;
  const sts = await gateway(options);
  return sts.assumeRole(
    { ...request, tokenCode },
    connection(context, plan, options.prompt ? mfaCodeProvider(plan.source.profile, plan.mfaSerial ? undefined : options.tokenCode, options.hintWithoutTerminal) : noPrompt(plan.source.profile, options)),
  );
}

async function askForCode(serial: string, profile: string, options: ObtainOptions): Promise<string> {
  if (options.tokenCode !== undefined) return options.tokenCode;
  if (!options.prompt) return noPrompt(profile, options)(serial);
  return promptForMfaCode(serial, profile, options.hintWithoutTerminal);
}

function noPrompt(profile: string, options: ObtainOptions): (serial: string) => Promise<string> {
  return async (serial) => {
    throw new AwsprofError(`profile ${profile} needs an MFA code for ${serial}, and no prompt is allowed here`, { hint: options.hintWithoutTerminal ?? 'pass --token-code 123456' });
  };
}

function connection(context: CommandContext, where: { region?: string; endpointUrl?: string }, provider: (serial: string) => Promise<string>): StsConnection {
  return { paths: context.paths, region: where.region ?? 'us-east-1', endpoint: where.endpointUrl, mfaCodeProvider: provider };
}

async function gateway(options: ObtainOptions): Promise<StsGateway> {
  return options.sts ?? (await import('../sts/sdk-gateway.js')).sdkStsGateway;
}

async function readView(context: CommandContext): Promise<AwsFilesView> {
  const files = await readFiles(context.paths);
  return readAwsFiles(files.config.text, files.credentials.text);
}

function usableEntry(dir: string, name: string, now: Date, remainingMs: number): CacheEntry | undefined {
  const text = readCacheFileSync(dir, name);
  const entry = text === undefined ? undefined : parseCacheEntry(text);
  return entry && hasAtLeast(entry, now, remainingMs) ? entry : undefined;
}

function roleCredentials(entry: CacheEntry, plan: RolePlan): TemporaryCredentials {
  return {
    accessKeyId: entry.accessKeyId,
    secretAccessKey: entry.secretAccessKey,
    sessionToken: entry.sessionToken,
    expiration: entry.expiration,
    assumedRoleArn: entry.assumedRoleArn ?? plan.roleArn,
  };
}

/** The defaults a plan needs from the machine: the environment, the user (for session names) and the time. */
export function planDefaults(context: Pick<CommandContext, 'env' | 'now'>): PlanDefaults {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = context.env.USER ?? 'awsprof';
  }
  return { env: context.env, user, now: context.now() };
}
