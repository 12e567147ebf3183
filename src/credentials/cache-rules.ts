import type { RolePlan } from '../profiles/assume-plan.js';
import { formatRfc3339 } from '../profiles/expiry.js';
import { MIN_DURATION_SECONDS, parseDuration } from '../profiles/duration.js';
import { sha256Hex } from './sha256.js';
import { type AwsFilesView, mergedSettings, settingText } from '../profiles/view.js';

/**
 * What the credential cache means, without touching a file: which entry answers which request, and when an entry is
 * still good enough to hand out. src/files/cache.ts stores the entries; src/credentials/obtain.ts uses both.
 */

/** botocore refreshes credentials 15 minutes before they expire (the JS SDK 5): hand out less and they ask again at once. */
export const ROLE_MIN_REMAINING_MS = 15 * 60_000;
/** An MFA session is worth using while a role assumed from it can still run a few minutes (aws-vault's window). */
export const MFA_MIN_REMAINING_MS = 5 * 60_000;
/** AWS caps a role assumed with session credentials (GetSessionToken keys, role chaining) at one hour. */
export const SESSION_ROLE_MAX_SECONDS = 3600;
/** `--mfa-duration` default; IAM users may ask GetSessionToken for 900 s up to 36 h. */
export const DEFAULT_MFA_DURATION_SECONDS = 12 * 3600;
export const MAX_MFA_DURATION_SECONDS = 36 * 3600;

export type CacheKind = 'role' | 'mfa';

/** One cached answer from STS, as stored (JSON) in its file. */
export interface CacheEntry {
  kind: CacheKind;
  /** The profile it was obtained for (role: the role profile; mfa: the source profile), for list and logout. */
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** The assumed role's session ARN (role entries). */
  assumedRoleArn?: string;
}

/** A short, file-name-safe digest of everything that changes the answer; secrets are never among the parts. */
function digest(parts: Record<string, unknown>): string {
  // Not node:crypto: loading it cost a credential_process cache hit ~6 ms (sha256.ts).
  return sha256Hex(JSON.stringify(parts)).slice(0, 40);
}

/**
 * Who calls STS, without a secret: the access key id of static keys in the source profile, else the source's name
 * and settings (a role chain, credential_process, SSO: the same settings give the same identity).
 */
export function sourceIdentity(view: AwsFilesView, source: RolePlan['source']): string {
  if (source.kind === 'credential_source') return `credential_source:${source.value}:${source.profile}`;
  if (source.kind === 'credentials') return `key:${source.credentials.accessKeyId}`;
  const profile = view.profiles.get(source.profile);
  if (!profile) return `profile:${source.profile}`;
  const keyId = staticKeyId(view, source.profile);
  if (keyId) return `key:${keyId}`;
  const settings = Object.entries(mergedSettings(profile)).filter(([key]) => !SECRET_KEYS.has(key));
  return `profile:${source.profile}:${digest(Object.fromEntries(settings))}`;
}

const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

/** The access key id of long-term keys in a profile (no session token), the only ones GetSessionToken accepts. */
export function longTermKeyId(view: AwsFilesView, profileName: string): string | undefined {
  const profile = view.profiles.get(profileName);
  if (!profile) return undefined;
  const settings = mergedSettings(profile);
  if (settingText(settings, 'aws_session_token') !== undefined) return undefined;
  return staticKeyId(view, profileName);
}

function staticKeyId(view: AwsFilesView, profileName: string): string | undefined {
  const profile = view.profiles.get(profileName);
  if (!profile) return undefined;
  const settings = mergedSettings(profile);
  // Static keys only count when the SDK uses them: a role or process set-up in the same profile wins in some readers.
  if (['role_arn', 'credential_process', 'sso_session', 'sso_start_url', 'web_identity_token_file'].some((key) => key in settings)) return undefined;
  return settingText(settings, 'aws_access_key_id');
}

/** The STS endpoint the request goes to: a different endpoint is a different answer (the emulator is not AWS). */
export function stsEndpoint(plan: Pick<RolePlan, 'endpointUrl'>, env: NodeJS.ProcessEnv): string {
  return plan.endpointUrl ?? env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL ?? 'aws';
}

