// The emulator's IAM Identity Center, driven by the clients that must agree with it: botocore's `sso` client (the
// whole portal API, its paginators and error parsing) and the JS SDK's SSO client (GetRoleCredentials, as
// fromSSO uses it). Credentials from the portal must then work against the emulator's STS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/nested-clients/sso';
import { CreateTokenCommand, SSOOIDCClient } from '@aws-sdk/nested-clients/sso-oidc';
import { generateSsoAccounts, reservedRoleArn, startStsEmulator } from './sts-emulator/index.js';
import type { StsEmulator } from './sts-emulator/index.js';

const START_URL = 'https://example-org.awsapps.com/start';
const ACCOUNTS = [
  { accountId: '111111111111', accountName: 'Production', roles: ['AdministratorAccess', 'ReadOnly'] },
  { accountId: '222222222222', accountName: 'Staging', emailAddress: 'staging@example.com', roles: ['Developer'] },
  { accountId: '333333333333', accountName: 'Sandbox', roles: [] },
];

let emulator: StsEmulator;
beforeAll(async () => {
  emulator = await startStsEmulator();
  emulator.sso.addOrganisation(START_URL, ACCOUNTS);
});
afterAll(() => emulator.close());

async function portal(path: string, token: string | undefined): Promise<{ status: number; errorType: string | null; body: any }> {
  const response = await fetch(`${emulator.url}${path}`, { headers: token === undefined ? {} : { 'x-amz-sso_bearer_token': token } });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: await response.json() };
}

