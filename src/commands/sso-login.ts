import { AwsprofError } from '../errors.js';
import { readFiles } from '../files/transaction.js';
import { readSsoToken, ssoTokenPath, writeSsoToken } from '../files/sso-cache.js';
import { readSsoSession, resolveSsoSessionName, ssoLoginRequired, type SsoSession } from '../profiles/sso-session.js';
import { formatCacheTime, reusableRegistration, type SsoTokenRecord } from '../profiles/sso-token.js';
import { readAwsFiles } from '../profiles/view.js';
import { shown } from '../output.js';
import type { ClientRegistration, OidcClient, OidcToken } from '../aws/sso-oidc.js';
import { type CommandContext, currentProfileFromEnv, displayPath } from './context.js';

export interface SsoLoginInput {
  session?: string;
  /** Open the verification page when there is a display. */
  browser: boolean;
  /** A new browser login even when the saved one can be refreshed. */
  force: boolean;
}

/** What tests replace: the OIDC client, the wait between polls, the browser. */
export interface SsoLoginDeps {
  oidc?: OidcClient;
  sleep?: (ms: number) => Promise<void>;
  openBrowser?: (url: string, env: NodeJS.ProcessEnv) => boolean;
}

/** RFC 8628 §3.5: after slow_down, poll 5 s less often (as botocore's SSOTokenFetcher does). */
const SLOW_DOWN_SECONDS = 5;

/**
 * Opens `url` with the desktop's handler when there is a desktop: macOS and Windows always, elsewhere only with
 * DISPLAY or WAYLAND_DISPLAY (an SSH session has neither, and xdg-open would start a text browser in the terminal).
 * The URL is one argument, never shell text. Returns whether a browser was started.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : env.DISPLAY || env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
  if (command === undefined) return false;
  try {
    // Loaded on first use, like node:https: the CLI is one bundle, and `awsprof use` has no browser to open.
    const child = process.getBuiltinModule('node:child_process').spawn(command, [url], { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function tokenRecord(session: SsoSession, token: OidcToken, registration: ClientRegistration, now: Date): SsoTokenRecord {
  return {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: token.accessToken,
    expiresAt: new Date(now.getTime() + token.expiresInSeconds * 1000),
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: registration.expiresAt,
    // As botocore: a refresh answer without a refresh token leaves none (the old one is spent).
    refreshToken: token.refreshToken,
  };
}

/** The OAuth device authorization flow (RFC 8628) against IAM Identity Center, to the token. */
async function deviceLogin(
  session: SsoSession,
  oidc: OidcClient,
  registration: ClientRegistration,
  input: SsoLoginInput,
  context: CommandContext,
  deps: SsoLoginDeps,
): Promise<OidcToken> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const authorization = await oidc.startDeviceAuthorization(registration, session.startUrl);
  context.out.stderr(
    shown`awsprof: to log in to SSO session ${session.name} (${session.startUrl}), open\n  ${authorization.verificationUriComplete}\nand check that it shows the code ${authorization.userCode}`,
  );
  const opened = input.browser && (deps.openBrowser ?? openBrowser)(authorization.verificationUriComplete, context.env);
  context.out.stderr(opened ? 'awsprof: opened it in your browser; waiting for approval…' : 'awsprof: waiting for approval…');
  const deadline = context.now().getTime() + authorization.expiresInSeconds * 1000;
  let interval = authorization.intervalSeconds;
  for (;;) {
    const outcome = await oidc.pollDeviceToken(registration, authorization.deviceCode);
    if (outcome.kind === 'token') return outcome.token;
    if (outcome.kind === 'denied') throw new AwsprofError(`SSO session ${session.name}: the login was denied in the browser`);
    if (outcome.kind === 'expired') throw ssoLoginRequired(session.name, 'the login code expired before it was approved');
    if (outcome.kind === 'slow-down') interval += SLOW_DOWN_SECONDS;
    if (context.now().getTime() + interval * 1000 > deadline) throw ssoLoginRequired(session.name, 'the login code expired before it was approved');
    await sleep(interval * 1000);
  }
}

/**
 * `awsprof sso login [SESSION]`: refreshes the saved login with its refresh token when it can (no browser), else runs
 * the device flow, reusing the saved client registration while it is valid; then writes the token cache entry the
 * AWS CLI and the SDKs read. Nothing is written unless a token was obtained.
 */
export async function runSsoLogin(input: SsoLoginInput, context: CommandContext, deps: SsoLoginDeps = {}): Promise<SsoTokenRecord> {
  const files = await readFiles({ config: context.paths.config });
  const view = readAwsFiles(files.config.text, '');
  const name = resolveSsoSessionName(view, input.session, input.session === undefined ? currentProfileFromEnv(context.env) : undefined);
  let session: SsoSession;
  try {
    session = readSsoSession(name, view.ssoSessions.get(name)!);
  } catch (error) {
    if (error instanceof AwsprofError) error.file ??= context.paths.config;
    throw error;
  }
  const oidc = deps.oidc ?? (await import('../aws/sso-oidc.js')).createOidcClient(context.env, session.region);
  const saved = await readSsoToken(context.env, session.name).catch(() => undefined);
  let registration = reusableRegistration(saved, session.region, context.now());

  let token: OidcToken | undefined;
  if (!input.force && registration && saved?.refreshToken && saved.startUrl === session.startUrl) {
    token = await oidc.refreshToken(registration, saved.refreshToken);
    if (!token) {
      context.out.stderr(shown`awsprof: the saved login of SSO session ${session.name} could not be refreshed; logging in again`);
      // The refusal may have been the registration's: start over with a new one.
      registration = undefined;
    }
  }
  const refreshed = token !== undefined;
  registration ??= await oidc.registerClient(`awsprof-client-${session.name}`, session.scopes);
  token ??= await deviceLogin(session, oidc, registration, input, context, deps);

  const record = tokenRecord(session, token, registration, context.now());
  await writeSsoToken(context.env, session.name, record).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof AwsprofError) throw error;
    // EACCES, ENOSPC, EROFS…: one line naming the file, not a stack.
    throw new AwsprofError(`cannot write the SSO token cache${error.code ? ` (${error.code})` : ''}`, { file: ssoTokenPath(context.env, session.name) });
  });
  const until = formatCacheTime(record.expiresAt).replace('T', ' ').replace(/:\d\dZ$/, ' UTC');
  context.out.stderr(
    shown`awsprof: ${refreshed ? 'refreshed the login of' : 'logged in to'} SSO session ${session.name} until ${until} (${displayPath(ssoTokenPath(context.env, session.name), context.env)})`,
  );
  return record;
}
