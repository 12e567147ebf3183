import { StsError } from '../errors.js';

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
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
  endpoint?: string;
}

export function translateStsError(error: unknown, context: StsErrorContext): StsError {
  const sdk = (error ?? {}) as SdkErrorLike;
  const name = sdk.name ?? '';
  const message = (sdk.message ?? String(error)).split('\n')[0]!.trim();
  const source = context.sourceProfile ? `profile ${context.sourceProfile}` : 'the source credentials';
  const networkCode = sdk.code ?? (/(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)/.exec(message)?.[1]);
  if (name === 'TimeoutError' || name === 'RequestTimeout' || networkCode) {
    return new StsError(`cannot reach STS${context.endpoint ? ` at ${context.endpoint}` : ''}: ${networkCode ?? 'request timed out'}`, {
      hint: 'check your network, proxy or --endpoint-url, then try again',
    });
  }
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
    return new StsError(`the credentials of ${source} have expired`, {
      hint: context.sourceIsManaged && context.sourceProfile ? `run awsprof refresh ${context.sourceProfile} first` : 'renew them (e.g. aws sso login) and try again',
    });
  }
  if (name === 'InvalidClientTokenId') {
    return new StsError(`STS does not recognise the access key of ${source}`, { hint: 'the key may be deleted, inactive, or for another partition' });
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
  return new StsError(`STS error${name ? ` (${name})` : ''}: ${message}`);
}
