// IAM Identity Center's OIDC service (service "SSO OIDC", rest-json, unsigned) as botocore's
// sso-oidc/2019-06-10/service-2.json and the JS SDK's client describe it: RegisterClient, StartDeviceAuthorization
// and CreateToken with the device-code and refresh-token grants. Errors carry the `x-amzn-ErrorType` header and an
// OAuth body, `{"error": "authorization_pending", "error_description": ...}` (RFC 8628 §3.5).
import { randomBytes, randomInt } from 'node:crypto';
import type { JsonAnswer } from './sso-portal.js';
import type { SsoState } from './sso-state.js';

export interface OidcSettings {
  /** The polling interval StartDeviceAuthorization announces. Default 1, as AWS. */
  intervalSeconds: number;
  /** How long a device code can be exchanged. Default 600, as AWS. */
  deviceCodeSeconds: number;
  /** Access token lifetime (the Identity Center session). Default 8 hours, as AWS's default. */
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  /** Client registrations last 90 days on AWS. */
  registrationSeconds: number;
  /** Device codes are approved as soon as they are issued, as if a person clicked "Allow" at once. */
  autoApprove: boolean;
  /** Answer the next N device-code polls with slow_down whatever their pace. */
  slowDownNext: number;
}

export const DEFAULT_OIDC_SETTINGS: Readonly<OidcSettings> = {
  intervalSeconds: 1,
  deviceCodeSeconds: 600,
  accessTokenSeconds: 8 * 3600,
  refreshTokenSeconds: 7 * 24 * 3600,
  registrationSeconds: 90 * 24 * 3600,
  autoApprove: false,
  slowDownNext: 0,
};

interface Client {
  secret: string;
  expiresAt: Date;
  scopes: string[];
}

interface DeviceAuthorization {
  clientId: string;
  startUrl: string;
  userCode: string;
  expiresAt: Date;
  intervalSeconds: number;
  lastPollAt: number | undefined;
  /** Polls in a row that came sooner than the interval after the one before. */
  earlyPolls: number;
  status: 'pending' | 'approved' | 'denied' | 'used';
}

interface RefreshGrant {
  clientId: string;
  startUrl: string;
  expiresAt: Date;
}

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

class OidcError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const oidcErrors = {
  invalidRequest: (description: string) => new OidcError(400, 'InvalidRequestException', 'invalid_request', description),
  invalidClient: (description: string) => new OidcError(401, 'InvalidClientException', 'invalid_client', description),
  invalidGrant: (description: string) => new OidcError(400, 'InvalidGrantException', 'invalid_grant', description),
  unsupportedGrant: (grant: string) =>
    new OidcError(400, 'UnsupportedGrantTypeException', 'unsupported_grant_type', `Unsupported grant type: ${grant}`),
  pending: () => new OidcError(400, 'AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending'),
  slowDown: () => new OidcError(400, 'SlowDownException', 'slow_down', 'Client is polling too quickly'),
  expired: () => new OidcError(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired'),
  denied: () => new OidcError(400, 'AccessDeniedException', 'access_denied', 'Access was denied by the user'),
};

const OIDC_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['POST /client/register', 'RegisterClient'],
  ['POST /device_authorization', 'StartDeviceAuthorization'],
  ['POST /token', 'CreateToken'],
]);

// The user code people type: no 0/O or 1/I to mix up, as AWS's.
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

function userCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const secret = (prefix: string, bytes: number): string => `${prefix}${randomBytes(bytes).toString('base64url')}`;

