import type { CommandContext } from '../commands/context.js';
import { ssoLoginOfProfile } from '../profiles/sso-source.js';
import type { AwsFilesView } from '../profiles/view.js';

/**
 * Fails, in one line naming `awsprof sso login SESSION` (exit 1), when `profile`'s credentials come from an SSO login
 * (itself, or the source a role is chained on) that is missing or expired: before any call, where the SDK would say
 * `aws sso login` after a round trip. Legacy profiles (no sso-session) are left to the SDK.
 */
export async function assertSsoLoginFor(view: AwsFilesView, profile: string, context: CommandContext): Promise<void> {
  const login = ssoLoginOfProfile(view, profile);
  const settings = login === undefined ? undefined : view.ssoSessions.get(login);
  if (login === undefined || settings === undefined) return;
  const [{ loadSsoAccessToken }, { readSsoSession }] = await Promise.all([import('../files/sso-cache.js'), import('../profiles/sso-session.js')]);
  await loadSsoAccessToken(context.env, readSsoSession(login, settings), context.now());
}