/** The cache file name for a role: every AssumeRole parameter, the source identity and the endpoint. */
export function roleCacheName(plan: RolePlan, identity: string, endpoint: string): string {
  return `role-${digest({
    identity,
    endpoint,
    roleArn: plan.roleArn,
    sessionName: plan.sessionName,
    externalId: plan.externalId ?? null,
    mfaSerial: plan.mfaSerial ?? null,
    durationSeconds: plan.durationSeconds,
    policyArns: plan.policyArns,
    policy: plan.policy ?? null,
    sourceIdentity: plan.sourceIdentity ?? null,
  })}.json`;
}

/** The cache file name for an MFA session: one per source key, device and endpoint, whatever role it serves. */
export function mfaCacheName(identity: string, mfaSerial: string, endpoint: string): string {
  return `mfa-${digest({ identity, mfaSerial, endpoint })}.json`;
}

export function isCacheFileName(name: string): boolean {
  return /^(role|mfa)-[0-9a-f]{40}\.json$/.test(name);
}

export function hasAtLeast(entry: Pick<CacheEntry, 'expiration'>, now: Date, remainingMs: number): boolean {
  return entry.expiration.getTime() - now.getTime() > remainingMs;
}

/**
 * How a role with `mfa_serial` gets its MFA: through the cached MFA session when the role may be assumed with session
 * credentials (≤ 1 h, and the source has long-term keys GetSessionToken accepts), else with the code in AssumeRole
 * itself. aws-vault follows the same rule.
 */
export type MfaRoute = { kind: 'none' } | { kind: 'session'; sourceProfile: string; keyId: string; mfaSerial: string } | { kind: 'direct'; reason?: 'duration' };

export function chooseMfaRoute(plan: RolePlan, view: AwsFilesView): MfaRoute {
  if (!plan.mfaSerial) return { kind: 'none' };
  if (plan.source.kind !== 'profile') return { kind: 'direct' };
  const keyId = longTermKeyId(view, plan.source.profile);
  if (!keyId) return { kind: 'direct' };
  if (plan.durationSeconds > SESSION_ROLE_MAX_SECONDS) return { kind: 'direct', reason: 'duration' };
  return { kind: 'session', sourceProfile: plan.source.profile, keyId, mfaSerial: plan.mfaSerial };
}

/** The JSON a file holds; secrets live only inside files that are 0600 in a 0700 directory. */
export function formatCacheEntry(entry: CacheEntry): string {
  return `${JSON.stringify({
    Version: 1,
    Kind: entry.kind,
    Profile: entry.profile,
    AccessKeyId: entry.accessKeyId,
    SecretAccessKey: entry.secretAccessKey,
    SessionToken: entry.sessionToken,
    Expiration: entry.expiration.toISOString(),
    ...(entry.assumedRoleArn ? { AssumedRoleArn: entry.assumedRoleArn } : {}),
  })}\n`;
}

/** Reads an entry back; anything unexpected (a torn or foreign file) is no entry, and the caller asks STS again. */
export function parseCacheEntry(text: string): CacheEntry | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || data.Version !== 1) return undefined;
  const { Kind, Profile, AccessKeyId, SecretAccessKey, SessionToken, Expiration, AssumedRoleArn } = data;
  if ((Kind !== 'role' && Kind !== 'mfa') || typeof Profile !== 'string') return undefined;
  if (typeof AccessKeyId !== 'string' || typeof SecretAccessKey !== 'string' || typeof SessionToken !== 'string' || typeof Expiration !== 'string') return undefined;
  const expiration = new Date(Expiration);
  if (Number.isNaN(expiration.getTime())) return undefined;
  return {
    kind: Kind,
    profile: Profile,
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    expiration,
    ...(typeof AssumedRoleArn === 'string' ? { assumedRoleArn: AssumedRoleArn } : {}),
  };
}

/** What `credential_process` prints: the format botocore and the JS SDK read (Version 1, RFC 3339 expiry). */
export function formatCredentialProcessOutput(entry: Pick<CacheEntry, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration'>): string {
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: entry.accessKeyId,
    SecretAccessKey: entry.secretAccessKey,
    SessionToken: entry.sessionToken,
    Expiration: formatRfc3339(entry.expiration),
  })}\n`;
}

/** `--mfa-duration`: GetSessionToken takes 15 minutes to 36 hours for an IAM user. */
export function parseMfaDuration(text: string | undefined): number {
  return text === undefined ? DEFAULT_MFA_DURATION_SECONDS : parseDuration(text, '--mfa-duration', { min: MIN_DURATION_SECONDS, max: MAX_MFA_DURATION_SECONDS });
}
