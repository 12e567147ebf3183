import type { AssumeFlags } from '../profiles/assume-plan.js';
import type { OptionSpec } from './spec.js';

/** The role flags (`--role-arn`, `--duration`, `--policy-arn`, …) as parsed by either parser, for assume and credential-process. */
export function roleFlagsFromArgs(args: Record<string, unknown>): AssumeFlags {
  const list = (value: unknown) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String));
  const text = (value: unknown) => (value === undefined ? undefined : String(value));
  return {
    roleArn: text(args['role-arn']),
    sessionName: text(args['session-name']),
    duration: text(args.duration),
    mfaSerial: text(args['mfa-serial']),
    externalId: text(args['external-id']),
    policyArns: list(args['policy-arn']),
    policy: text(args.policy),
    sourceIdentity: text(args['source-identity']),
    region: text(args.region),
    endpointUrl: text(args['endpoint-url']),
  };
}

/** The role flags both `assume` and `credential-process` take; `assume --process` writes them into the line it writes. */
export const CREDENTIAL_PROCESS_OPTIONS: Record<string, OptionSpec> = {
  'role-arn': { type: 'string', describe: 'Role to assume (default: role_arn of the profile)' },
  'session-name': { type: 'string', describe: 'RoleSessionName (default: role_session_name, else <user>-<YYYYMMDD>)' },
  duration: { type: 'string', describe: 'Session length: seconds, or 1h, 90m (default: duration_seconds, else 1h)' },
  'mfa-serial': { type: 'string', describe: 'MFA device ARN (default: mfa_serial of the profile)' },
  'external-id': { type: 'string', describe: 'ExternalId (default: external_id of the profile)' },
  'policy-arn': { type: 'string', describe: 'Managed session policy ARN (repeatable)', repeatable: true },
  policy: { type: 'string', describe: 'Inline session policy JSON' },
  'source-identity': { type: 'string', describe: 'SourceIdentity to set on the session' },
  'endpoint-url': { type: 'string', describe: 'STS endpoint (default: AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, else AWS)' },
};

/** The flags as the line `assume --process` writes them, in CREDENTIAL_PROCESS_OPTIONS' names. */
export function credentialProcessFlags(flags: AssumeFlags): string[] {
  const words: string[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) words.push(`--${name}`, value);
  };
  add('role-arn', flags.roleArn);
  add('session-name', flags.sessionName);
  add('duration', flags.duration);
  add('mfa-serial', flags.mfaSerial);
  add('external-id', flags.externalId);
  for (const arn of flags.policyArns ?? []) add('policy-arn', arn);
  add('policy', flags.policy);
  add('source-identity', flags.sourceIdentity);
  add('endpoint-url', flags.endpointUrl);
  return words;
}
