/**
 * The SSO token cache entry, `~/.aws/sso/cache/<sha1 of the session name>.json`, exactly as the AWS CLI v2 writes it
 * (awscli/customizations/sso/utils.py `_sso_json_dumps`, botocore SSOTokenFetcher): the keys below in this order,
 * times as `%Y-%m-%dT%H:%M:%SZ` (UTC, no milliseconds), Python's `json.dumps` spacing. botocore's SSOTokenLoader, the
 * JavaScript SDK's fromSSO and `aws sso login` all read and rewrite it, so `awsprof sso login` and `aws sso login`
 * can stand in for each other (#9).
 */
export interface SsoTokenRecord {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
  refreshToken?: string;
}

/** `2026-11-26T05:00:00Z`: the CLI's strftime format. */
export function formatCacheTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The file's text: Python `json.dumps` of a dict (", " and ": " separators), keys in the CLI's order. */
export function formatSsoTokenFile(record: SsoTokenRecord): string {
  const entries: [string, string | undefined][] = [
    ['startUrl', record.startUrl],
    ['region', record.region],
    ['accessToken', record.accessToken],
    ['expiresAt', formatCacheTime(record.expiresAt)],
    ['clientId', record.clientId],
    ['clientSecret', record.clientSecret],
    ['registrationExpiresAt', record.registrationExpiresAt && formatCacheTime(record.registrationExpiresAt)],
    ['refreshToken', record.refreshToken],
  ];
  // Python's json.dumps escapes non-ASCII by default; the values are checked to be printable ASCII anyway.
  const json = (value: string) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `{${entries.filter(([, value]) => value !== undefined).map(([key, value]) => `${json(key)}: ${json(value!)}`).join(', ')}}`;
}

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads a cache file's text (whoever wrote it: the AWS CLI, an SDK refresh, awsprof). Undefined when it is not a
 * token entry at all; optional fields that are missing or unreadable come out undefined, so a half-usable file still
 * gives what it can (e.g. the registration without a refresh token).
 */
export function parseSsoTokenFile(fileText: string): SsoTokenRecord | undefined {
  let data: unknown;
  try {
    data = JSON.parse(fileText);
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const fields = data as Record<string, unknown>;
  const accessToken = text(fields.accessToken);
  const expiresAt = parseTime(fields.expiresAt);
  if (accessToken === undefined || expiresAt === undefined) return undefined;
  return {
    startUrl: text(fields.startUrl) ?? '',
    region: text(fields.region) ?? '',
    accessToken,
    expiresAt,
    clientId: text(fields.clientId),
    clientSecret: text(fields.clientSecret),
    registrationExpiresAt: parseTime(fields.registrationExpiresAt),
    refreshToken: text(fields.refreshToken),
  };
}

/** botocore treats registrations and tokens within 15 minutes of their end as expired (SSOTokenFetcher._EXPIRY_WINDOW). */
export const SSO_EXPIRY_WINDOW_MS = 15 * 60 * 1000;

/** The client registration a new login can reuse: same region, not about to expire. */
export function reusableRegistration(record: SsoTokenRecord | undefined, region: string, now: Date): { clientId: string; clientSecret: string; expiresAt: Date } | undefined {
  if (!record || record.region !== region || !record.clientId || !record.clientSecret || !record.registrationExpiresAt) return undefined;
  if (record.registrationExpiresAt.getTime() - now.getTime() <= SSO_EXPIRY_WINDOW_MS) return undefined;
  return { clientId: record.clientId, clientSecret: record.clientSecret, expiresAt: record.registrationExpiresAt };
}

/** Whether the access token can still be used (outside the expiry window). */
export function isTokenUsable(record: SsoTokenRecord, now: Date, windowMs = 0): boolean {
  return record.expiresAt.getTime() - now.getTime() > windowMs;
}