function python(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['-c', script], { env: { PATH: process.env.PATH, HOME: '/nonexistent', ...env } }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe('SSO portal API', () => {
  it('pages accounts and roles with max_result/next_token, as botocore paginates them, and its credentials work with STS', async () => {
    const token = emulator.sso.issueAccessToken(START_URL, 3600);
    const out = await python(
      `
import json, os, botocore.session
from botocore.exceptions import ClientError
s = botocore.session.get_session()
sso = s.create_client('sso', region_name='eu-west-1', endpoint_url=os.environ['URL'])
token = os.environ['TOKEN']
accounts = [a for page in sso.get_paginator('list_accounts').paginate(accessToken=token, PaginationConfig={'PageSize': 2}) for a in page['accountList']]
roles = [r for page in sso.get_paginator('list_account_roles').paginate(accessToken=token, accountId='111111111111', PaginationConfig={'PageSize': 1}) for r in page['roleList']]
creds = sso.get_role_credentials(accessToken=token, accountId='111111111111', roleName='ReadOnly')['roleCredentials']
sts = s.create_client('sts', region_name='eu-west-1', endpoint_url=os.environ['URL'], aws_access_key_id=creds['accessKeyId'],
                      aws_secret_access_key=creds['secretAccessKey'], aws_session_token=creds['sessionToken'])
errors = []
for call in (lambda: sso.list_accounts(accessToken='not-a-token'), lambda: sso.get_role_credentials(accessToken=token, accountId='222222222222', roleName='ReadOnly')):
    try:
        call()
    except ClientError as e:
        errors.append([e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']])
print(json.dumps({'accounts': accounts, 'roles': roles, 'expiration': creds['expiration'], 'arn': sts.get_caller_identity()['Arn'], 'errors': errors}))
`,
      { URL: emulator.url, TOKEN: token },
    );
    const result = JSON.parse(out);
    expect(result.accounts).toEqual([
      { accountId: '111111111111', accountName: 'Production', emailAddress: 'aws+111111111111@example.com' },
      { accountId: '222222222222', accountName: 'Staging', emailAddress: 'staging@example.com' },
      { accountId: '333333333333', accountName: 'Sandbox', emailAddress: 'aws+333333333333@example.com' },
    ]);
    expect(result.roles).toEqual([
      { roleName: 'AdministratorAccess', accountId: '111111111111' },
      { roleName: 'ReadOnly', accountId: '111111111111' },
    ]);
    // Epoch milliseconds, one hour on.
    expect(Math.abs(result.expiration - (emulator.now().getTime() + 3600_000))).toBeLessThan(60_000);
    const roleName = reservedRoleArn('111111111111', 'ReadOnly').split('/').pop();
    expect(result.arn).toBe(`arn:aws:sts::111111111111:assumed-role/${roleName}/sso-user@example.com`);
    expect(result.errors).toEqual([
      ['UnauthorizedException', 'Session token not found or invalid', 401],
      ['ForbiddenException', 'No access', 403],
    ]);
  });

  it('gives the JS SDK (as fromSSO calls it) credentials that GetCallerIdentity and chaining accept', async () => {
    const token = emulator.sso.issueAccessToken(START_URL, 3600);
    const sso = new SSOClient({ region: 'eu-west-1', endpoint: emulator.url });
    const { roleCredentials } = await sso.send(new GetRoleCredentialsCommand({ accessToken: token, accountId: '222222222222', roleName: 'Developer' }));
    expect(roleCredentials?.expiration).toBeGreaterThan(Date.now());
    const credentials = { accessKeyId: roleCredentials!.accessKeyId!, secretAccessKey: roleCredentials!.secretAccessKey!, sessionToken: roleCredentials!.sessionToken! };
    const sts = new STSClient({ region: 'eu-west-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('222222222222');
    expect(identity.Arn).toMatch(/^arn:aws:sts::222222222222:assumed-role\/AWSReservedSSO_Developer_[0-9a-f]{16}\/sso-user@example.com$/);
  });

  it('refuses an expired token with 401 UnauthorizedException', async () => {
    const token = emulator.sso.issueAccessToken(START_URL, 60);
    expect((await portal('/assignment/accounts', token)).status).toBe(200);
    emulator.advanceClock(61);
    try {
      expect(await portal('/assignment/accounts', token)).toEqual({
        status: 401,
        errorType: 'UnauthorizedException',
        body: { message: 'Session token not found or invalid' },
      });
      expect((await portal('/assignment/accounts', undefined)).status).toBe(401);
    } finally {
      emulator.advanceClock(-61);
    }
  });

  it('throttles the next N calls with 429 TooManyRequestsException, then answers again', async () => {
    const token = emulator.sso.issueAccessToken(START_URL);
    emulator.setSsoThrottle(2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await portal('/assignment/roles?account_id=111111111111', token));
    expect(statuses.map((s) => [s.status, s.errorType])).toEqual([
      [429, 'TooManyRequestsException'],
      [429, 'TooManyRequestsException'],
      [200, null],
    ]);
    expect(emulator.requests.slice(-3).map((entry) => [entry.action, entry.errorCode])).toEqual([
      ['ListAccountRoles', 'TooManyRequestsException'],
      ['ListAccountRoles', 'TooManyRequestsException'],
      ['ListAccountRoles', null],
    ]);
  });

  it('throttles to a rate', async () => {
    const token = emulator.sso.issueAccessToken(START_URL);
    emulator.sso.setThrottle({ ratePerSecond: 1 });
    try {
      const started = performance.now();
      const statuses = await Promise.all(Array.from({ length: 20 }, () => portal('/assignment/accounts', token).then((r) => r.status)));
      // A burst of one second's worth, then one a second for however long a loaded machine took to send the rest.
      const allowed = 1 + Math.ceil((performance.now() - started) / 1000);
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(allowed);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20 - allowed);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    } finally {
      emulator.sso.setThrottle(0);
    }
  });

  it('serves a generated organisation of 1,000 accounts x 3 roles, cheaply, 100 a page at most', async () => {
    const startUrl = 'https://big.awsapps.com/start';
    const started = performance.now();
    emulator.sso.addOrganisation(startUrl, generateSsoAccounts(1000));
    expect(performance.now() - started).toBeLessThan(200);
    const token = emulator.sso.issueAccessToken(startUrl);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const { body } = await portal(`/assignment/accounts?max_result=100${next ? `&next_token=${next}` : ''}`, token);
      seen.push(...body.accountList.map((a: { accountId: string }) => a.accountId));
      next = body.nextToken;
    } while (next);
    expect(seen.length).toBe(1000);
    expect(new Set(seen).size).toBe(1000);
    expect((await portal('/assignment/accounts?max_result=101', token)).errorType).toBe('InvalidRequestException');
    const roles = await portal('/assignment/roles?account_id=000000000999', token);
    expect(roles.body.roleList.map((r: { roleName: string }) => r.roleName)).toEqual(['AdministratorAccess', 'ReadOnly', 'Billing']);
  });
});

async function oidc(path: string, input: Record<string, unknown>): Promise<{ status: number; errorType: string | null; body: any }> {
  const response = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: await response.json() };
}

async function register(scopes: string[] | null = ['sso:account:access']) {
  const { body } = await oidc('/client/register', { clientName: 'test', clientType: 'public', ...(scopes ? { scopes } : {}) });
  return { clientId: body.clientId as string, clientSecret: body.clientSecret as string, expiresAt: body.clientSecretExpiresAt as number };
}

