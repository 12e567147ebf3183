// `awsprof sso login` in-process against the emulator's OIDC service (#9): the device flow with the emulator's
// approval hook, slow_down, the refresh-token path, registration reuse, and refusal of bad server values. Waiting is
// replaced by moving the emulator's clock, so the polling schedule is asserted exactly and costs no time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSsoLogin, type SsoLoginDeps } from '../../src/commands/sso-login.js';
import type { CommandContext } from '../../src/commands/context.js';
import { ssoTokenPath } from '../../src/files/sso-cache.js';
import { resolveSsoSessionName } from '../../src/profiles/sso-session.js';
import { readAwsFiles } from '../../src/profiles/view.js';
import { startStsEmulator } from '../sts-emulator/index.js';
import type { StsEmulator } from '../sts-emulator/index.js';
import { SSO } from '../support/emulator.js';

let emulator: StsEmulator;
let home: string;
beforeAll(async () => {
  emulator = await startStsEmulator();
  emulator.sso.addOrganisation(SSO.startUrl, SSO.accounts.map((account) => ({ ...account, roles: [...account.roles] })));
});
afterAll(() => emulator.close());
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'sso-login-'));
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  writeFileSync(join(home, '.aws', 'config'), `[sso-session team]\nsso_start_url = ${SSO.startUrl}\nsso_region = ${SSO.region}\nsso_registration_scopes = sso:account:access\n`);
  emulator.sso.configureOidc({ autoApprove: false, slowDownNext: 0 });
  return () => rmSync(home, { recursive: true, force: true });
});

function context(env: NodeJS.ProcessEnv = {}): CommandContext & { messages: string[] } {
  const messages: string[] = [];
  return {
    env: { HOME: home, AWS_ENDPOINT_URL: emulator.url, ...env },
    paths: { config: join(home, '.aws', 'config'), credentials: join(home, '.aws', 'credentials') },
    out: { stdout: () => undefined, stderr: (text) => void messages.push(text), colors: false, stdoutColors: false },
    now: () => emulator.now(),
    messages,
  };
}

/** Each wait moves the emulator clock instead; `onWait` runs after it (e.g. a person approving the code). */
function waits(onWait: (count: number) => void = () => undefined): { sleeps: number[]; browser: string[]; deps: SsoLoginDeps } {
  const sleeps: number[] = [];
  const browser: string[] = [];
  return {
    sleeps,
    browser,
    deps: {
      sleep: async (ms) => {
        sleeps.push(ms);
        emulator.advanceClock(ms / 1000);
        onWait(sleeps.length);
      },
      openBrowser: (url) => (browser.push(url), true),
    },
  };
}

const approveAll = () => emulator.sso.pendingUserCodes().forEach((code) => emulator.sso.approve(code));
const actionsSince = (start: number) => emulator.requests.slice(start).map((entry) => (entry.action === 'CreateToken' ? `CreateToken:${entry.params.grantType}` : entry.action));

