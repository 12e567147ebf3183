// The emulator's sign-in federation endpoint and GetFederationToken, driven by the JavaScript SDK's STS client (the
// credentials) and plain HTTP (the endpoint): the rules `awsprof console` is tested against must be the ones AWS has.
import { AssumeRoleCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOW_ALL_POLICY } from '../../src/profiles/console-plan.js';
import { ALICE, ROLE, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const client = (credentials: Keys) => new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials, maxAttempts: 1 });
const alice: Keys = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };

function keysOf(credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Keys {
  return { accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! };
}

async function stsError(promise: Promise<unknown>): Promise<STSServiceException> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(STSServiceException);
  return error as STSServiceException;
}

async function signinToken(keys: Keys, sessionDuration?: number): Promise<{ status: number; token?: string }> {
  const query = new URLSearchParams({ Action: 'getSigninToken' });
  if (sessionDuration !== undefined) query.set('SessionDuration', String(sessionDuration));
  query.set('Session', JSON.stringify({ sessionId: keys.accessKeyId, sessionKey: keys.secretAccessKey, sessionToken: keys.sessionToken ?? '' }));
  const response = await fetch(`${sts.url}/federation?${query.toString()}`);
  const text = await response.text();
  return { status: response.status, token: response.status === 200 ? (JSON.parse(text) as { SigninToken: string }).SigninToken : undefined };
}

async function login(token: string, destination = 'https://console.aws.amazon.com/console/home'): Promise<Response> {
  const query = new URLSearchParams({ Action: 'login', Issuer: 'test', Destination: destination, SigninToken: token });
  return fetch(`${sts.url}/federation?${query.toString()}`, { redirect: 'manual' });
}

const directRole = async () => keysOf((await client(alice).send(new AssumeRoleCommand({ RoleArn: ROLE.developer, RoleSessionName: 'direct' }))).Credentials);

describe('GetFederationToken', () => {
  it('long-term keys: a federated-user session named as asked, with FederatedUser', async () => {
    const answer = await client(alice).send(new GetFederationTokenCommand({ Name: 'alice-laptop', Policy: ALLOW_ALL_POLICY, DurationSeconds: 7200 }));
    expect(answer.FederatedUser).toEqual({ FederatedUserId: `${sts.alice.account}:alice-laptop`, Arn: `arn:aws:sts::${sts.alice.account}:federated-user/alice-laptop` });
    expect(answer.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    expect(answer.Credentials!.Expiration!.getTime() - sts.emulator.now().getTime()).toBeGreaterThan(7190_000);
  });

  it('refuses session credentials, a name over 32 characters, a duration over 36 h and a policy that is not JSON', async () => {
    const session = keysOf((await client(alice).send(new GetSessionTokenCommand({}))).Credentials);
    expect((await stsError(client(session).send(new GetFederationTokenCommand({ Name: 'x1' })))).name).toBe('AccessDenied');
    expect((await stsError(client(alice).send(new GetFederationTokenCommand({ Name: 'n'.repeat(33) })))).message).toContain('less than or equal to 32');
    expect((await stsError(client(alice).send(new GetFederationTokenCommand({ Name: 'x1', DurationSeconds: 129_601 })))).name).toBe('ValidationError');
    expect((await stsError(client(alice).send(new GetFederationTokenCommand({ Name: 'x1', Policy: '{' })))).name).toMatch(/^MalformedPolicyDocument/);
  });

  it('federated users may not assume roles', async () => {
    const federated = keysOf((await client(alice).send(new GetFederationTokenCommand({ Name: 'fed', Policy: ALLOW_ALL_POLICY }))).Credentials);
    expect((await stsError(client(federated).send(new AssumeRoleCommand({ RoleArn: ROLE.developer, RoleSessionName: 'x1' })))).name).toBe('AccessDenied');
  });
});

describe('/federation', () => {
  it('getSigninToken then login: 302 to the destination, signed in as the session', async () => {
    const keys = await directRole();
    const { status, token } = await signinToken(keys);
    expect(status).toBe(200);
    expect(token).toMatch(/^[\w-]{600,}$/);
    const response = await login(token!, 'https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1');
    expect(response.headers.get('x-emulator-principal')).toMatch(/:assumed-role\/Developer\/direct$/);
  });

  it('refuses long-term keys, unknown or wrong keys and expired sessions', async () => {
    expect((await signinToken(alice)).status).toBe(400);
    const keys = await directRole();
    expect((await signinToken({ ...keys, secretAccessKey: 'x' + keys.secretAccessKey.slice(1) })).status).toBe(400);
    sts.emulator.advanceClock(3601);
    try {
      expect((await signinToken(keys)).status).toBe(400);
    } finally {
      sts.emulator.advanceClock(-3601);
    }
  });

  it('SessionDuration: 900..43200 for a role assumed with long-term keys; refused for chains, GetSessionToken and federation tokens', async () => {
    const direct = await directRole();
    expect((await signinToken(direct, 43_200)).status).toBe(200);
    expect((await signinToken(direct, 899)).status).toBe(400);
    expect((await signinToken(direct, 43_201)).status).toBe(400);
    const chained = keysOf((await client(direct).send(new AssumeRoleCommand({ RoleArn: ROLE.admin, RoleSessionName: 'chained' }))).Credentials);
    expect((await signinToken(chained)).status).toBe(200);
    expect((await signinToken(chained, 3600)).status).toBe(400);
    const session = keysOf((await client(alice).send(new GetSessionTokenCommand({}))).Credentials);
    expect((await signinToken(session, 3600)).status).toBe(400);
    const federated = keysOf((await client(alice).send(new GetFederationTokenCommand({ Name: 'fed', Policy: ALLOW_ALL_POLICY }))).Credentials);
    expect((await signinToken(federated)).status).toBe(200);
    expect((await signinToken(federated, 3600)).status).toBe(400);
    expect(sts.emulator.federationRequests.at(-1)).toMatchObject({ status: 400, error: 'SessionDuration is not accepted for federated-user credentials' });
  });

  it('login refuses an unknown token, a token older than 15 minutes, and a destination off the console', async () => {
    const { token } = await signinToken(await directRole());
    expect((await login('A'.repeat(700))).status).toBe(400);
    expect((await login(token!, 'https://evil.example.com/console.aws.amazon.com')).status).toBe(400);
    expect((await login(token!, 'http://console.aws.amazon.com/')).status).toBe(400);
    sts.emulator.advanceClock(15 * 60 + 1);
    try {
      expect((await login(token!)).status).toBe(400);
    } finally {
      sts.emulator.advanceClock(-(15 * 60 + 1));
    }
  });
});
