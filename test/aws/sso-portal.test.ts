// The portal client (#9) against the emulator's portal (pagination, 401, throttling) and a hand-made hostile server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPortalRoles } from '../../src/aws/sso-portal.js';
import { generateSsoAccounts, startStsEmulator, type StsEmulator } from '../sts-emulator/index.js';

const START_URL = 'https://portal-test.awsapps.com/start';
let emulator: StsEmulator;
beforeAll(async () => {
  emulator = await startStsEmulator();
  emulator.sso.addOrganisation(START_URL, generateSsoAccounts(250, ['Admin', 'ReadOnly']));
});
afterAll(() => emulator.close());

const options = (accessToken: string, extra: Record<string, unknown> = {}) => ({ region: 'eu-west-1', accessToken, env: { AWS_ENDPOINT_URL_SSO: emulator.url }, session: 'corp', backoffBaseMs: 5, ...extra });

describe('listPortalRoles (#9)', () => {
  it('pages through every account and role', async () => {
    const before = emulator.requests.length;
    const roles = await listPortalRoles(options(emulator.sso.issueAccessToken(START_URL, 600)));
    expect(roles).toHaveLength(500);
    expect(new Set(roles.map((role) => `${role.accountId}/${role.roleName}`)).size).toBe(500);
    expect(roles.find((role) => role.accountId === '000000000250')).toMatchObject({ accountName: 'account-0250' });
    const calls = emulator.requests.slice(before);
    expect(calls.filter((entry) => entry.action === 'ListAccounts')).toHaveLength(3);
    expect(calls.filter((entry) => entry.action === 'ListAccountRoles')).toHaveLength(250);
  });

  it('retries throttling, and gives up with one line after the last attempt', async () => {
    const token = emulator.sso.issueAccessToken(START_URL, 600);
    emulator.sso.setThrottle(4);
    await expect(listPortalRoles(options(token))).resolves.toHaveLength(500);
    emulator.sso.setThrottle(50);
    try {
      await expect(listPortalRoles(options(token, { maxAttempts: 3 }))).rejects.toThrow(/still failed after 3 attempts \(HTTP 429 TooManyRequestsException\); nothing was written/);
    } finally {
      emulator.sso.setThrottle(0);
    }
  });

  it('an unknown or expired token: the login to renew', async () => {
    await expect(listPortalRoles(options('not-a-token'))).rejects.toMatchObject({ message: 'SSO session corp: the portal no longer accepts the login; run: awsprof sso login corp' });
  });
});

describe('listPortalRoles against a hostile portal (#9)', () => {
  let server: Server;
  let answer: (url: string) => { status: number; body: string; hang?: boolean };
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const next = answer(req.url ?? '');
      if (next.hang) return;
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const hostile = (extra: Record<string, unknown> = {}) => ({ region: 'eu-west-1', accessToken: 't', env: { AWS_ENDPOINT_URL_SSO: url, AWSPROF_HTTP_TIMEOUT_MS: '300' }, session: 'corp', backoffBaseMs: 1, maxAttempts: 2, ...extra });

  it('refuses a body that is not JSON, and an answer over the size cap', async () => {
    answer = () => ({ status: 200, body: '<html>proxy login</html>' });
    await expect(listPortalRoles(hostile())).rejects.toThrow(/has a body that is not JSON; nothing was written/);
    answer = () => ({ status: 200, body: JSON.stringify({ accountList: [{ accountId: '1'.repeat(12), accountName: 'x'.repeat(300_000) }] }) });
    await expect(listPortalRoles(hostile())).rejects.toThrow(/larger than 256 KiB/);
  });

  it('gives up on a portal that never answers, within its timeouts', async () => {
    answer = () => ({ status: 200, body: '', hang: true });
    const started = Date.now();
    await expect(listPortalRoles(hostile())).rejects.toThrow(/still failed after 2 attempts \(no answer within 300 ms\)/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('runs at most 8 calls at once', async () => {
    const accounts = Array.from({ length: 40 }, (_, i) => ({ accountId: String(i).padStart(12, '0'), accountName: `a${i}` }));
    let inFlight = 0;
    let most = 0;
    const slow = server.listeners('request')[0] as (req: unknown, res: unknown) => void;
    server.removeAllListeners('request');
    server.on('request', (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        const body = req.url!.startsWith('/assignment/accounts') ? { accountList: accounts } : { roleList: [{ roleName: 'R' }] };
        res.end(JSON.stringify(body));
      }, 20);
    });
    try {
      await expect(listPortalRoles(hostile())).resolves.toHaveLength(40);
    } finally {
      server.removeAllListeners('request');
      server.on('request', slow);
    }
    expect(most).toBe(8);
  });

  it('fails the whole listing when one account fails: a sync never works from a partial list', async () => {
    answer = (path) =>
      path.startsWith('/assignment/accounts')
        ? { status: 200, body: JSON.stringify({ accountList: [{ accountId: '111111111111', accountName: 'a' }, { accountId: '222222222222', accountName: 'b' }] }) }
        : path.includes('222222222222')
          ? { status: 403, body: JSON.stringify({ message: 'No access\u001b[2J' }) }
          : { status: 200, body: JSON.stringify({ roleList: [{ roleName: 'Admin', accountId: '111111111111' }] }) };
    await expect(listPortalRoles(hostile())).rejects.toThrow(/refused ListAccountRoles: HTTP 403: No access/);
  });
});
