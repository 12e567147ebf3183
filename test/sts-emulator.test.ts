// Drives the STS emulator with the two clients awsprof has to interoperate
// with: the AWS SDK for JavaScript v3 and the real AWS CLI v2. If either
// client's signing or parsing disagreed with the emulator, these tests fail.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { signRequest, startStsEmulator, totp } from './sts-emulator/index.js';
import type { StsEmulator, UserInfo } from './sts-emulator/index.js';

// Not the `aws` on PATH, which may be an unrelated v1 client.
const AWS_CLI = '/usr/bin/aws';
const hasCli = existsSync(AWS_CLI);
const USERS = '111111111111';
const ROLES = '222222222222';
const ADMIN = `arn:aws:iam::${ROLES}:role/Admin`;
const MFA_ADMIN = `arn:aws:iam::${ROLES}:role/MfaAdmin`;
const PARTNER = `arn:aws:iam::${ROLES}:role/Partner`;
const LONG = `arn:aws:iam::${ROLES}:role/ops/Long`;
const CHAINED = `arn:aws:iam::${ROLES}:role/Chained`;
const RESTRICTED = `arn:aws:iam::${ROLES}:role/Restricted`;
const THROTTLED = `arn:aws:iam::${ROLES}:role/Throttled`;
const THROTTLED_CLI = `arn:aws:iam::${ROLES}:role/ThrottledCli`;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';
const INVALID_MFA = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const scratch = mkdtempSync(join(tmpdir(), 'sts-emulator-test-'));
const emptyConfig = join(scratch, 'config');
const emptyCredentials = join(scratch, 'credentials');
writeFileSync(emptyConfig, '');
writeFileSync(emptyCredentials, '');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sdk(emulator: StsEmulator, credentials: Creds, maxAttempts = 1): STSClient {
  return new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts });
}

/** Runs a request and returns the service error it fails with. */
async function sdkError(promise: Promise<unknown>): Promise<STSServiceException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(STSServiceException);
  return error as STSServiceException;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

// Async on purpose: a synchronous child process would block the event loop
// the in-process emulator needs to answer it.
function cli(emulator: StsEmulator, credentials: Creds, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && value !== undefined) env[key] = value;
  }
  Object.assign(env, {
    HOME: scratch,
    AWS_CONFIG_FILE: emptyConfig,
    AWS_SHARED_CREDENTIALS_FILE: emptyCredentials,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extraEnv,
  });
  if (credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = credentials.sessionToken;
  return new Promise((resolve) => {
    execFile(
      AWS_CLI,
      ['sts', ...args, '--endpoint-url', emulator.url, '--region', 'us-east-1', '--output', 'json'],
      { env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json: unknown;
        try {
          json = stdout.trim() === '' ? undefined : JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ code, stdout, stderr, json });
      },
    );
  });
}

