import { AwsprofError, UsageError } from '../errors.js';
import { readFiles } from '../files/transaction.js';
import { isTerminal, shown } from '../output.js';
import { formatEnvChange } from '../shell/index.js';
import { isWrittenByAwsprof } from '../profiles/assume-plan.js';
import { formatRelative, isExpired, readExpiry } from '../profiles/expiry.js';
import { formatExportKeys, formatUnsetAll } from '../profiles/switch-env.js';
import { planSwitchToProfile, renewHint } from '../profiles/switch-to-profile.js';
import { mergedSettings, readAwsFiles, requireProfile, settingText } from '../profiles/view.js';
import { type CommandContext, createContext } from './context.js';
import { profileOrPick } from './pick-profile.js';
import type { DefinedCommand } from './spec.js';
import { mfaCodeProvider, resolveShellKind } from './terminal.js';
import { warnAboutFileProblems } from './warnings.js';

export interface UseInput {
  profile?: string;
  shell?: string;
  env?: boolean;
  unset?: boolean;
}

export async function runUse(given: UseInput, context: CommandContext): Promise<void> {
  const kind = resolveShellKind(given.shell, context.env);
  if (given.unset) {
    if (given.profile !== undefined) throw new UsageError('--unset takes no profile');
    context.out.stdout(formatEnvChange(kind, formatUnsetAll()));
    return;
  }
  // No profile named: on a terminal a picker asks (#10); elsewhere the usage error below, as before.
  const input = { ...given, profile: await profileOrPick(given.profile, context, { purpose: 'switch to' }) };
  if (input.profile === undefined) throw new UsageError('name a profile (or --unset to return to the default)');
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  warnAboutFileProblems(view.problems, context);
  if (!input.env) {
    const { change, warning } = planSwitchToProfile(view, input.profile, context.now());
    if (warning) context.out.stderr(warning);
    context.out.stdout(formatEnvChange(kind, change));
    // On a terminal the lines were read by a person, not a shell: say how to make them take effect.
    if (!context.env.AWSPROF_SHELL && isTerminal(1)) {
      context.out.stderr(shown`awsprof: to switch this shell, run: eval "$(awsprof use ${input.profile})", or set up awsprof shell-init (see awsprof shell-init --help)`);
    }
    return;
  }
  const profile = requireProfile(view, input.profile);
  const settings = mergedSettings(profile);
  const accessKeyId = settingText(profile.credentials, 'aws_access_key_id');
  const secretAccessKey = settingText(profile.credentials, 'aws_secret_access_key');
  const region = settingText(settings, 'region');
  if (accessKeyId && secretAccessKey && !('role_arn' in settings)) {
    const sessionToken = settingText(profile.credentials, 'aws_session_token');
    const expiration = readExpiry(settings);
    if (expiration && isExpired(expiration, context.now())) {
      throw new AwsprofError(`the temporary keys of ${input.profile} ${formatRelative(expiration, context.now())}`, { hint: renewHint(profile) });
    }
    context.out.stdout(formatEnvChange(kind, formatExportKeys({ accessKeyId, secretAccessKey, sessionToken, expiration }, region)));
    return;
  }
  // Role, SSO and process profiles need the SDK's providers to turn into keys.
  const { sdkStsGateway } = await import('../sts/sdk-gateway.js');
  const keys = await sdkStsGateway.resolveCredentials(
    { profile: input.profile, managed: isWrittenByAwsprof(profile) },
    {
      paths: context.paths,
      region: region ?? (context.env.AWS_REGION || context.env.AWS_DEFAULT_REGION || 'us-east-1'),
      mfaCodeProvider: mfaCodeProvider(input.profile, undefined),
    },
  );
  context.out.stdout(formatEnvChange(kind, formatExportKeys(keys, region)));
}

export const use: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'use',
    positionals: ['[profile]'],
    positionalHelp: { profile: 'Profile to switch to (omitted: a picker on a terminal; omit with --unset)' },
    options: {
      shell: { type: 'string', describe: 'Output dialect: bash, zsh, fish, powershell or json (default: detected)' },
      env: { type: 'boolean', describe: 'Export the keys themselves (with AWS_CREDENTIAL_EXPIRATION) instead of AWS_PROFILE' },
      unset: { type: 'boolean', describe: 'Clear every AWS profile, key and region variable (back to the default profile)' },
    },
  },
  describe: 'Print the shell lines that switch this shell to a profile: eval "$(awsprof use dev)"',
  examples: [['eval "$(awsprof use dev)"', 'switch bash/zsh to profile dev'], ['awsprof use dev --shell fish | source', 'the same in fish']],
  execute: async (args) => {
    await runUse(
      { profile: args.profile as string | undefined, shell: args.shell as string | undefined, env: args.env === true, unset: args.unset === true },
      createContext(args),
    );
    return 0;
  },
};