async function startDevice(client: { clientId: string; clientSecret: string }) {
  const { body } = await oidc('/device_authorization', { clientId: client.clientId, clientSecret: client.clientSecret, startUrl: START_URL });
  return body as { deviceCode: string; userCode: string; interval: number; expiresIn: number; verificationUriComplete: string };
}

const poll = (client: { clientId: string; clientSecret: string }, deviceCode: string) =>
  oidc('/token', { ...client, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode });

describe('SSO OIDC', () => {
  it("runs botocore's own device flow (SSOTokenFetcher, as `aws sso login`) to a token the portal accepts, and its refresh", async () => {
    const out = await python(
      `
# The AWS CLI v2's own copy of botocore: its SSOTokenFetcher is what \`aws sso login\` runs.
import json, os, time, urllib.request
from awscli.botocore import UNSIGNED
from awscli.botocore.config import Config
from awscli.botocore.session import get_session
from awscli.botocore.utils import SSOTokenFetcher
url = os.environ['URL']
s = get_session()
def approve(userCode, verificationUri, verificationUriComplete, **kwargs):
    urllib.request.urlopen(verificationUriComplete).read()
def client_creator(name, config=None):
    return s.create_client(name, config=config, endpoint_url=url)
waits = []
def sleep(seconds):
    waits.append(seconds)
    time.sleep(seconds)
fetcher = SSOTokenFetcher('eu-west-1', client_creator, cache={}, on_pending_authorization=approve, sleep=sleep)
token = fetcher.fetch_token(start_url=os.environ['START_URL'], session_name='team', registration_scopes=['sso:account:access'])
sso = s.create_client('sso', region_name='eu-west-1', endpoint_url=url)
accounts = sso.list_accounts(accessToken=token['accessToken'])['accountList']
oidc = s.create_client('sso-oidc', region_name='eu-west-1', endpoint_url=url, config=Config(signature_version=UNSIGNED))
refreshed = oidc.create_token(grantType='refresh_token', clientId=token['clientId'], clientSecret=token['clientSecret'], refreshToken=token['refreshToken'])
print(json.dumps({'keys': sorted(token), 'waits': waits, 'accounts': len(accounts), 'rotated': refreshed['refreshToken'] != token['refreshToken'], 'expiresIn': refreshed['expiresIn']}))
`,
      { URL: emulator.url, START_URL },
    );
    expect(JSON.parse(out)).toEqual({
      keys: ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl'],
      waits: [],
      accounts: 3,
      rotated: true,
      expiresIn: 8 * 3600,
    });
  });

  it('answers authorization_pending, then slow_down to a client polling faster than the interval, then the token', async () => {
    const client = await register();
    const device = await startDevice(client);
    expect(device).toMatchObject({ interval: 1, expiresIn: 600 });
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(emulator.sso.pendingUserCodes()).toContain(device.userCode);
    expect(await poll(client, device.deviceCode)).toEqual({
      status: 400,
      errorType: 'AuthorizationPendingException',
      body: { error: 'authorization_pending', error_description: 'Authorization is still pending' },
    });
    // One early poll is let through (botocore polls twice at once), a second in a row is slowed down.
    expect((await poll(client, device.deviceCode)).body.error).toBe('authorization_pending');
    expect((await poll(client, device.deviceCode)).body.error).toBe('slow_down');
    emulator.sso.approve(device.userCode);
    emulator.advanceClock(1);
    const token = await poll(client, device.deviceCode);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800 });
    expect((await portal('/assignment/accounts', token.body.accessToken)).status).toBe(200);
    // A device code is exchanged once.
    emulator.advanceClock(1);
    expect((await poll(client, device.deviceCode)).body.error).toBe('invalid_grant');
    // Secrets stay out of the request log.
    expect(JSON.stringify(emulator.requests)).not.toContain(device.deviceCode);
    expect(JSON.stringify(emulator.requests)).not.toContain(client.clientSecret);
  });

  it('answers slow_down on demand, access_denied, and expired_token after expiresIn', async () => {
    const client = await register();
    emulator.sso.configureOidc({ slowDownNext: 1 });
    const device = await startDevice(client);
    expect((await poll(client, device.deviceCode)).errorType).toBe('SlowDownException');
    emulator.advanceClock(1);
    expect((await poll(client, device.deviceCode)).errorType).toBe('AuthorizationPendingException');
    emulator.advanceClock(600);
    expect(await poll(client, device.deviceCode)).toMatchObject({ errorType: 'ExpiredTokenException', body: { error: 'expired_token' } });
    const denied = await startDevice(client);
    emulator.sso.deny(denied.userCode);
    expect((await poll(client, denied.deviceCode)).body.error).toBe('access_denied');
  });

  it('rotates refresh tokens, gives none to a client registered without scopes, and refuses expired registrations', async () => {
    emulator.sso.configureOidc({ autoApprove: true });
    try {
      const client = await register();
      const first = (await poll(client, (await startDevice(client)).deviceCode)).body;
      const refresh = (refreshToken: string) => oidc('/token', { ...client, grantType: 'refresh_token', refreshToken });
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect(await refresh(first.refreshToken)).toMatchObject({ status: 400, errorType: 'InvalidGrantException', body: { error: 'invalid_grant' } });

      const legacy = await register(null);
      const legacyToken = (await poll(legacy, (await startDevice(legacy)).deviceCode)).body;
      expect(legacyToken.accessToken).toBeTruthy();
      expect(legacyToken.refreshToken).toBeUndefined();

      expect(client.expiresAt * 1000 - emulator.now().getTime()).toBeGreaterThan(89 * 86400_000);
      emulator.advanceClock(91 * 86400);
      try {
        expect(await refresh(second.body.refreshToken)).toMatchObject({ status: 401, errorType: 'InvalidClientException', body: { error: 'invalid_client' } });
      } finally {
        emulator.advanceClock(-91 * 86400);
      }
    } finally {
      emulator.sso.configureOidc({ autoApprove: false });
    }
  });

  it("is parsed by the JS SDK's OIDC client (the SDK's own refresh path) into its named exceptions", async () => {
    const client = await register();
    const device = await startDevice(client);
    const sdk = new SSOOIDCClient({ region: 'eu-west-1', endpoint: emulator.url, maxAttempts: 1 });
    const error = await sdk
      .send(new CreateTokenCommand({ ...client, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }))
      .catch((e: unknown) => e as { name: string; error: string });
    expect(error).toMatchObject({ name: 'AuthorizationPendingException', error: 'authorization_pending' });
  });
});