function cliCreds(result: CliResult): Creds {
  const c = result.json.Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** The CLI's one-line error, e.g. "An error occurred (AccessDenied) when calling ...: message". */
function cliError(result: CliResult, code: string, operation: string): string {
  expect(result.code, result.stderr).toBe(254);
  const prefix = `An error occurred (${code}) when calling the ${operation} operation: `;
  const line = result.stderr.split('\n').find((l) => l.startsWith('An error occurred'));
  expect(line, result.stderr).toBeDefined();
  expect(line!.startsWith(prefix), line).toBe(true);
  return line!.slice(prefix.length);
}

interface RawResponse {
  status: number;
  body: string;
}

function send(url: string, req: { method: string; target: string; headers: ReadonlyArray<readonly [string, string]>; body: Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const r = request(
      `${url}${req.target}`,
      { method: req.method, headers: Object.fromEntries(req.headers) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

function formRequest(emulator: StsEmulator, form: string, headers: Array<[string, string]> = []) {
  return {
    method: 'POST',
    target: '/',
    headers: [
      ['Host', new URL(emulator.url).host],
      ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
      ...headers,
    ] as Array<[string, string]>,
    body: Buffer.from(form),
  };
}

describe('STS emulator', () => {
  let emulator: StsEmulator;
  let alice: UserInfo; // plain user
  let bob: UserInfo; // TOTP MFA device
  let carol: UserInfo; // MFA device with a fixed code, as a CLI demo would use
  let aliceCreds: Creds;

  beforeAll(async () => {
    emulator = await startStsEmulator();
    alice = emulator.addUser({ name: 'alice', account: USERS });
    bob = emulator.addUser({ name: 'bob', account: USERS, mfa: true });
    carol = emulator.addUser({ name: 'carol', account: USERS, mfa: { validCodes: ['123456'] } });
    aliceCreds = { accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey };
    emulator.addRole({ arn: ADMIN, trust: [alice.arn, bob.arn, carol.arn] });
    emulator.addRole({ arn: MFA_ADMIN, trust: [`arn:aws:iam::${USERS}:root`], requireMfa: true });
    emulator.addRole({ arn: PARTNER, trust: [alice.arn], externalId: 'partner-7781' });
    emulator.addRole({ arn: LONG, trust: [alice.arn], maxSessionDuration: 7200 });
    emulator.addRole({ arn: CHAINED, trust: [ADMIN] });
    emulator.addRole({ arn: RESTRICTED, trust: [bob.arn] });
    emulator.addRole({ arn: THROTTLED, trust: [alice.arn] });
    emulator.addRole({ arn: THROTTLED_CLI, trust: [alice.arn] });
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function sdkAssume(creds: Creds, input: Omit<ConstructorParameters<typeof AssumeRoleCommand>[0], 'RoleSessionName'> & { RoleSessionName?: string }) {
    const out = await sdk(emulator, creds).send(new AssumeRoleCommand({ RoleSessionName: 'test-session', ...input }));
    const c = out.Credentials!;
    return { out, creds: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
  }

  describe('with the AWS SDK for JavaScript v3', () => {
    it('answers GetCallerIdentity for an IAM user', async () => {
      const out = await sdk(emulator, aliceCreds).send(new GetCallerIdentityCommand({}));
      expect(out.Arn).toBe(`arn:aws:iam::${USERS}:user/alice`);
      expect(out.Account).toBe(USERS);
      expect(out.UserId).toBe(alice.userId);
      expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
      expect(alice.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    });

    it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
      const error = await sdkError(
        sdk(emulator, { ...aliceCreds, secretAccessKey: 'not-the-secret' }).send(new GetCallerIdentityCommand({})),
      );
      expect(error.name).toBe('SignatureDoesNotMatch');
      expect(error.message).toBe(SIGNATURE_MISMATCH);
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.$fault).toBe('client');
    });

    it('rejects an unknown access key with InvalidClientTokenId', async () => {
      const error = await sdkError(
        sdk(emulator, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})),
      );
      expect(error.name).toBe('InvalidClientTokenId');
      expect(error.message).toBe(INVALID_TOKEN);
      expect(error.$metadata.httpStatusCode).toBe(403);
    });

    it('assumes a role and the temporary credentials act as the role session', async () => {
      const before = Date.now();
      const { out, creds } = await sdkAssume(aliceCreds, { RoleArn: ADMIN, RoleSessionName: 'alice@laptop' });
      expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Admin/alice@laptop`);
      expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:alice@laptop$/);
      expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(creds.secretAccessKey).toHaveLength(40);
      const expiresIn = out.Credentials!.Expiration!.getTime() - before;
      expect(expiresIn).toBeGreaterThan(3590_000);
      expect(expiresIn).toBeLessThanOrEqual(3601_000);
      expect(out.PackedPolicySize).toBeUndefined();

      const me = await sdk(emulator, creds).send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Admin/alice@laptop`);
      expect(me.Account).toBe(ROLES);
      expect(me.UserId).toBe(out.AssumedRoleUser?.AssumedRoleId);
    });

    it('drops the role path from the assumed-role ARN', async () => {
      const { out } = await sdkAssume(aliceCreds, { RoleArn: LONG });
      expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Long/test-session`);
    });

    it('chains roles and limits chained sessions to one hour', async () => {
      const { creds: adminCreds } = await sdkAssume(aliceCreds, { RoleArn: ADMIN });
      const { out } = await sdkAssume(adminCreds, { RoleArn: CHAINED, RoleSessionName: 'hop2' });
      expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Chained/hop2`);

      const tooLong = await sdkError(sdkAssume(adminCreds, { RoleArn: CHAINED, DurationSeconds: 3601 }));
      expect(tooLong.name).toBe('ValidationError');
      expect(tooLong.message).toBe(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
      expect(tooLong.$metadata.httpStatusCode).toBe(400);

      // The trust names the Admin role, not alice herself.
      const direct = await sdkError(sdkAssume(aliceCreds, { RoleArn: CHAINED }));
      expect(direct.name).toBe('AccessDenied');
    });

    it('denies callers the trust does not name, and roles that do not exist, alike', async () => {
      const denied = await sdkError(sdkAssume(aliceCreds, { RoleArn: RESTRICTED }));
      expect(denied.name).toBe('AccessDenied');
      expect(denied.$metadata.httpStatusCode).toBe(403);
      expect(denied.message).toBe(
        `User: arn:aws:iam::${USERS}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${RESTRICTED}`,
      );
      const missing = `arn:aws:iam::${ROLES}:role/DoesNotExist`;
      const error = await sdkError(sdkAssume(aliceCreds, { RoleArn: missing }));
      expect(error.message).toBe(
        `User: arn:aws:iam::${USERS}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
      );
    });

    it('requires a valid MFA code when the role demands it', async () => {
      const bobCreds = { accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey };
      const noMfa = await sdkError(sdkAssume(bobCreds, { RoleArn: MFA_ADMIN }));
      expect(noMfa.name).toBe('AccessDenied');
      expect(noMfa.message).toContain('is not authorized to perform: sts:AssumeRole');

      const good = emulator.totp(bob.mfaSerial!);
      const wrong = good === '000000' ? '111111' : '000000';
      const badCode = await sdkError(
        sdkAssume(bobCreds, { RoleArn: MFA_ADMIN, SerialNumber: bob.mfaSerial, TokenCode: wrong }),
      );
      expect(badCode.name).toBe('AccessDenied');
      expect(badCode.message).toBe(INVALID_MFA);

      // Someone else's device does not count.
      const otherDevice = await sdkError(
        sdkAssume(bobCreds, { RoleArn: MFA_ADMIN, SerialNumber: carol.mfaSerial, TokenCode: '123456' }),
      );
      expect(otherDevice.message).toBe(
        'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
      );

      const { out } = await sdkAssume(bobCreds, { RoleArn: MFA_ADMIN, SerialNumber: bob.mfaSerial, TokenCode: good });
      expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/MfaAdmin/test-session`);
      // The helper computes real RFC 6238 codes from the device seed.
      expect(totp(bob.totpSecret!, emulator.now())).toBe(emulator.totp(bob.mfaSerial!));
    });

    it('treats GetSessionToken credentials obtained with MFA as MFA-authenticated', async () => {
      const bobCreds = { accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey };
      const session = await sdk(emulator, bobCreds).send(
        new GetSessionTokenCommand({ SerialNumber: bob.mfaSerial, TokenCode: emulator.totp(bob.mfaSerial!), DurationSeconds: 900 }),
      );
      const c = session.Credentials!;
      const sessionCreds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
      const me = await sdk(emulator, sessionCreds).send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toBe(bob.arn);
      expect(me.UserId).toBe(bob.userId);
      const { out } = await sdkAssume(sessionCreds, { RoleArn: MFA_ADMIN, DurationSeconds: 3600 });
      expect(out.AssumedRoleUser?.Arn).toContain('assumed-role/MfaAdmin/');

      const again = await sdkError(sdk(emulator, sessionCreds).send(new GetSessionTokenCommand({})));
      expect(again.name).toBe('AccessDenied');
      expect(again.message).toBe('Cannot call GetSessionToken with session credentials');
    });

    it('checks the external id', async () => {
      const missing = await sdkError(sdkAssume(aliceCreds, { RoleArn: PARTNER }));
      expect(missing.name).toBe('AccessDenied');
      const wrong = await sdkError(sdkAssume(aliceCreds, { RoleArn: PARTNER, ExternalId: 'partner-0000' }));
      expect(wrong.name).toBe('AccessDenied');
      const { out } = await sdkAssume(aliceCreds, { RoleArn: PARTNER, ExternalId: 'partner-7781' });
      expect(out.AssumedRoleUser?.Arn).toContain('assumed-role/Partner/');
    });

    it('enforces DurationSeconds limits', async () => {
      const overMax = await sdkError(sdkAssume(aliceCreds, { RoleArn: ADMIN, DurationSeconds: 7200 }));
      expect(overMax.name).toBe('ValidationError');
      expect(overMax.message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      expect(overMax.$metadata.httpStatusCode).toBe(400);

      const { out } = await sdkAssume(aliceCreds, { RoleArn: LONG, DurationSeconds: 7200 });
      const lifetime = out.Credentials!.Expiration!.getTime() - Date.now();
      expect(lifetime).toBeGreaterThan(7190_000);

      const tooShort = await sdkError(sdkAssume(aliceCreds, { RoleArn: ADMIN, DurationSeconds: 899 }));
      expect(tooShort.message).toBe(
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      );
    });

    it('validates RoleSessionName', async () => {
      const error = await sdkError(sdkAssume(aliceCreds, { RoleArn: ADMIN, RoleSessionName: 'has space' }));
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe(
        "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      );
      const short = await sdkError(sdkAssume(aliceCreds, { RoleArn: ADMIN, RoleSessionName: 'a' }));
      expect(short.message).toContain('Member must have length greater than or equal to 2');
    });

    it('rejects temporary credentials sent without, or with the wrong, session token', async () => {
      const { creds } = await sdkAssume(aliceCreds, { RoleArn: ADMIN });
      const { sessionToken, ...withoutToken } = creds;
      const missing = await sdkError(sdk(emulator, withoutToken).send(new GetCallerIdentityCommand({})));
      expect(missing.name).toBe('InvalidClientTokenId');
      expect(missing.message).toBe(INVALID_TOKEN);
      const wrong = await sdkError(
        sdk(emulator, { ...creds, sessionToken: sessionToken.slice(0, -4) + 'AAAA' }).send(new GetCallerIdentityCommand({})),
      );
      expect(wrong.name).toBe('InvalidClientTokenId');
      // A long-term key with a token attached is just as invalid.
      const stray = await sdkError(
        sdk(emulator, { ...aliceCreds, sessionToken }).send(new GetCallerIdentityCommand({})),
      );
      expect(stray.name).toBe('InvalidClientTokenId');
    });

    it('answers Throttling the configured number of times, which the SDK retries', async () => {
      emulator.setThrottle(THROTTLED, 2);
      const out = await sdk(emulator, aliceCreds, 3).send(
        new AssumeRoleCommand({ RoleArn: THROTTLED, RoleSessionName: 'retry' }),
      );
      expect(out.$metadata.attempts).toBe(3);

      emulator.setThrottle(THROTTLED, 1);
      const error = await sdkError(sdkAssume(aliceCreds, { RoleArn: THROTTLED }));
      expect(error.name).toBe('Throttling');
      expect(error.message).toBe('Rate exceeded');
      expect(error.$metadata.httpStatusCode).toBe(400);
    });

    it('records session policies, tags and source identity in the request log, without secrets', async () => {
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
      const { out, creds } = await sdkAssume(aliceCreds, {
        RoleArn: ADMIN,
        RoleSessionName: 'logged',
        Policy: policy,
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        Tags: [
          { Key: 'team', Value: 'platform' },
          { Key: 'ticket', Value: 'OPS-42' },
        ],
        SourceIdentity: 'alice',
      });
      expect(out.SourceIdentity).toBe('alice');
      expect(out.PackedPolicySize).toBeGreaterThan(0);
      await sdk(emulator, creds).send(new GetCallerIdentityCommand({}));

      const entry = emulator.requests.find((r) => r.params.RoleSessionName === 'logged')!;
      expect(entry).toMatchObject({
        action: 'AssumeRole',
        accessKeyId: alice.accessKeyId,
        callerArn: alice.arn,
        status: 200,
        errorCode: null,
        policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        tags: { team: 'platform', ticket: 'OPS-42' },
      });
      expect(entry.params.Policy).toBe(policy);
      expect(entry.params.SourceIdentity).toBe('alice');
      expect(entry.userAgent).toMatch(/aws-sdk-js/);
      const last = emulator.requests.at(-1)!;
      expect(last).toMatchObject({ action: 'GetCallerIdentity', accessKeyId: creds.accessKeyId, callerArn: out.AssumedRoleUser?.Arn });

      const mfaEntry = emulator.requests.find((r) => r.params.TokenCode !== undefined)!;
      expect(mfaEntry.params.TokenCode).toBe('<redacted>');
      const log = JSON.stringify(emulator.requests);
      for (const secret of [alice.secretAccessKey, bob.secretAccessKey, creds.secretAccessKey, creds.sessionToken]) {
        expect(log).not.toContain(secret);
      }
    });
  });

  describe('clock skew', () => {
    it('rejects signatures 15 minutes off; the SDK corrects from the Date header and retries, the CLI does not', async () => {
      // The emulator's signing clock runs 20 minutes ahead of this machine's.
      const skewed = await startStsEmulator({ signingClock: () => new Date(Date.now() + 20 * 60_000) });
      try {
        const user = skewed.addUser({ name: 'frank', account: USERS });
        const creds = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
        const out = await sdk(skewed, creds, 3).send(new GetCallerIdentityCommand({}));
        expect(out.Arn).toBe(user.arn);
        expect(out.$metadata.attempts).toBe(2);
        expect(skewed.requests.map((r) => r.errorCode)).toEqual(['SignatureDoesNotMatch', null]);

        if (!hasCli) return;
        const result = await cli(skewed, creds, ['get-caller-identity']);
        expect(cliError(result, 'SignatureDoesNotMatch', 'GetCallerIdentity')).toMatch(
          /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
        );
      } finally {
        await skewed.close();
      }
    });
  });

  describe.skipIf(!hasCli).concurrent('with the AWS CLI v2', () => {
    it('answers get-caller-identity', async ({ expect }) => {
      const result = await cli(emulator, aliceCreds, ['get-caller-identity']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.json).toEqual({ UserId: alice.userId, Account: USERS, Arn: alice.arn });
    });

    it('rejects a wrong secret with SignatureDoesNotMatch', async ({ expect }) => {
      const result = await cli(emulator, { ...aliceCreds, secretAccessKey: 'wrong' }, ['get-caller-identity']);
      expect(cliError(result, 'SignatureDoesNotMatch', 'GetCallerIdentity')).toBe(SIGNATURE_MISMATCH);
    });

    it('rejects an unknown access key with InvalidClientTokenId', async ({ expect }) => {
      const result = await cli(emulator, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }, ['get-caller-identity']);
      expect(cliError(result, 'InvalidClientTokenId', 'GetCallerIdentity')).toBe(INVALID_TOKEN);
    });

    it('assumes a role, then acts as the role session; chains a second role', async ({ expect }) => {
      const assumed = await cli(emulator, aliceCreds, ['assume-role', '--role-arn', ADMIN, '--role-session-name', 'cli-session']);
      expect(assumed.code, assumed.stderr).toBe(0);
      expect(assumed.json.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Admin/cli-session`);
      const adminCreds = cliCreds(assumed);

      const me = await cli(emulator, adminCreds, ['get-caller-identity']);
      expect(me.code, me.stderr).toBe(0);
      expect(me.json.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Admin/cli-session`);
      expect(me.json.UserId).toBe(assumed.json.AssumedRoleUser.AssumedRoleId);

      const chained = await cli(emulator, adminCreds, ['assume-role', '--role-arn', CHAINED, '--role-session-name', 'hop2']);
      expect(chained.code, chained.stderr).toBe(0);
      expect(chained.json.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Chained/hop2`);

      const tooLong = await cli(emulator, adminCreds, [
        'assume-role', '--role-arn', CHAINED, '--role-session-name', 'hop2', '--duration-seconds', '7200',
      ]);
      expect(cliError(tooLong, 'ValidationError', 'AssumeRole')).toBe(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    });

    it('reports trust denials', async ({ expect }) => {
      const result = await cli(emulator, aliceCreds, ['assume-role', '--role-arn', RESTRICTED, '--role-session-name', 's1']);
      expect(cliError(result, 'AccessDenied', 'AssumeRole')).toBe(
        `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${RESTRICTED}`,
      );
    });

    it('handles MFA: missing, invalid and valid codes', async ({ expect }) => {
      const carolCreds = { accessKeyId: carol.accessKeyId, secretAccessKey: carol.secretAccessKey };
      const base = ['assume-role', '--role-arn', MFA_ADMIN, '--role-session-name', 'carol-mfa'];
      const missing = await cli(emulator, carolCreds, base);
      expect(cliError(missing, 'AccessDenied', 'AssumeRole')).toContain('is not authorized to perform: sts:AssumeRole');
      const invalid = await cli(emulator, carolCreds, [...base, '--serial-number', carol.mfaSerial!, '--token-code', '654321']);
      expect(cliError(invalid, 'AccessDenied', 'AssumeRole')).toBe(INVALID_MFA);
      const valid = await cli(emulator, carolCreds, [...base, '--serial-number', carol.mfaSerial!, '--token-code', '123456']);
      expect(valid.code, valid.stderr).toBe(0);
      expect(valid.json.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/MfaAdmin/carol-mfa`);
    });

    it('checks the external id', async ({ expect }) => {
      const base = ['assume-role', '--role-arn', PARTNER, '--role-session-name', 'partner'];
      const missing = await cli(emulator, aliceCreds, base);
      cliError(missing, 'AccessDenied', 'AssumeRole');
      const ok = await cli(emulator, aliceCreds, [...base, '--external-id', 'partner-7781']);
      expect(ok.code, ok.stderr).toBe(0);
    });

    it('rejects DurationSeconds above the role maximum', async ({ expect }) => {
      const result = await cli(emulator, aliceCreds, [
        'assume-role', '--role-arn', ADMIN, '--role-session-name', 's1', '--duration-seconds', '43200',
      ]);
      expect(cliError(result, 'ValidationError', 'AssumeRole')).toBe(
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    });

    it('rejects temporary credentials without their session token', async ({ expect }) => {
      const assumed = await cli(emulator, aliceCreds, ['assume-role', '--role-arn', ADMIN, '--role-session-name', 'no-token']);
      const { sessionToken: _dropped, ...withoutToken } = cliCreds(assumed);
      const result = await cli(emulator, withoutToken, ['get-caller-identity']);
      expect(cliError(result, 'InvalidClientTokenId', 'GetCallerIdentity')).toBe(INVALID_TOKEN);
    });

    it('retries Throttling by itself', async ({ expect }) => {
      emulator.setThrottle(THROTTLED_CLI, 1);
      const result = await cli(emulator, aliceCreds, ['assume-role', '--role-arn', THROTTLED_CLI, '--role-session-name', 'cli-retry']);
      expect(result.code, result.stderr).toBe(0);
      const attempts = emulator.requests.filter((r) => r.params.RoleArn === THROTTLED_CLI);
      expect(attempts.map((r) => r.errorCode)).toEqual(['Throttling', null]);
    });

    it('gets a session token for a user', async ({ expect }) => {
      const result = await cli(emulator, aliceCreds, ['get-session-token', '--duration-seconds', '900']);
      expect(result.code, result.stderr).toBe(0);
      const me = await cli(emulator, cliCreds(result), ['get-caller-identity']);
      expect(me.json.Arn).toBe(alice.arn);
    });
  });

  describe('raw protocol', () => {
    it('returns the exact AWS XML shapes', async () => {
      const ok = await send(
        emulator.url,
        signRequest(formRequest(emulator, `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(ADMIN)}&RoleSessionName=raw`), aliceCreds),
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toMatch(
        /^<AssumeRoleResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n      <AssumedRoleId>AROA[A-Z2-7]{17}:raw<\/AssumedRoleId>\n      <Arn>arn:aws:sts::222222222222:assumed-role\/Admin\/raw<\/Arn>\n    <\/AssumedRoleUser>\n    <Credentials>\n      <AccessKeyId>ASIA[A-Z2-7]{16}<\/AccessKeyId>\n      <SecretAccessKey>[A-Za-z0-9+/]{40}<\/SecretAccessKey>\n      <SessionToken>[A-Za-z0-9+/=]+<\/SessionToken>\n      <Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration>\n    <\/Credentials>\n  <\/AssumeRoleResult>\n  <ResponseMetadata>\n    <RequestId>[0-9a-f-]{36}<\/RequestId>\n  <\/ResponseMetadata>\n<\/AssumeRoleResponse>\n$/,
      );

      const denied = await send(
        emulator.url,
        signRequest(formRequest(emulator, `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(RESTRICTED)}&RoleSessionName=raw`), aliceCreds),
      );
      expect(denied.status).toBe(403);
      expect(denied.body).toMatch(
        /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n  <Error>\n    <Type>Sender<\/Type>\n    <Code>AccessDenied<\/Code>\n    <Message>User: arn:aws:iam::111111111111:user\/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/Restricted<\/Message>\n  <\/Error>\n  <RequestId>[0-9a-f-]{36}<\/RequestId>\n<\/ErrorResponse>\n$/,
      );
    });

    it('accepts GET requests with the parameters in a signed query string', async () => {
      const req = signRequest(
        { method: 'GET', target: '/?Version=2011-06-15&Action=GetCallerIdentity', headers: [['Host', new URL(emulator.url).host]], body: Buffer.alloc(0) },
        { ...aliceCreds, region: 'eu-central-1' },
      );
      const res = await send(emulator.url, req);
      expect(res.status, res.body).toBe(200);
      expect(res.body).toContain(`<Arn>${alice.arn}</Arn>`);
    });

    it('rejects requests signed more than 15 minutes away from now', async () => {
      const form = 'Action=GetCallerIdentity&Version=2011-06-15';
      const old = await send(emulator.url, signRequest(formRequest(emulator, form), { ...aliceCreds, date: new Date(Date.now() - 16 * 60_000) }));
      expect(old.status).toBe(403);
      expect(old.body).toContain('<Code>SignatureDoesNotMatch</Code>');
      expect(old.body).toMatch(/<Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)<\/Message>/);
      const future = await send(emulator.url, signRequest(formRequest(emulator, form), { ...aliceCreds, date: new Date(Date.now() + 16 * 60_000) }));
      expect(future.body).toMatch(/Signature not yet current: .* \+ 15 min\.\)/);
      const fine = await send(emulator.url, signRequest(formRequest(emulator, form), { ...aliceCreds, date: new Date(Date.now() - 10 * 60_000) }));
      expect(fine.status).toBe(200);
    });

    it('notices a body changed after signing', async () => {
      const req = signRequest(formRequest(emulator, 'Action=GetCallerIdentity&Version=2011-06-15'), aliceCreds);
      const res = await send(emulator.url, { ...req, body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15&X=1') });
      expect(res.status).toBe(403);
      expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    });

    it('reports missing authentication and unknown actions', async () => {
      const unsigned = await send(emulator.url, formRequest(emulator, 'Action=GetCallerIdentity&Version=2011-06-15'));
      expect(unsigned.status).toBe(403);
      expect(unsigned.body).toContain('<Code>MissingAuthenticationToken</Code>');
      expect(unsigned.body).toContain('<Message>Request is missing Authentication Token</Message>');

      const unknown = await send(emulator.url, signRequest(formRequest(emulator, 'Action=DecodeAuthorizationMessage&Version=2011-06-15'), aliceCreds));
      expect(unknown.status).toBe(400);
      expect(unknown.body).toContain('<Code>InvalidAction</Code>');
      expect(unknown.body).toContain('Could not find operation DecodeAuthorizationMessage for version 2011-06-15');
    });
  });
});

describe('STS emulator with an injected clock', () => {
  it('expires sessions when the clock moves past their expiration, for SDK and CLI', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const emulator = await startStsEmulator({ now: () => new Date(clock) });
    try {
      const user = emulator.addUser({ name: 'dave', account: USERS });
      emulator.addRole({ arn: ADMIN, trust: [user.arn] });
      const creds = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
      const out = await sdk(emulator, creds).send(
        new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'timed', DurationSeconds: 900 }),
      );
      expect(out.Credentials!.Expiration!.toISOString()).toBe('2030-01-01T00:15:00.000Z');
      const c = out.Credentials!;
      const temp = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };

      clock += 899_000;
      expect((await sdk(emulator, temp).send(new GetCallerIdentityCommand({}))).Arn).toContain('assumed-role/Admin/timed');

      clock += 1_000;
      const error = await sdkError(sdk(emulator, temp).send(new GetCallerIdentityCommand({})));
      expect(error.name).toBe('ExpiredToken');
      expect(error.message).toBe(EXPIRED_TOKEN);
      expect(error.$metadata.httpStatusCode).toBe(403);

      if (hasCli) {
        const result = await cli(emulator, temp, ['get-caller-identity']);
        expect(cliError(result, 'ExpiredToken', 'GetCallerIdentity')).toBe(EXPIRED_TOKEN);
      }

      // Long-term keys do not expire.
      expect((await sdk(emulator, creds).send(new GetCallerIdentityCommand({}))).Arn).toBe(user.arn);
    } finally {
      await emulator.close();
    }
  });

  it('advanceClock and latency options', async () => {
    const emulator = await startStsEmulator({ latencyMs: 150 });
    try {
      const user = emulator.addUser({ name: 'erin', account: USERS });
      emulator.addRole({ arn: ADMIN, trust: [`arn:aws:iam::${USERS}:root`] });
      const creds = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
      const started = Date.now();
      const out = await sdk(emulator, creds).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'lag' }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      const c = out.Credentials!;
      emulator.setLatency(0);
      emulator.advanceClock(3600);
      const error = await sdkError(
        sdk(emulator, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }).send(
          new GetCallerIdentityCommand({}),
        ),
      );
      expect(error.name).toBe('ExpiredToken');
      expect(emulator.sessions()).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });
});

describe('TOTP', () => {
  it('matches the RFC 6238 SHA-1 test vectors (truncated to 6 digits)', () => {
    // RFC 6238 appendix B uses the ASCII seed "12345678901234567890".
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totp(seed, new Date(59_000))).toBe('287082');
    expect(totp(seed, new Date(1_111_111_109_000))).toBe('081804');
    expect(totp(seed, new Date(1_234_567_890_000))).toBe('005924');
    expect(totp(seed, new Date(2_000_000_000_000))).toBe('279037');
  });
});

describe('main.ts', () => {
  it('starts from a state file, prints its url and pid, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-emulator-main-'));
    try {
      const statePath = join(dir, 'state.json');
      writeFileSync(
        statePath,
        JSON.stringify({
          users: [
            { name: 'alice', account: USERS, accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'alice-secret' },
            { name: 'bob', account: USERS },
          ],
          roles: [{ arn: ADMIN, trust: [`arn:aws:iam::${USERS}:user/alice`] }],
        }),
      );
      // `node --import tsx` rather than `npx tsx` so the printed pid is this child's.
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/sts-emulator/main.ts', '--state', statePath], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', () => reject(new Error('emulator exited before printing its url')));
      });
      const ready = JSON.parse(line) as { url: string; pid: number; users: Array<{ name: string; accessKeyId: string; secretAccessKey: string }> };
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.pid).toBe(child.pid);
      expect(ready.users.map((u) => u.name)).toEqual(['bob']);

      const client = new STSClient({
        region: 'us-east-1',
        endpoint: ready.url,
        credentials: { accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'alice-secret' },
      });
      const out = await client.send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'main' }));
      expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ROLES}:assumed-role/Admin/main`);
      client.destroy();

      process.kill(ready.pid, 'SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
