import type { AwsFilePaths } from '../files/paths.js';

/** Where the credentials that call AssumeRole come from. */
export type CredentialSourceSpec =
  /** `managed`: the profile was written by awsprof assume, so `awsprof refresh` can renew it. */
  | { kind: 'profile'; profile: string; managed?: boolean }
  /** `credential_source` in a role profile: Environment, Ec2InstanceMetadata or EcsContainer. */
  | { kind: 'credential_source'; value: string; profile: string }
  /** Keys already in hand (an MFA session from the cache); `profile` names where they came from, for messages. */
  | { kind: 'credentials'; credentials: SessionCredentials; profile: string };

/** Temporary keys with no role attached: what GetSessionToken returns. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** GetSessionToken with an MFA code: the MFA session later role assumptions reuse without a prompt. */
export interface SessionTokenRequest {
  /** The profile whose long-term keys call STS. */
  profile: string;
  durationSeconds: number;
  mfaSerial: string;
  tokenCode: string;
}

export interface StsConnection {
  paths: AwsFilePaths;
  /** Region for the STS client; STS is global but the SDK needs one. */
  region: string;
  /** --endpoint-url; without it the SDK honours AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL itself. */
  endpoint?: string;
  /** Asked for an MFA code when a profile in the source chain needs one. */
  mfaCodeProvider: (serial: string) => Promise<string>;
}

export interface AssumeRoleRequest {
  source: CredentialSourceSpec;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  mfaSerial?: string;
  tokenCode?: string;
  externalId?: string;
  policyArns: string[];
  policy?: string;
  sourceIdentity?: string;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** The seam between commands and the AWS SDK, so commands can be exercised without it. */
export interface StsGateway {
  assumeRole(request: AssumeRoleRequest, connection: StsConnection): Promise<TemporaryCredentials>;
  getCallerIdentity(profile: { profile: string; managed?: boolean }, connection: StsConnection): Promise<CallerIdentity>;
  /** The keys a profile resolves to through the SDK's providers (role, SSO, credential_process), for `use --env`. */
  resolveCredentials(profile: { profile: string; managed?: boolean }, connection: StsConnection): Promise<ResolvedCredentials>;
  /** Optional so test doubles written before it need not change; the SDK gateway has it. */
  getSessionToken?(request: SessionTokenRequest, connection: StsConnection): Promise<SessionCredentials>;
}

export interface ResolvedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
