import type { CommandContext } from '../commands/context.js';
import type { AssumePlan } from '../profiles/assume-plan.js';
import type { StsGateway, TemporaryCredentials } from '../sts/types.js';
import { assertTokenCode, mfaCodeProvider, promptForMfaCode } from '../commands/terminal.js';

export interface ObtainOptions {
  /** An MFA code given on the command line (--token-code); asked for on the terminal when missing and `prompt`. */
  tokenCode?: string;
  /** Whether a prompt on the terminal may ask for an MFA code. */
  prompt: boolean;
  /** The STS seam; the AWS SDK's gateway (loaded lazily) when not given. */
  sts?: StsGateway;
}

/**
 * Temporary credentials for a planned role: the one way every command (assume, credential-process, exec, refresh)
 * gets them, so caching and the MFA session apply to all of them alike.
 */
export async function obtainRoleCredentials(plan: AssumePlan, context: CommandContext, options: ObtainOptions): Promise<TemporaryCredentials> {
  if (options.tokenCode !== undefined) assertTokenCode(options.tokenCode);
  // --token-code answers this role's MFA, or, when it has none, the first MFA a role in the source chain asks for.
  const tokenCode = plan.mfaSerial ? (options.tokenCode ?? (await promptForMfaCode(plan.mfaSerial, plan.profile))) : undefined;
  const sts = options.sts ?? (await import('../sts/sdk-gateway.js')).sdkStsGateway;
  return sts.assumeRole(
    {
      source: plan.source,
      roleArn: plan.roleArn,
      sessionName: plan.sessionName,
      durationSeconds: plan.durationSeconds,
      mfaSerial: plan.mfaSerial,
      tokenCode,
      externalId: plan.externalId,
      policyArns: plan.policyArns,
      policy: plan.policy,
      sourceIdentity: plan.sourceIdentity,
    },
    {
      paths: context.paths,
      region: plan.region ?? 'us-east-1',
      endpoint: plan.endpointUrl,
      mfaCodeProvider: mfaCodeProvider(plan.source.profile, plan.mfaSerial ? undefined : options.tokenCode),
    },
  );
}
