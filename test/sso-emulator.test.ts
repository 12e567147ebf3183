// The emulator's IAM Identity Center, driven by the clients that must agree with it: botocore's `sso` client (the
// whole portal API, its paginators and error parsing) and the JS SDK's SSO client (GetRoleCredentials, as
// fromSSO uses it). Credentials from the portal must then work against the emulator's STS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/nested-clients/sso';
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
    emulator.sso.setThrottle({ ratePerSecond: 5 });
    try {
      const statuses = await Promise.all(Array.from({ length: 20 }, () => portal('/assignment/accounts', token).then((r) => r.status)));
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(14);
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
