import type { AssumeFlags } from '../profiles/assume-plan.js';

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