describe('standalone emulator (npm run emulator)', () => {
  it('prints INI lines whose keys, role and SSO start URL work, and approves device codes itself with --auto-approve', async () => {
    const child = spawn('npm', ['run', '--silent', 'emulator', '--', '--port', '0', '--auto-approve'], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const scratch = mkdtempSync(join(tmpdir(), 'sso-standalone-'));
    try {
      let printed = '';
      await new Promise<void>((done, fail) => {
        child.once('exit', (code) => fail(new Error(`the emulator exited (${code}) before it was ready`)));
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          printed += chunk;
          if (/^sso_region = .*\n/m.test(printed)) done();
        });
      });
      const config = join(scratch, 'config');
      writeFileSync(config, `[default]\n${printed}`);
      const out = await python(
        `
# The AWS CLI's own config reader and SSO login code read what the emulator printed.
import json, os
from awscli.botocore.configloader import raw_config_parse
from awscli.botocore.session import get_session
from awscli.botocore.utils import SSOTokenFetcher
c = raw_config_parse(os.environ['CONFIG'])['default']
s = get_session()
kw = dict(region_name=c['sso_region'], endpoint_url=c['endpoint_url'])
sts = s.create_client('sts', aws_access_key_id=c['aws_access_key_id'], aws_secret_access_key=c['aws_secret_access_key'], **kw)
role = sts.assume_role(RoleArn=c['role_arn'], RoleSessionName='standalone')['AssumedRoleUser']['Arn']
fetcher = SSOTokenFetcher(c['sso_region'], lambda name, config=None: s.create_client(name, config=config, endpoint_url=c['endpoint_url']), cache={}, sleep=lambda s: None)
token = fetcher.fetch_token(start_url=c['sso_start_url'], session_name='standalone', registration_scopes=['sso:account:access'])
accounts = s.create_client('sso', **kw).list_accounts(accessToken=token['accessToken'])['accountList']
print(json.dumps({'keys': sorted(c), 'user': sts.get_caller_identity()['Arn'], 'role': role, 'accounts': [a['accountName'] for a in accounts]}))
`,
        { CONFIG: config },
      );
      expect(JSON.parse(out)).toEqual({
        keys: ['aws_access_key_id', 'aws_secret_access_key', 'endpoint_url', 'role_arn', 'sso_region', 'sso_start_url'],
        user: 'arn:aws:iam::111122223333:user/alice',
        role: 'arn:aws:sts::111122223333:assumed-role/Developer/standalone',
        accounts: ['Production', 'Staging', 'Sandbox'],
      });
    } finally {
      // npm, tsx and node: the whole group.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
