import { StsError } from '../errors.js';
import { describeUnwritableValue } from '../profiles/validate.js';

/**
 * A server's answer is untrusted input (#7): `--endpoint-url` and AWS_ENDPOINT_URL_STS can point anywhere, and a
 * session token with a line break in it would write a `credential_process = …` line that the AWS CLI runs. Every
 * value awsprof takes from an answer, to write or to show, passes the one value check before anything is written.
 * The message names the field and the endpoint, never the value (it may be a secret).
 */
export function assertUsableAnswer(service: string, endpoint: string | undefined, fields: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const reason = describeUnwritableValue(value) ?? (value === '' ? 'is empty' : undefined);
    if (reason) throw unusableAnswer(service, endpoint, `${/^[AEIOU]/.test(field) ? 'an' : 'a'} ${field} that ${reason}`);
  }
}

/** `the STS answer from http://… has WHAT; nothing was written`. */
export function unusableAnswer(service: string, endpoint: string | undefined, what: string): StsError {
  return new StsError(`the ${service} answer from ${endpoint ?? 'AWS'} has ${what}; nothing was written`, {
    hint: 'check --endpoint-url, AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL point at the real service',
  });
}

/** The `Credentials` of an STS answer (AssumeRole, GetSessionToken, GetFederationToken), as the SDK gives them. */
interface AnsweredCredentials {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

/**
 * The temporary credentials in an STS answer, checked: all four parts there, a real expiry, and every value (and the
 * `Arn` the answer names, if any) passing the value check, or an error naming the endpoint and what was wrong.
 */
export function credentialsFromAnswer(
  endpoint: string | undefined,
  credentials: AnsweredCredentials | undefined,
  arn?: string,
): { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date } {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration) {
    throw unusableAnswer('STS', endpoint, 'no credentials');
  }
  if (Number.isNaN(credentials.Expiration.getTime())) throw unusableAnswer('STS', endpoint, 'an Expiration that is not a date');
  assertUsableAnswer('STS', endpoint, { AccessKeyId: credentials.AccessKeyId, SecretAccessKey: credentials.SecretAccessKey, SessionToken: credentials.SessionToken, Arn: arn });
  return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken, expiration: credentials.Expiration };
}
