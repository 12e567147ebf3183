/**
 * `[sso-session NAME]` sections (IAM Identity Center) as the AWS CLI v2 reads them: which one a command means, what
 * it holds, and the checks a start URL, a session name and scopes pass before awsprof writes or uses them (#9).
 */
import { AwsprofError, UsageError } from '../errors.js';
import { describeUnwritableValue } from '../ini/value.js';
import { assertValidRegion, regionPartition } from './region.js';
import { didYouMean } from './suggest.js';
import { type AwsFilesView, type ConfigValue, settingText } from './view.js';

/** A name as one shell word in a suggested command: bare when plain, single-quoted otherwise. */
function shellWord(name: string): string {
  return /^[\w.@+=,:/-]+$/.test(name) ? name : `'${name.replaceAll("'", `'\\''`)}'`;
}

/** What `aws configure sso` writes and what every tool expects for account access. */
export const DEFAULT_SSO_SCOPES = ['sso:account:access'] as const;

export interface SsoSession {
  name: string;
  startUrl: string;
  region: string;
  /** Registration scopes; empty for a legacy session without `sso_registration_scopes` (no refresh tokens then). */
  scopes: string[];
}

/**
 * Names that need no quoting in `[sso-session NAME]` (botocore takes the second shlex word of the header), in a shell
 * (`awsprof sso login NAME` in messages) or in the token cache's key, and that the sync's name templates can use.
 */
const SESSION_NAME = /^[A-Za-z0-9][\w.@+=,:-]{0,63}$/;

export function assertValidSessionName(name: string): void {
  if (!SESSION_NAME.test(name)) {
    throw new UsageError(`sso-session name ${JSON.stringify(name)} is not usable`, {
      hint: 'use up to 64 letters, digits and _ . @ + = , : - starting with a letter or digit',
    });
  }
}

/** Hosts a test or a local emulator runs on: the only ones where a start URL may be plain http. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why a start URL cannot be used, or undefined. https only: the URL names the identity provider a person logs in
 * to, and the token it yields opens every account. Plain http is accepted for loopback hosts alone, so the
 * emulator (`npm run emulator`) works. No user-info part (`https://evil@host`), no fragment, at most 1,024
 * characters, and nothing a config line cannot hold.
 */
export function describeBadStartUrl(value: string): string | undefined {
  const unwritable = describeUnwritableValue(value);
  if (unwritable) return unwritable;
  if (value.length > 1024) return 'is longer than 1024 characters';
  if (/\s/.test(value)) return 'contains whitespace';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'has a user name or password in it';
  if (url.hash) return 'has a #fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return url.protocol === 'http:' ? 'is not https (plain http is only accepted for 127.0.0.1 and localhost)' : 'is not an https URL';
}

/** Scopes as `sso_registration_scopes` holds them: comma-separated, blanks ignored (awscli parse_sso_registration_scopes). */
export function parseScopes(raw: string): string[] {
  return raw
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

const SCOPE = /^[\w:./-]{1,256}$/;

export function assertValidScopes(scopes: readonly string[], what: string): void {
  if (scopes.length === 0) throw new UsageError(`${what}: give at least one scope`, { hint: `e.g. ${DEFAULT_SSO_SCOPES.join(',')}` });
  const bad = scopes.find((scope) => !SCOPE.test(scope));
  if (bad !== undefined) throw new UsageError(`${what}: ${JSON.stringify(bad)} is not a scope`, { hint: `e.g. ${DEFAULT_SSO_SCOPES.join(',')}` });
}

/** The section header of a session, without brackets. */
export function ssoSessionHeader(name: string): string {
  return `sso-session ${name}`;
}

/**
 * The session a command means: the one named; else the `sso_session` of AWS_PROFILE's profile; else the only one in
 * the config. Refuses with the choices when that leaves it open.
 */
export function resolveSsoSessionName(view: AwsFilesView, named: string | undefined, currentProfile: string | undefined): string {
  const names = [...view.ssoSessions.keys()];
  if (named !== undefined) {
    if (view.ssoSessions.has(named)) return named;
    throw new AwsprofError(`no [sso-session ${named}] in the config`, {
      hint: didYouMean(named, names) ?? `add it with: awsprof sso add ${shellWord(named)} --start-url URL --region REGION`,
    });
  }
  if (currentProfile !== undefined) {
    const fromProfile = settingText(view.profiles.get(currentProfile)?.config ?? {}, 'sso_session');
    if (fromProfile !== undefined) return resolveSsoSessionName(view, fromProfile, undefined);
  }
  if (names.length === 1) return names[0]!;
  if (names.length === 0) {
    throw new AwsprofError('no [sso-session] in the config', { hint: 'add one with: awsprof sso add NAME --start-url URL --region REGION' });
  }
  throw new UsageError(`the config has ${names.length} sso-sessions; name one`, { hint: `one of: ${names.join(', ')}` });
}

/** A session's settings, checked as strictly as `sso add` checks flags: the file may have been edited by hand. */
export function readSsoSession(name: string, settings: Record<string, ConfigValue>): SsoSession {
  const where = `[sso-session ${name}]`;
  const startUrl = settingText(settings, 'sso_start_url');
  const region = settingText(settings, 'sso_region');
  if (startUrl === undefined || region === undefined) {
    const missing = [startUrl === undefined ? 'sso_start_url' : undefined, region === undefined ? 'sso_region' : undefined].filter(Boolean).join(' and ');
    throw new AwsprofError(`${where} has no ${missing}`, { hint: `set it with: awsprof sso add ${name} --start-url URL --region REGION` });
  }
  const badUrl = describeBadStartUrl(startUrl);
  if (badUrl) throw new AwsprofError(`${where}: sso_start_url ${badUrl}`);
  if (regionPartition(region) === undefined) throw new AwsprofError(`${where}: sso_region ${JSON.stringify(region)} is not an AWS region name`);
  const rawScopes = settingText(settings, 'sso_registration_scopes');
  const scopes = rawScopes === undefined ? [] : parseScopes(rawScopes);
  if (scopes.some((scope) => !SCOPE.test(scope))) throw new AwsprofError(`${where}: sso_registration_scopes has a value that is not a scope`);
  return { name, startUrl, region, scopes };
}

/** Checks `sso add`'s flags; every failure is a usage error (exit 2). */
export function checkSsoSessionInput(input: { name: string; startUrl: string; region: string; scopes: string }): SsoSession {
  assertValidSessionName(input.name);
  const badUrl = describeBadStartUrl(input.startUrl);
  if (badUrl) throw new UsageError(`--start-url ${badUrl}`, { hint: 'e.g. https://my-org.awsapps.com/start' });
  assertValidRegion(input.region, '--region');
  const scopes = parseScopes(input.scopes);
  assertValidScopes(scopes, '--scopes');
  return { name: input.name, startUrl: input.startUrl, region: input.region, scopes };
}

/**
 * The one line for a missing, expired or refused SSO login, wherever it is found (login, sync, list): exit 1 and the
 * command that fixes it, e.g. `SSO session team: the login expired at 2026-01-02 03:04 UTC; run: awsprof sso login team`.
 */
export function ssoLoginRequired(session: string, reason: string): AwsprofError {
  return new AwsprofError(`SSO session ${session}: ${reason}; run: awsprof sso login ${shellWord(session)}`);
}
