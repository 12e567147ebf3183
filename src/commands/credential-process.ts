import { AwsprofError } from '../errors.js';
import { formatCredentialProcessOutput } from '../credentials/cache-rules.js';
import { obtainRoleCredentials, planDefaults } from '../credentials/obtain.js';
import { assertNoCredentialProcessLoop, CHAIN_VARIABLE, enterCredentialProcess } from '../credentials/recursion.js';
import { readFiles } from '../files/transaction.js';
import { type AssumeFlags, planRole } from '../profiles/assume-plan.js';
import { readAwsFiles } from '../profiles/view.js';
import type { StsGateway } from '../sts/types.js';
import { type CommandContext, createContext } from './context.js';
import { CREDENTIAL_PROCESS_OPTIONS, roleFlagsFromArgs } from './role-flags.js';
import type { DefinedCommand } from './spec.js';

export interface CredentialProcessInput {
  profile: string;
  flags: AssumeFlags;
}

/**
 * Prints the credential_process JSON for a role profile: the cached keys while more than 15 minutes remain, read
 * without loading the AWS SDK (this runs at every SDK client's start), else a new AssumeRole through the MFA session.
 */
export async function runCredentialProcess(input: CredentialProcessInput, context: CommandContext, deps: { sts?: StsGateway } = {}): Promise<void> {
  // Children the SDK starts for a source profile's own credential_process inherit the chain, and stop a loop.
  process.env[CHAIN_VARIABLE] = enterCredentialProcess(context.env, input.profile);
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  assertNoCredentialProcessLoop(view, input.profile);
  const plan = planRole(view, { profile: input.profile, flags: input.flags }, planDefaults(context));
  const credentials = await obtainRoleCredentials(plan, context, {
    prompt: true,
    reuse: true,
    view,
    sts: deps.sts,
    hintWithoutTerminal: `run \`awsprof mfa ${input.profile}\` in a terminal first`,
  });
  context.out.stdout(formatCredentialProcessOutput(credentials));
}

/** The role flags the line `assume --process` writes may carry (what the profile itself does not say). */

export const credentialProcess: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'credential-process',
    positionals: ['<profile>'],
    positionalHelp: { profile: 'Role profile to print credentials for' },
    options: CREDENTIAL_PROCESS_OPTIONS,
  },
  describe: 'Print credential_process JSON for a role profile, from the cache while it is fresh (for SDKs and the AWS CLI)',
  examples: [['$0 assume dev --as live --process', 'write profile live so every tool calls this for dev']],
  execute: async (args) => {
    try {
      await runCredentialProcess(
        {
          profile: String(args.profile),
          flags: roleFlagsFromArgs(args),
        },
        createContext(args),
      );
    } catch (error) {
      // The SDK that runs us only tells success from failure; 2 (usage) would mean nothing more to it than 1.
      if (error instanceof AwsprofError && error.exitCode === 2) error.exitCode = 1;
      throw error;
    }
    return 0;
  },
};
