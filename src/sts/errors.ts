import { StsError } from '../errors.js';
import { AnswerTooLargeError, type CallTrace, DEFAULT_HTTP_SETTINGS, type HttpSettings } from './http.js';

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  hostname?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Turns whatever the SDK threw into one line that says what happened and what to do. Messages from STS can be
 * shown (they name principals and roles, never secrets); the SDK's own stack and request ids are dropped.
 */
export interface StsErrorContext {
  roleArn?: string;
  sourceProfile?: string;
  /** The source profile was written by awsprof assume, so `awsprof refresh` can renew it. */
  sourceIsManaged?: boolean;
  /** Where the failing request went: the --endpoint-url, or what the SDK resolved (AWS_ENDPOINT_URL_STS…). */
  endpoint?: string;
  /** What the last attempt saw on the wire: its HTTP status and the start of an error body. */
  trace?: CallTrace;
  settings?: HttpSettings;
}

const NETWORK_HINT = 'check your network and proxy, and the endpoint if you set one (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL)';
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNABORTED: 'connection aborted',
};

/** A server's error page on one line: whitespace runs become one space, at most 100 characters. */
function shortBody(body: string | undefined): string {
  const text = (body ?? '').replace(/[\t\n\r ]+/g, ' ').trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** Failures of the exchange itself, not answers from STS: size, time, DNS, connection, HTTP status, unreadable body. */
function translateTransportError(sdk: SdkErrorLike, error: unknown, context: StsErrorContext): StsError | undefined {
  const name = sdk.name ?? '';
  const message = sdk.message ?? '';
  const at = context.endpoint ? ` at ${context.endpoint}` : '';
  const from = context.endpoint ?? 'AWS';
  const settings = context.settings ?? DEFAULT_HTTP_SETTINGS;
  if (error instanceof AnswerTooLargeError) {
    return new StsError(`the STS answer from ${from} is larger than ${Math.round(error.limit / 1024)} KiB; nothing was written`, {
      hint: 'check --endpoint-url, AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL point at the real service',
    });
  }
  if (name === 'DeadlineExceeded' || name === 'AbortError') {
    return new StsError(`STS${at} did not answer within ${settings.deadlineMs / 1000} s`, { hint: NETWORK_HINT });
  }
  const code = sdk.code ?? /\b(E[A-Z_]{3,})\b/.exec(message)?.[1];
  if (name === 'TimeoutError' || name === 'RequestTimeout' || code === 'ETIMEDOUT') {
    const attempts = settings.maxAttempts > 1 ? `, ${settings.maxAttempts} attempts` : '';
    return new StsError(`STS${at} did not answer (no answer within ${settings.responseTimeoutMs / 1000} s${attempts})`, { hint: NETWORK_HINT });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = sdk.hostname ?? /(?:ENOTFOUND|EAI_AGAIN) (\S+)/.exec(message)?.[1];
    const what = code === 'ENOTFOUND' ? 'not found' : 'could not be looked up right now';
    return new StsError(`cannot reach STS${at}: host ${host ?? 'name'} ${what} (DNS ${code})`, { hint: NETWORK_HINT });
  }
  if (code && NETWORK_CODES[code]) return new StsError(`cannot reach STS${at}: ${NETWORK_CODES[code]} (${code})`, { hint: NETWORK_HINT });
  // The SDK could not read the answer as STS XML: a proxy's error page, an HTML login page, garbage.
  const unreadable = /XML parse error|Deserialization error|Unexpected end|not well-formed/i.test(message) || name === 'UnknownError' || name === 'Unknown';
  const status = context.trace?.status ?? sdk.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 300 && unreadable) {
    const body = shortBody(context.trace?.errorBody);
    return new StsError(`STS${at} answered HTTP ${status}${body ? `: ${body}` : ''}`, { hint: status >= 500 ? 'the service or a proxy in front of it failed; try again later' : NETWORK_HINT });
  }
  if (/Invalid RFC-?3339 timestamp/i.test(message)) return new StsError(`the STS answer from ${from} has an Expiration that is not a date; nothing was written`);
  if (unreadable && status !== undefined && status < 300) return new StsError(`the STS answer from ${from} is not an STS answer (HTTP ${status}, unreadable body); nothing was written`);
  return undefined;
}

export function translateStsError(error: unknown, context: StsErrorContext): StsError {
  const sdk = (error ?? {}) as SdkErrorLike;
  const name = sdk.name ?? '';
  const message = (sdk.message ?? String(error)).split('\n')[0]!.trim();
  const source = context.sourceProfile ? `profile ${context.sourceProfile}` : 'the source credentials';
  const transport = translateTransportError(sdk, error, context);
  if (transport) return transport;
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    if (/MultiFactorAuthentication failed with invalid MFA/i.test(message)) {
      return new StsError('STS rejected the MFA code', { hint: 'codes change every 30 seconds and can be used once; try the next code' });
    }
    if (/MultiFactorAuthentication failed/i.test(message)) {
      return new StsError(`STS could not validate the MFA device: ${message}`, { hint: 'check mfa_serial is the ARN of an MFA device of the source user' });
    }
    return new StsError(`access denied: ${message}`, {
      hint: context.roleArn ? `the role's trust policy must allow this principal, with MFA or ExternalId if it asks for them` : undefined,
    });
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    return rejectedCredentials(`the credentials of ${source} have expired`, {
      hint: context.sourceIsManaged && context.sourceProfile ? `run awsprof refresh ${context.sourceProfile} first` : 'renew them (e.g. aws sso login) and try again',
    });
  }
  if (name === 'InvalidClientTokenId') {
    return rejectedCredentials(`STS does not recognise the access key of ${source}`, { hint: 'the key may be deleted, inactive, or for another partition' });
  }
  if (name === 'SignatureDoesNotMatch') {
    return new StsError(`STS rejected the request signature for ${source}`, { hint: 'check the secret access key matches the access key id, and the system clock' });
  }
  if (name === 'ValidationError' && /DurationSeconds exceeds/i.test(message)) {
    const chained = /chaining/i.test(message);
    return new StsError(`the requested duration is longer than the role allows: ${message}`, {
      hint: chained ? 'roles assumed with role credentials are limited to 1h; pass --duration 1h' : 'pass a shorter --duration',
    });
  }
  if (name === 'Throttling' || name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return new StsError('STS is throttling requests (rate exceeded) even after retries', { hint: 'wait a few seconds and try again' });
  }
  // The SDK's message for a failing credential_process quotes the whole command line, which can carry secrets.
  if (/Command failed|credential_process/i.test(message)) {
    return new StsError(`the credential_process of ${source} failed`, { hint: 'run the command from the config file by hand to see why' });
  }
  if (name === 'CredentialsProviderError' || name === 'ProviderError') {
    return new StsError(`could not load credentials for ${source}: ${message}`);
  }
  if (name === 'RegionDisabledException') {
    return new StsError(`STS is not enabled in this region: ${message}`, { hint: 'activate the region for STS in IAM, or use --region' });
  }
  const status = context.trace?.status ?? sdk.$metadata?.httpStatusCode;
  const http = status !== undefined && status >= 300 ? `, HTTP ${status}${context.endpoint ? ` from ${context.endpoint}` : ''}` : '';
  return new StsError(`STS error${name ? ` (${name}${http})` : ''}: ${message}`);
}

function rejectedCredentials(message: string, details: { hint?: string }): StsError {
  const error = new StsError(message, details);
  error.credentialsRejected = true;
  return error;
}
