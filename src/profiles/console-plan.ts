import { UsageError } from '../errors.js';
import { AWSPROF_KEYS, isWrittenByAwsprof } from './assume-plan.js';
import { parseDuration } from './duration.js';
import { readExpiry } from './expiry.js';
import { assertValidRegion, regionPartition } from './region.js';
import { sanitizeSessionName } from './session-name.js';
import { type AwsFilesView, type ProfileData, mergedSettings, requireProfile, settingText } from './view.js';

/**
 * `awsprof console`, decided before any network call: where the credentials come from, which partition's sign-in
 * and console hosts to use, the page to land on, and whether a requested duration can reach the console. Pure: the
 * command resolves the credentials and applies the plan.
 */

/** Partitions with a public console. The ISO partitions have none that awsprof could know the hosts of. */
export type ConsolePartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Sign-in and console hosts, and the region STS is called in when the profile names none (its partition's first). */
export const CONSOLE_HOSTS: Readonly<Record<ConsolePartition, { signin: string; console: string; defaultRegion: string }>> = {
  aws: { signin: 'signin.aws.amazon.com', console: 'console.aws.amazon.com', defaultRegion: 'us-east-1' },
  'aws-cn': { signin: 'signin.amazonaws.cn', console: 'console.amazonaws.cn', defaultRegion: 'cn-north-1' },
  'aws-us-gov': { signin: 'signin.amazonaws-us-gov.com', console: 'console.amazonaws-us-gov.com', defaultRegion: 'us-gov-west-1' },
};

/**
 * The inline session policy GetFederationToken gets: without one a federated user has no permissions at all; with
 * it, the user's own policies decide (the effective permissions are the intersection), as in aws-vault and granted.
 */
export const ALLOW_ALL_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

/** GetFederationToken's Name: 2 to 32 characters from `[\w+=,.@-]`. */
export const FEDERATED_NAME_MAX = 32;

/**
 * How the console credentials come about, which decides what the federation endpoint accepts:
 * - `keys`: temporary keys stored in the profile (awsprof assume wrote them, or another tool), used as they are;
 * - `sdk`: the SDK's providers resolve the profile (a role assumed on the way, SSO, credential_process); long-term
 *   keys that come out of it (a static profile, a process that prints them) go through GetFederationToken.
 */
export type ConsoleSource = { kind: 'keys'; accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration?: Date } | { kind: 'sdk' };

export interface ConsoleInput {
  profile?: string;
  region?: string;
  duration?: string;
  service?: string;
  destination?: string;
}

export interface ConsolePlan {
  profile: string;
  /** Written by awsprof assume: `awsprof refresh` renews it. */
  managed: boolean;
  source: ConsoleSource;
  region?: string;
  /** The partition the profile's settings point at (region, else an ARN); the credentials' ARN may still decide. */
  partition?: ConsolePartition;
  /** --duration in seconds, when given. */
  durationSeconds?: number;
  /**
   * The credentials are a role session assumed directly with an IAM user's long-term keys: the only temporary
   * credentials the federation endpoint takes a SessionDuration for (a role chain or GetSessionToken keys: refused).
   */
  directRole: boolean;
  service?: string;
  destination?: string;
  /** The role the profile assumes or assumed, when the files say: for the partition of its ARN. */
  roleArn?: string;
}

export interface ConsoleDefaults {
  env: NodeJS.ProcessEnv;
}

const ROLE_SETUP_KEYS = ['role_arn', 'credential_process', 'credential_source', 'web_identity_token_file'];

/** Long-term IAM user keys kept in the profile itself, with nothing that would make the SDK use something else. */
export function holdsLongTermKeys(profile: ProfileData): boolean {
  const settings = mergedSettings(profile);
  if (ROLE_SETUP_KEYS.some((key) => key in settings) || Object.keys(settings).some((key) => key.startsWith('sso_'))) return false;
  return settingText(settings, 'aws_access_key_id') !== undefined && settingText(settings, 'aws_session_token') === undefined;
}

/** The principal whose keys assumed the role behind `profile`, when the files say so. */
function roleCaller(view: AwsFilesView, profile: ProfileData): ProfileData | undefined {
  const settings = mergedSettings(profile);
  if (isWrittenByAwsprof(profile)) {
    // assume --role-arn: the recorded source profile signed AssumeRole; otherwise it is the role profile, whose own
    // source_profile signed it.
    const recorded = view.profiles.get(settingText(profile.config, AWSPROF_KEYS.sourceProfile)!);
    if (!recorded) return undefined;
    if (settingText(profile.config, AWSPROF_KEYS.roleArn) !== undefined) return recorded;
    const next = settingText(mergedSettings(recorded), 'source_profile');
    return next === undefined ? undefined : view.profiles.get(next);
  }
  const source = settingText(settings, 'source_profile');
  return source === undefined ? undefined : view.profiles.get(source);
}

function roleArnOf(view: AwsFilesView, profile: ProfileData): string | undefined {
  const settings = mergedSettings(profile);
  if (isWrittenByAwsprof(profile)) {
    const recorded = settingText(profile.config, AWSPROF_KEYS.roleArn);
    if (recorded) return recorded;
    const source = view.profiles.get(settingText(profile.config, AWSPROF_KEYS.sourceProfile)!);
    return source ? settingText(mergedSettings(source), 'role_arn') : undefined;
  }
  return settingText(settings, 'role_arn');
}

/** The first region found walking profile → source_profile → … (cycles stop the walk). */
function regionAlongChain(view: AwsFilesView, start: string): string | undefined {
  const seen = new Set<string>();
  for (let name: string | undefined = start; name !== undefined && !seen.has(name); ) {
    seen.add(name);
    const profile = view.profiles.get(name);
    if (!profile) return undefined;
    const settings = mergedSettings(profile);
    const region = settingText(settings, 'region');
    if (region) return region;
    name = settingText(settings, 'source_profile') ?? settingText(profile.config, AWSPROF_KEYS.sourceProfile);
  }
  return undefined;
}

/** `arn:PARTITION:…` → PARTITION, when it is one with a console. */
export function arnPartition(arn: string | undefined): ConsolePartition | undefined {
  const partition = /^arn:([\w-]+):/.exec(arn ?? '')?.[1];
  return partition !== undefined && partition in CONSOLE_HOSTS ? (partition as ConsolePartition) : undefined;
}

function consolePartitionOfRegion(region: string, what: string): ConsolePartition {
  const partition = regionPartition(region);
  if (partition !== undefined && partition in CONSOLE_HOSTS) return partition as ConsolePartition;
  throw new UsageError(`${what}: region ${region} is in partition ${partition ?? 'unknown'}, which has no console awsprof knows the address of`, {
    hint: 'console sign-in works in the aws, aws-cn and aws-us-gov partitions',
  });
}

/** A console service path: `s3`, `ec2`, `cloudwatch`, `iam`… (letters, digits and hyphens). */
const SERVICE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function planConsole(view: AwsFilesView, input: ConsoleInput, defaults: ConsoleDefaults): ConsolePlan {
  const { env } = defaults;
  if (input.region !== undefined) assertValidRegion(input.region, '--region');
  if (input.service !== undefined && input.destination !== undefined) throw new UsageError('--service and --destination cannot be used together');
  if (input.service !== undefined && !SERVICE.test(input.service)) {
    throw new UsageError(`--service: ${JSON.stringify(input.service)} is not a console service name`, { hint: 'e.g. s3, ec2, iam, cloudwatch' });
  }
  const durationSeconds = input.duration === undefined ? undefined : parseDuration(input.duration, '--duration');
  const profileName = input.profile ?? (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default');
  const profile = requireProfile(view, profileName);
  const settings = mergedSettings(profile);

  const region = input.region ?? regionAlongChain(view, profileName) ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
  // A region from a file that no partition knows is left out of the URL rather than refused: the file is not ours.
  const regionIsKnown = region !== undefined && regionPartition(region) !== undefined;
  const roleArn = roleArnOf(view, profile);
  const partition = regionIsKnown ? consolePartitionOfRegion(region, input.region !== undefined ? '--region' : `profile ${profileName}`) : arnPartition(roleArn);

  const keyId = settingText(settings, 'aws_access_key_id');
  const secret = settingText(settings, 'aws_secret_access_key');
  const token = settingText(settings, 'aws_session_token');
  const usesSdk = ROLE_SETUP_KEYS.some((key) => key in settings) || Object.keys(settings).some((key) => key.startsWith('sso_'));
  let source: ConsoleSource = { kind: 'sdk' };
  if (!usesSdk && keyId !== undefined && secret !== undefined && token !== undefined) {
    source = { kind: 'keys', accessKeyId: keyId, secretAccessKey: secret, sessionToken: token, expiration: readExpiry(profile.credentials, profile.config) };
  }
  const caller = roleArn !== undefined && (source.kind === 'keys' || settingText(settings, 'role_arn') !== undefined) ? roleCaller(view, profile) : undefined;
  return {
    profile: profileName,
    managed: isWrittenByAwsprof(profile),
    source,
    region: regionIsKnown ? region : undefined,
    partition,
    durationSeconds,
    directRole: caller !== undefined && holdsLongTermKeys(caller),
    service: input.service,
    destination: input.destination,
    roleArn,
  };
}

/** GetFederationToken's Name from the local user name: its allowed characters, 2 to 32 of them. */
export function federatedUserName(user: string): string {
  return sanitizeSessionName(user || 'awsprof').slice(0, FEDERATED_NAME_MAX);
}

/** Where the console credentials came from, as far as the federation endpoint's rules care. */
export type CredentialOrigin = 'federation-token' | 'direct-role' | 'other';

/**
 * What becomes of a requested duration (AWS IAM guide, "Enable custom identity broker access to the AWS console"):
 * - GetFederationToken credentials: the console session lasts as long as the token, so the duration goes into
 *   GetFederationToken's DurationSeconds; the federation endpoint refuses SessionDuration for them.
 * - a role session assumed with an IAM user's long-term keys: SessionDuration (900 to 43200 s).
 * - anything else (a role chain, GetSessionToken, SSO, credential_process, keys of unknown origin): the endpoint
 *   refuses SessionDuration or may, so it is left out and the console session ends with the credentials.
 */
export function sessionDurationFor(origin: CredentialOrigin, durationSeconds: number | undefined): { sessionDuration?: number; ignored: boolean } {
  if (durationSeconds === undefined || origin === 'federation-token') return { ignored: false };
  if (origin === 'direct-role') return { sessionDuration: durationSeconds, ignored: false };
  return { ignored: true };
}

export function resolvePartition(plan: Pick<ConsolePlan, 'partition'>, credentialArn: string | undefined): ConsolePartition {
  return plan.partition ?? arnPartition(credentialArn) ?? 'aws';
}

/**
 * The federation endpoint: AWSPROF_SIGNIN_URL (tests, private partitions) as AWS_ENDPOINT_URL is for the AWS
 * services, with `/federation` added when it names no path; else the partition's sign-in host.
 */
export function federationEndpoint(partition: ConsolePartition, override: string | undefined): string {
  if (override === undefined || override === '') return `https://${CONSOLE_HOSTS[partition].signin}/federation`;
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new UsageError('AWSPROF_SIGNIN_URL is not a URL', { hint: 'e.g. http://127.0.0.1:4566 or https://signin.example.com/federation' });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new UsageError('AWSPROF_SIGNIN_URL must be an http(s) URL without user, query or fragment');
  }
  const path = url.pathname === '/' ? '/federation' : url.pathname;
  return `${url.protocol}//${url.host}${path}`;
}

/** The console page to land on: --destination as given (checked), --service's page, or the console home. */
export function consoleDestination(plan: Pick<ConsolePlan, 'region' | 'service' | 'destination'>, partition: ConsolePartition): string {
  const consoleHost = CONSOLE_HOSTS[partition].console;
  if (plan.destination !== undefined) return assertConsoleDestination(plan.destination, partition);
  const host = plan.region ? `${plan.region}.${consoleHost}` : consoleHost;
  const query = plan.region ? `?region=${plan.region}` : '';
  return `https://${host}/${plan.service ?? 'console'}/home${query}`;
}

/**
 * --destination must be a page of the partition's console (https, the console host or a regional one, no user info
 * or port): the sign-in URL would otherwise carry a valid session towards any site. Without a partition (not known
 * before the credentials are), a page of any console passes; the check runs again once the partition is known.
 */
export function assertConsoleDestination(destination: string, partition: ConsolePartition | undefined): string {
  const hosts = partition ? [CONSOLE_HOSTS[partition].console] : Object.values(CONSOLE_HOSTS).map((hostSet) => hostSet.console);
  let url: URL | undefined;
  try {
    url = new URL(destination);
  } catch {
    url = undefined;
  }
  const onConsole = (hostname: string) =>
    hosts.some((host) => hostname === host || (hostname.endsWith(`.${host}`) && /^[a-z0-9-]+$/.test(hostname.slice(0, -host.length - 1))));
  if (!url || url.protocol !== 'https:' || !onConsole(url.hostname) || url.username || url.password || url.port || destination.length > 2048) {
    throw new UsageError(`--destination: ${JSON.stringify(destination.slice(0, 200))} is not a page of the ${partition ?? 'AWS'} console`, {
      hint: `expected https://${hosts[0]}/… or https://REGION.${hosts[0]}/…`,
    });
  }
  return url.href;
}

export interface SigninSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** The getSigninToken request. It carries the secret key: never shown, logged or put in an error. */
export function formatSigninTokenRequest(endpoint: string, session: SigninSession, sessionDuration: number | undefined): string {
  const query = new URLSearchParams({ Action: 'getSigninToken' });
  if (sessionDuration !== undefined) query.set('SessionDuration', String(sessionDuration));
  query.set('Session', JSON.stringify({ sessionId: session.accessKeyId, sessionKey: session.secretAccessKey, sessionToken: session.sessionToken }));
  return `${endpoint}?${query.toString()}`;
}

/** `Issuer` is where the console sends people whose session ended; awsprof has no page, so its name (as aws-vault). */
export const ISSUER = 'awsprof';

/** The sign-in URL: a secret for 15 minutes (whoever opens it is signed in). */
export function formatLoginUrl(endpoint: string, destination: string, signinToken: string): string {
  const query = new URLSearchParams({ Action: 'login', Issuer: ISSUER, Destination: destination, SigninToken: signinToken });
  return `${endpoint}?${query.toString()}`;
}

/** A SigninToken as AWS issues them: a long string of URL-safe base64 characters. Anything else is not used. */
export function isValidSigninToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_\-+/=.]{16,8192}$/.test(token);
}
