/**
 * IAM Identity Center's OIDC service (botocore sso-oidc/2019-06-10): RegisterClient, StartDeviceAuthorization and
 * CreateToken, unsigned JSON over HTTPS. Every value of an answer is checked before anyone uses it: it ends up in a
 * file other tools read, in a browser's address bar, or on the terminal.
 */
import { AwsprofError } from '../errors.js';
import { resolveHttpSettings, type HttpSettings } from '../sts/http.js';
import { resolveServiceEndpoint } from './endpoints.js';
import { callJson, type JsonAnswer, serverText } from './json-http.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: Date;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

export interface OidcToken {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken?: string;
}

/** The answers of a device-code poll that are not a token (RFC 8628 §3.5). */
export type PollOutcome = { kind: 'token'; token: OidcToken } | { kind: 'pending' | 'slow-down' | 'expired' | 'denied' };

export interface OidcClient {
  readonly endpoint: string;
  registerClient(clientName: string, scopes: readonly string[]): Promise<ClientRegistration>;
  startDeviceAuthorization(registration: ClientRegistration, startUrl: string): Promise<DeviceAuthorization>;
  pollDeviceToken(registration: ClientRegistration, deviceCode: string): Promise<PollOutcome>;
  /** The new token, or undefined when the refresh token (or the registration) is no longer accepted. */
  refreshToken(registration: ClientRegistration, refreshToken: string): Promise<OidcToken | undefined>;
}

const SERVICE = 'SSO OIDC';

/** Opaque credentials: printable ASCII without spaces, of a length no real one comes near. */
function credential(value: unknown, field: string, endpoint: string, maxLength = 8192): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength || !/^[\x21-\x7e]+$/.test(value)) {
    throw unusable(field, endpoint);
  }
  return value;
}

function seconds(value: unknown, field: string, endpoint: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw unusable(field, endpoint);
  return value;
}

function httpsUrl(value: unknown, field: string, endpoint: string): string {
  const text = credential(value, field, endpoint, 2048);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw unusable(field, endpoint);
  }
  // Never a file:, javascript: or custom-scheme URL: it may be handed to a browser.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw unusable(field, endpoint);
  return text;
}

function unusable(field: string, endpoint: string): AwsprofError {
  return new AwsprofError(`the ${SERVICE} answer from ${endpoint} has an unusable ${field}; nothing was written`, {
    hint: 'check AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL point at the real service',
  });
}

function failed(operation: string, endpoint: string, answer: JsonAnswer): AwsprofError {
  const body = (answer.body && typeof answer.body === 'object' ? answer.body : {}) as Record<string, unknown>;
  const detail = serverText(body.error_description ?? body.message);
  return new AwsprofError(`${SERVICE} ${operation} failed at ${endpoint}: ${answer.errorType ?? `HTTP ${answer.status}`}${detail ? `: ${detail}` : ''}`);
}

function fields(answer: JsonAnswer): Record<string, unknown> {
  return answer.body && typeof answer.body === 'object' ? (answer.body as Record<string, unknown>) : {};
}

function tokenOf(answer: JsonAnswer, endpoint: string): OidcToken {
  const body = fields(answer);
  return {
    accessToken: credential(body.accessToken, 'accessToken', endpoint),
    // Up to 90 days: Identity Center sessions last at most that long.
    expiresInSeconds: seconds(body.expiresIn, 'expiresIn', endpoint, 1, 90 * 86400),
    refreshToken: body.refreshToken === undefined || body.refreshToken === null ? undefined : credential(body.refreshToken, 'refreshToken', endpoint),
  };
}

export function createOidcClient(env: NodeJS.ProcessEnv, region: string, settings: HttpSettings = resolveHttpSettings(env)): OidcClient {
  const { url: baseUrl } = resolveServiceEndpoint(env, 'SSO_OIDC', region);
  const endpoint = baseUrl;
  const post = (path: string, body: Record<string, unknown>) => callJson({ service: SERVICE, method: 'POST', baseUrl, path, body }, settings);

  return {
    endpoint,
    async registerClient(clientName, scopes) {
      const answer = await post('/client/register', { clientName, clientType: 'public', ...(scopes.length ? { scopes } : {}) });
      if (answer.status !== 200) throw failed('RegisterClient', endpoint, answer);
      const body = fields(answer);
      const expiresAt = seconds(body.clientSecretExpiresAt, 'clientSecretExpiresAt', endpoint, 0, 2 ** 40);
      return {
        clientId: credential(body.clientId, 'clientId', endpoint),
        clientSecret: credential(body.clientSecret, 'clientSecret', endpoint),
        expiresAt: new Date(expiresAt * 1000),
      };
    },
    async startDeviceAuthorization(registration, startUrl) {
      const answer = await post('/device_authorization', { clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl });
      if (answer.status !== 200) throw failed('StartDeviceAuthorization', endpoint, answer);
      const body = fields(answer);
      const userCode = credential(body.userCode, 'userCode', endpoint, 64);
      const verificationUri = httpsUrl(body.verificationUri, 'verificationUri', endpoint);
      return {
        deviceCode: credential(body.deviceCode, 'deviceCode', endpoint),
        userCode,
        verificationUri,
        verificationUriComplete: body.verificationUriComplete === undefined ? verificationUri : httpsUrl(body.verificationUriComplete, 'verificationUriComplete', endpoint),
        expiresInSeconds: seconds(body.expiresIn, 'expiresIn', endpoint, 1, 3600),
        // RFC 8628: 5 s when the server names none; more than a minute between polls is no login anyone waits for.
        intervalSeconds: body.interval === undefined ? 5 : seconds(body.interval, 'interval', endpoint, 0, 60),
      };
    },
    async pollDeviceToken(registration, deviceCode) {
      const answer = await post('/token', { clientId: registration.clientId, clientSecret: registration.clientSecret, grantType: DEVICE_CODE_GRANT, deviceCode });
      if (answer.status === 200) return { kind: 'token', token: tokenOf(answer, endpoint) };
      const error = fields(answer).error;
      if (error === 'authorization_pending' || answer.errorType === 'AuthorizationPendingException') return { kind: 'pending' };
      if (error === 'slow_down' || answer.errorType === 'SlowDownException') return { kind: 'slow-down' };
      if (error === 'expired_token' || answer.errorType === 'ExpiredTokenException') return { kind: 'expired' };
      if (error === 'access_denied' || answer.errorType === 'AccessDeniedException') return { kind: 'denied' };
      throw failed('CreateToken', endpoint, answer);
    },
    async refreshToken(registration, refreshToken) {
      const answer = await post('/token', { clientId: registration.clientId, clientSecret: registration.clientSecret, grantType: 'refresh_token', refreshToken });
      if (answer.status === 200) return tokenOf(answer, endpoint);
      // A spent, revoked or expired refresh token, or a registration the service dropped: a new login will do.
      if (answer.status === 400 || answer.status === 401) return undefined;
      throw failed('CreateToken', endpoint, answer);
    },
  };
}
