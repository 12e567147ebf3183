// Every failure the emulator can produce, with the code, HTTP status and
// wording STS uses, so callers can match on them exactly as they would
// against AWS.

export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = 'StsError';
  }
}

export const stsErrors = {
  missingAuthentication: () =>
    new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
  incompleteSignature: (message: string) => new StsError(400, 'IncompleteSignature', message),
  invalidClientTokenId: () =>
    new StsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
  expiredToken: () =>
    new StsError(403, 'ExpiredToken', 'The security token included in the request is expired'),
  signatureDoesNotMatch: (
    message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ) => new StsError(403, 'SignatureDoesNotMatch', message),
  accessDenied: (message: string) => new StsError(403, 'AccessDenied', message),
  notAuthorized: (callerArn: string, action: string, resource: string) =>
    new StsError(
      403,
      'AccessDenied',
      `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`,
    ),
  invalidMfaCode: () =>
    new StsError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'),
  unknownMfaDevice: () =>
    new StsError(
      403,
      'AccessDenied',
      'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
    ),
  validation: (message: string) => new StsError(400, 'ValidationError', message),
  /** The "1 validation error detected" form STS uses for parameter constraints. */
  constraint: (value: string | null, field: string, constraint: string) =>
    new StsError(
      400,
      'ValidationError',
      `1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: ${constraint}`,
    ),
  packedPolicyTooLarge: (percent: number) =>
    new StsError(
      400,
      'PackedPolicyTooLarge',
      `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
    ),
  throttling: () => new StsError(400, 'Throttling', 'Rate exceeded'),
  missingAction: () => new StsError(400, 'MissingAction', 'Missing Action'),
  invalidAction: (action: string, version: string) =>
    new StsError(400, 'InvalidAction', `Could not find operation ${action} for version ${version}`),
  internal: () => new StsError(500, 'InternalFailure', 'An internal error occurred.', 'Receiver'),
};