function stringField(input: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) {
    if (required) throw oidcErrors.invalidRequest(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') throw oidcErrors.invalidRequest(`${name} must be a non-empty string`);
  return value;
}

export class OidcState {
  settings: OidcSettings = { ...DEFAULT_OIDC_SETTINGS };
  private readonly clients = new Map<string, Client>();
  private readonly byDeviceCode = new Map<string, DeviceAuthorization>();
  private readonly byUserCode = new Map<string, DeviceAuthorization>();
  private readonly refreshGrants = new Map<string, RefreshGrant>();

  constructor(private readonly sso: SsoState) {}

  /** Approves (or denies) a pending device authorization, as the person would in the browser. */
  decide(code: string, approve: boolean): void {
    const authorization = this.byUserCode.get(code);
    if (!authorization || authorization.status !== 'pending') throw new Error(`no pending device authorization with user code ${code}`);
    authorization.status = approve ? 'approved' : 'denied';
  }

  pendingUserCodes(): string[] {
    return [...this.byUserCode.values()].filter((a) => a.status === 'pending').map((a) => a.userCode);
  }

  answer(method: string, path: string, body: Buffer, now: Date, baseUrl: string): JsonAnswer | undefined {
    const action = OIDC_ACTIONS.get(`${method} ${path}`);
    if (action === undefined) return undefined;
    try {
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        throw oidcErrors.invalidRequest('Invalid JSON body');
      }
      if (typeof input !== 'object' || input === null) throw oidcErrors.invalidRequest('Invalid JSON body');
      const result =
        action === 'RegisterClient'
          ? this.registerClient(input, now)
          : action === 'StartDeviceAuthorization'
            ? this.startDeviceAuthorization(input, now, baseUrl)
            : this.createToken(input, now);
      return { status: 200, action, body: result };
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      return { status: error.status, action, errorType: error.type, body: { error: error.error, error_description: error.description } };
    }
  }

  private registerClient(input: Record<string, unknown>, now: Date): unknown {
    stringField(input, 'clientName', true);
    const clientType = stringField(input, 'clientType', true);
    if (clientType !== 'public') throw oidcErrors.invalidRequest(`Invalid client type: ${clientType}`);
    const scopes = input.scopes === undefined ? [] : input.scopes;
    if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) throw oidcErrors.invalidRequest('scopes must be a list of strings');
    const clientId = secret('', 24);
    const expiresAt = new Date(now.getTime() + this.settings.registrationSeconds * 1000);
    const client: Client = { secret: secret('eyJraWQiOiJrZXktMTU2', 96), expiresAt, scopes: scopes as string[] };
    this.clients.set(clientId, client);
    return {
      clientId,
      clientSecret: client.secret,
      clientIdIssuedAt: Math.floor(now.getTime() / 1000),
      clientSecretExpiresAt: Math.floor(expiresAt.getTime() / 1000),
    };
  }

  private client(input: Record<string, unknown>, now: Date): { clientId: string; client: Client } {
    const clientId = stringField(input, 'clientId', true)!;
    const clientSecret = stringField(input, 'clientSecret', true)!;
    const client = this.clients.get(clientId);
    if (!client || client.secret !== clientSecret) throw oidcErrors.invalidClient('Invalid client provided');
    if (client.expiresAt.getTime() <= now.getTime()) throw oidcErrors.invalidClient('Client registration has expired');
    return { clientId, client };
  }

  private startDeviceAuthorization(input: Record<string, unknown>, now: Date, baseUrl: string): unknown {
    const { clientId } = this.client(input, now);
    const startUrl = stringField(input, 'startUrl', true)!;
    if (!this.sso.organisations.has(startUrl)) throw oidcErrors.invalidRequest(`Invalid start URL: ${startUrl}`);
    const authorization: DeviceAuthorization = {
      clientId,
      startUrl,
      userCode: userCode(),
      expiresAt: new Date(now.getTime() + this.settings.deviceCodeSeconds * 1000),
      intervalSeconds: this.settings.intervalSeconds,
      lastPollAt: undefined,
      earlyPolls: 0,
      status: this.settings.autoApprove ? 'approved' : 'pending',
    };
    const deviceCode = secret('', 64);
    this.byDeviceCode.set(deviceCode, authorization);
    this.byUserCode.set(authorization.userCode, authorization);
    const verificationUri = `${baseUrl}/device`;
    return {
      deviceCode,
      userCode: authorization.userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${authorization.userCode}`,
      expiresIn: this.settings.deviceCodeSeconds,
      interval: authorization.intervalSeconds,
    };
  }

  private createToken(input: Record<string, unknown>, now: Date): unknown {
    const { clientId, client } = this.client(input, now);
    const grantType = stringField(input, 'grantType', true)!;
    let startUrl: string;
    if (grantType === DEVICE_CODE_GRANT) {
      const deviceCode = stringField(input, 'deviceCode', true)!;
      const authorization = this.byDeviceCode.get(deviceCode);
      if (!authorization || authorization.clientId !== clientId || authorization.status === 'used') {
        throw oidcErrors.invalidGrant('Invalid device code provided');
      }
      if (authorization.expiresAt.getTime() <= now.getTime()) throw oidcErrors.expired();
      const last = authorization.lastPollAt;
      authorization.lastPollAt = now.getTime();
      const early = last !== undefined && now.getTime() - last < authorization.intervalSeconds * 1000;
      authorization.earlyPolls = early ? authorization.earlyPolls + 1 : 0;
      if (this.settings.slowDownNext > 0) {
        this.settings.slowDownNext--;
        throw oidcErrors.slowDown();
      }
      // One early poll is let through: botocore (`aws sso login`) polls once before showing the code and again at once
      // after. A second one in a row is a client ignoring the interval.
      if (authorization.earlyPolls >= 2) throw oidcErrors.slowDown();
      if (authorization.status === 'denied') throw oidcErrors.denied();
      if (authorization.status === 'pending') throw oidcErrors.pending();
      authorization.status = 'used';
      this.byUserCode.delete(authorization.userCode);
      startUrl = authorization.startUrl;
    } else if (grantType === 'refresh_token') {
      const refreshToken = stringField(input, 'refreshToken', true)!;
      const grant = this.refreshGrants.get(refreshToken);
      if (!grant || grant.clientId !== clientId || grant.expiresAt.getTime() <= now.getTime()) {
        throw oidcErrors.invalidGrant('Invalid refresh token provided');
      }
      // Refresh tokens rotate: the old one is spent.
      this.refreshGrants.delete(refreshToken);
      startUrl = grant.startUrl;
    } else {
      throw oidcErrors.unsupportedGrant(grantType);
    }
    const accessTokenSeconds = this.settings.accessTokenSeconds;
    const accessToken = this.sso.issueAccessToken(startUrl, new Date(now.getTime() + accessTokenSeconds * 1000));
    const result: Record<string, unknown> = { accessToken, tokenType: 'Bearer', expiresIn: accessTokenSeconds };
    // As on AWS, only clients registered with scopes (sso-session configurations) get refresh tokens.
    if (client.scopes.length > 0) {
      const refreshToken = secret('aorAAAAAG', 96);
      this.refreshGrants.set(refreshToken, { clientId, startUrl, expiresAt: new Date(now.getTime() + this.settings.refreshTokenSeconds * 1000) });
      result.refreshToken = refreshToken;
    }
    return result;
  }
}