describe('awsprof sso login (#9)', () => {
  it('runs the device flow, polling at the interval until approved, and writes the token file the AWS CLI writes', async () => {
    const ctx = context();
    const { sleeps, browser, deps } = waits(approveAll);
    const start = emulator.requests.length;
    const record = await runSsoLogin({ browser: true, force: false }, ctx, deps);

    expect(actionsSince(start)).toEqual([
      'RegisterClient',
      'StartDeviceAuthorization',
      `CreateToken:urn:ietf:params:oauth:grant-type:device_code`,
      `CreateToken:urn:ietf:params:oauth:grant-type:device_code`,
    ]);
    expect(sleeps).toEqual([1000]);
    expect(browser).toHaveLength(1);
    expect(browser[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/device\?user_code=[A-Z]{4}-[A-Z]{4}$/);
    expect(ctx.messages.join('\n')).toContain(browser[0]!.split('=')[1]);

    const path = join(home, '.aws', 'sso', 'cache', 'd25187dc137f35c88bc80ec8c3ffbdb17b5eb873.json'); // sha1("team")
    expect(ssoTokenPath(ctx.env, 'team')).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.aws', 'sso')).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, '.aws', 'sso', 'cache')).mode & 0o777).toBe(0o700);
    const text = readFileSync(path, 'utf8');
    const file = JSON.parse(text);
    // Key order and spacing of Python's json.dumps, times without milliseconds, as the AWS CLI writes them.
    expect(Object.keys(file)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
    expect(text).toMatch(/^\{"startUrl": "https:\/\/awsprof-demo\.awsapps\.com\/start", "region": "eu-west-1", "accessToken": "/);
    expect(file.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(file.expiresAt) - (emulator.now().getTime() + 8 * 3600_000))).toBeLessThan(2000);
    expect(file.registrationExpiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(emulator.sso.state.organisationOf(record.accessToken, emulator.now())?.startUrl).toBe(SSO.startUrl);
  });

  it('polls 5 s less often after slow_down, as RFC 8628 and botocore do', async () => {
    emulator.sso.configureOidc({ slowDownNext: 1 });
    const { sleeps, deps } = waits((count) => count === 1 && approveAll());
    await runSsoLogin({ browser: false, force: false }, context(), deps);
    expect(sleeps).toEqual([6000]);
  });

  it('uses the refresh token instead of a new browser round, and reuses the registration when it cannot', async () => {
    await runSsoLogin({ browser: false, force: false }, context(), waits(approveAll).deps);
    const path = ssoTokenPath({ HOME: home }, 'team');
    const first = JSON.parse(readFileSync(path, 'utf8'));

    const refresh = waits();
    let start = emulator.requests.length;
    await runSsoLogin({ browser: true, force: false }, context(), refresh.deps);
    expect(actionsSince(start)).toEqual(['CreateToken:refresh_token']);
    expect(refresh.browser).toEqual([]);
    const second = JSON.parse(readFileSync(path, 'utf8'));
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.clientId).toBe(first.clientId);

    // --force: a browser round, on the saved registration.
    start = emulator.requests.length;
    await runSsoLogin({ browser: false, force: true }, context(), waits(approveAll).deps);
    expect(actionsSince(start).slice(0, 2)).toEqual(['StartDeviceAuthorization', 'CreateToken:urn:ietf:params:oauth:grant-type:device_code']);
    expect(JSON.parse(readFileSync(path, 'utf8')).clientId).toBe(first.clientId);
  });

  it('logs in again with a new registration when the refresh token is refused', async () => {
    await runSsoLogin({ browser: false, force: false }, context(), waits(approveAll).deps);
    // Refresh tokens last 7 days in the emulator, registrations 90.
    emulator.advanceClock(8 * 86400);
    const ctx = context();
    const start = emulator.requests.length;
    await runSsoLogin({ browser: false, force: false }, ctx, waits(approveAll).deps);
    expect(actionsSince(start).slice(0, 3)).toEqual(['CreateToken:refresh_token', 'RegisterClient', 'StartDeviceAuthorization']);
    expect(ctx.messages[0]).toBe('awsprof: the saved login of SSO session team could not be refreshed; logging in again');
  });

  it('says to log in again when the code expires unapproved, and writes nothing', async () => {
    emulator.sso.configureOidc({ deviceCodeSeconds: 5 });
    try {
      await expect(runSsoLogin({ browser: false, force: false }, context(), waits().deps)).rejects.toThrow(
        'SSO session team: the login code expired before it was approved; run: awsprof sso login team',
      );
    } finally {
      emulator.sso.configureOidc({ deviceCodeSeconds: 600 });
    }
    expect(() => statSync(ssoTokenPath({ HOME: home }, 'team'))).toThrow();
  });

  it('refuses a token with a line break or an oversized value from a hostile server, and writes nothing', async () => {
    for (const accessToken of ['good\ncredential_process = touch /tmp/pwned', 'x'.repeat(100_000)]) {
      const server = createServer((req, res) => {
        const body =
          req.url === '/client/register'
            ? { clientId: 'id', clientSecret: 'secret', clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 86400 }
            : req.url === '/device_authorization'
              ? { deviceCode: 'dc', userCode: 'ABCD-EFGH', verificationUri: 'https://example.com/', expiresIn: 600, interval: 1 }
              : { accessToken, expiresIn: 3600 };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const error = await runSsoLogin({ browser: false, force: false }, context({ AWS_ENDPOINT_URL_SSO_OIDC: url }), waits().deps).catch((e: Error) => e);
        expect(String(error)).toMatch(/the SSO OIDC answer from http:\/\/127\.0\.0\.1:\d+ has an unusable accessToken; nothing was written|larger than 256 KiB/);
        expect(String(error)).not.toContain('pwned');
      } finally {
        server.close();
      }
      expect(() => statSync(ssoTokenPath({ HOME: home }, 'team'))).toThrow();
    }
  });
});

describe('which sso-session a command means (#9)', () => {
  const view = readAwsFiles(
    '[sso-session a]\nsso_start_url = https://a.awsapps.com/start\n[sso-session b]\nsso_start_url = https://b.awsapps.com/start\n[profile p]\nsso_session = b\n',
    '',
  );
  it.each([
    ['named', 'a', undefined, 'a'],
    ["AWS_PROFILE's profile", undefined, 'p', 'b'],
  ])('%s', (_, named, profile, expected) => expect(resolveSsoSessionName(view, named, profile)).toBe(expected));

  it('the only one, or a usage error naming the choices', () => {
    expect(resolveSsoSessionName(readAwsFiles('[sso-session only]\n', ''), undefined, undefined)).toBe('only');
    expect(() => resolveSsoSessionName(view, undefined, undefined)).toThrow(expect.objectContaining({ exitCode: 2, hint: 'one of: a, b' }));
    expect(() => resolveSsoSessionName(view, 'c', undefined)).toThrow('no [sso-session c] in the config');
  });
});
