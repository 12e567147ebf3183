import { AwsprofError } from '../errors.js';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The AWS CLI v2's SSO token cache (#9): `~/.aws/sso/cache/<sha1 of the sso-session name>.json`, the file `aws sso
 * login` and `awsprof sso login` write and every SDK's SSO provider reads. It lives under HOME whatever
 * AWS_CONFIG_FILE says (botocore and the JS SDK both use `~/.aws/sso/cache`). This module only reads it.
 */
export function ssoCacheDirectory(env: NodeJS.ProcessEnv): string {
  return join(env.HOME || homedir(), '.aws', 'sso', 'cache');
}

/**
 * The cache file of an `[sso-session NAME]`: botocore's SSOTokenLoader keys it by sha1(session name) (by sha1 of the
 * start URL for a legacy profile without a session). node:crypto is imported here, not at the top: `list` and `use`
 * must not pay for it unless a profile needs a login's file.
 */
export async function ssoTokenCachePath(env: NodeJS.ProcessEnv, sessionName: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return join(ssoCacheDirectory(env), `${createHash('sha1').update(sessionName, 'utf8').digest('hex')}.json`);
}

export interface CachedSsoToken {
  accessToken: string;
  expiresAt: Date;
  startUrl?: string;
  region?: string;
}

/**
 * The token in a cache file's text, or undefined when the text is not a usable token (the AWS CLI then asks for a new
 * login too). Only the fields a reader needs; the refresh token and client secret are the login's business.
 */
export function parseSsoTokenCache(text: string): CachedSsoToken | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if (typeof record.accessToken !== 'string' || record.accessToken === '' || typeof record.expiresAt !== 'string') return undefined;
  const expiresAt = new Date(record.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) return undefined;
  return {
    accessToken: record.accessToken,
    expiresAt,
    startUrl: typeof record.startUrl === 'string' ? record.startUrl : undefined,
    region: typeof record.region === 'string' ? record.region : undefined,
  };
}

/** The session's cached token; undefined when there is no file or it holds no usable token. */
export async function readSsoToken(env: NodeJS.ProcessEnv, sessionName: string): Promise<CachedSsoToken | undefined> {
  const text = await readFile(await ssoTokenCachePath(env, sessionName), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EACCES' || error.code === 'EISDIR') return undefined;
    throw error;
  });
  return text === undefined ? undefined : parseSsoTokenCache(text);
}

/**
 * Refuses to go on without a usable login, in one line naming the command that gives one (#9): before a command
 * spends an STS call on an SSO source whose token is missing or expired, and says "run 'aws sso login'" in the SDK's
 * words instead.
 */
export async function assertSsoLogin(env: NodeJS.ProcessEnv, login: string, now: Date): Promise<void> {
  const token = await readSsoToken(env, login);
  // A legacy profile's cache key is its start URL; `sso login` takes a session name.
  const command = /^https?:/.test(login) ? 'aws sso login' : `awsprof sso login ${login}`;
  if (!token) throw new AwsprofError(`no SSO login for ${/^https?:/.test(login) ? login : `sso-session ${login}`}`, { hint: `run: ${command}` });
  if (token.expiresAt.getTime() <= now.getTime()) {
    throw new AwsprofError(`the SSO login for ${/^https?:/.test(login) ? login : `sso-session ${login}`} has expired`, { hint: `run: ${command}` });
  }
}
