// A HOME with an [sso-session] and the AWS CLI v2 token cache of a login to the emulator's portal, as `aws sso login`
// leaves it: what `awsprof sso sync`, `list` and `assume` through an SSO source start from (#9).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StsEmulator } from '../sts-emulator/index.js';

export const SSO_START_URL = 'https://example-org.awsapps.com/start';
export const SSO_REGION = 'eu-west-1';

export const SSO_SESSION_SECTION = (name = 'corp') =>
  `[sso-session ${name}]\nsso_start_url = ${SSO_START_URL}\nsso_region = ${SSO_REGION}\nsso_registration_scopes = sso:account:access\n`;

/** Writes ~/.aws/sso/cache/<sha1(session)>.json with a token the emulator issued; returns the file's path. */
export async function writeSsoLogin(home: string, emulator: StsEmulator, options: { session?: string; expiresInSeconds?: number } = {}): Promise<string> {
  const session = options.session ?? 'corp';
  const seconds = options.expiresInSeconds ?? 3600;
  const accessToken = emulator.sso.issueAccessToken(SSO_START_URL, seconds);
  const dir = join(home, '.aws', 'sso', 'cache');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${createHash('sha1').update(session).digest('hex')}.json`);
  const expiresAt = new Date(emulator.now().getTime() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await writeFile(path, JSON.stringify({ startUrl: SSO_START_URL, region: SSO_REGION, accessToken, expiresAt }), { mode: 0o600 });
  return path;
}
