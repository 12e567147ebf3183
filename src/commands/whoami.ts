import { assertSsoLoginFor } from '../credentials/sso-login.js';
import { readFiles } from '../files/transaction.js';
import { shown, stringifyJsonForTerminal } from '../output.js';
import { isWrittenByAwsprof } from '../profiles/assume-plan.js';
import { mergedSettings, readAwsFiles, requireProfile, settingText } from '../profiles/view.js';
import type { StsGateway } from '../sts/types.js';
import { type CommandContext, createContext, currentProfileFromEnv } from './context.js';
import type { DefinedCommand } from './spec.js';
import { assertTokenCode, mfaCodeProvider } from './terminal.js';

export interface WhoamiInput {
  profile?: string;
  json?: boolean;
  endpointUrl?: string;
  tokenCode?: string;
}

/** GetCallerIdentity for a profile: account, ARN and user id. */
export async function runWhoami(input: WhoamiInput, context: CommandContext, deps: { sts?: StsGateway } = {}): Promise<void> {
  const profileName = input.profile ?? currentProfileFromEnv(context.env) ?? 'default';
  if (input.tokenCode !== undefined) assertTokenCode(input.tokenCode);
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const profile = requireProfile(view, profileName);
  await assertSsoLoginFor(view, profileName, context);
  const region = settingText(mergedSettings(profile), 'region') ?? (context.env.AWS_REGION || context.env.AWS_DEFAULT_REGION || 'us-east-1');
  const sts = deps.sts ?? (await import('../sts/sdk-gateway.js')).sdkStsGateway;
  const identity = await sts.getCallerIdentity({ profile: profileName, managed: isWrittenByAwsprof(profile) }, {
    paths: context.paths,
    region,
    endpoint: input.endpointUrl ?? settingText(profile.config, 'awsprof_endpoint_url'),
    mfaCodeProvider: mfaCodeProvider(profileName, input.tokenCode),
  });
  if (input.json) {
    context.out.stdout(`${stringifyJsonForTerminal({ profile: profileName, account: identity.account, arn: identity.arn, userId: identity.userId }, 2)}\n`);
    return;
  }
  context.out.stdout(shown`Profile  ${profileName}\nAccount  ${identity.account}\nARN      ${identity.arn}\nUserId   ${identity.userId}\n`);
}

export const whoami: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'whoami',
    positionals: [],
    options: {
      profile: { type: 'string', describe: 'Profile to ask about (default: AWS_PROFILE or default)' },
      json: { type: 'boolean', describe: 'Print {profile, account, arn, userId} as JSON' },
      'endpoint-url': { type: 'string', describe: 'STS endpoint (default: AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, else AWS)' },
      'token-code': { type: 'string', describe: 'MFA code for a role profile that needs one; prompted for on a terminal' },
    },
  },
  describe: 'Show the account, ARN and user id a profile acts as (STS GetCallerIdentity)',
  execute: async (args) => {
    await runWhoami(
      {
        profile: args.profile as string | undefined,
        json: args.json === true,
        endpointUrl: args['endpoint-url'] as string | undefined,
        tokenCode: args['token-code'] as string | undefined,
      },
      createContext(args),
    );
    return 0;
  },
};
