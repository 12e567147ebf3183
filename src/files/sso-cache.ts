/**
 * The SSO token cache on disk, where the AWS CLI v2 and the SDKs look for it: `~/.aws/sso/cache/<sha1 hex of the
 * sso-session name>.json` (botocore SSOTokenLoader, @smithy getSSOTokenFilepath; `~` is HOME, whatever
 * AWS_CONFIG_FILE says). Written atomically, 0600, new directories 0700.
 */
import { fsAsync } from './fs-async.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatCacheTime, formatSsoTokenFile, isTokenUsable, parseSsoTokenFile, type SsoTokenRecord } from '../profiles/sso-token.js';
import { ssoLoginRequired } from '../profiles/sso-session.js';
import { planReplacement, resolveWriteTarget, writeFileAtomic } from './atomic-write.js';

export function ssoCacheDirectory(env: NodeJS.ProcessEnv): string {
  return join(env.HOME || homedir(), '.aws', 'sso', 'cache');
}

export function ssoTokenPath(env: NodeJS.ProcessEnv, sessionName: string): string {
  // node:crypto loaded on first use, not at the CLI's start (one bundle: a top-level import loads it for every command).
  return join(ssoCacheDirectory(env), `${process.getBuiltinModule('node:crypto').createHash('sha1').update(sessionName, 'utf8').digest('hex')}.json`);
}

/** The cached entry, or undefined when there is none or it is not a token entry. */
export async function readSsoToken(env: NodeJS.ProcessEnv, sessionName: string): Promise<SsoTokenRecord | undefined> {
  let text: string;
  try {
    text = await fsAsync().readFile(ssoTokenPath(env, sessionName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseSsoTokenFile(text);
}

export async function writeSsoToken(env: NodeJS.ProcessEnv, sessionName: string, record: SsoTokenRecord): Promise<string> {
  const target = await resolveWriteTarget(ssoTokenPath(env, sessionName));
  // 0600 even over a file another tool left readable (the JavaScript SDK's refresh writes with the default mode).
  const plan = { ...(await planReplacement(target)), mode: 0o600 };
  await writeFileAtomic(target, formatSsoTokenFile(record), plan);
  return target;
}

/**
 * The access token of a session for the portal API (sync, list), or the one-line "run: awsprof sso login" error when
 * there is none, it has expired, or it belongs to another start URL (the session was changed since the login).
 */
export async function loadSsoAccessToken(env: NodeJS.ProcessEnv, session: { name: string; startUrl: string }, now: Date): Promise<SsoTokenRecord> {
  const record = await readSsoToken(env, session.name);
  if (!record) throw ssoLoginRequired(session.name, 'not logged in');
  if (record.startUrl !== session.startUrl) throw ssoLoginRequired(session.name, `the saved login is for another start URL (${record.startUrl})`);
  if (!isTokenUsable(record, now)) throw ssoLoginRequired(session.name, `the login expired at ${formatCacheTime(record.expiresAt)}`);
  return record;
}
