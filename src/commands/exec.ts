import { obtainRoleCredentials, planDefaults } from '../credentials/obtain.js';
import { assertSsoLoginFor } from '../credentials/sso-login.js';
import { UsageError } from '../errors.js';
import { readFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import { type ExecKeys, type ExecSource, formatExecEnvironment, planExec } from '../profiles/exec-plan.js';
import { isWrittenByAwsprof } from '../profiles/assume-plan.js';
import { type AwsFilesView, readAwsFiles } from '../profiles/view.js';
import { runChild } from '../process/child.js';
import type { StsGateway } from '../sts/types.js';
import { type CommandContext, createContext } from './context.js';
import { profileOrPick } from './pick-profile.js';
import type { DefinedCommand } from './spec.js';
import { mfaCodeProvider } from './terminal.js';

export interface ExecInput {
  profile: string;
  /** COMMAND and its arguments, exactly as given after `--`. */
  command: readonly string[] | undefined;
  tokenCode?: string;
}

export interface ExecDeps {
  sts?: StsGateway;
}

/**
 * Runs a command with a profile's credentials in its environment and returns its exit status. Reads the AWS files,
 * never writes them: keys that had to be renewed go to the child (and to awsprof's credential cache), not the files.
 */
export async function runExec(input: ExecInput, context: CommandContext, deps: ExecDeps = {}): Promise<number> {
  const [command, ...args] = input.command ?? [];
  if (command === undefined || command === '') {
    throw new UsageError(`name the command to run after --`, { hint: `awsprof exec ${input.profile} -- COMMAND [ARGS…]` });
  }
  // The environment as awsprof found it: loading the SDK sets variables of its own, which are not the child's business.
  const parentEnv = { ...context.env };
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const source = planExec(view, input.profile, planDefaults(context));
  await assertSsoLoginFor(view, input.profile, context);
  const { keys, region } = await resolveKeys(source, input, context, deps, view);
  const outcome = await runChild(command, args, formatExecEnvironment(parentEnv, input.profile, keys, region));
  if (outcome.startError === 'not-found') context.out.stderr(shown`awsprof: ${command}: command not found`);
  if (outcome.startError === 'not-executable') context.out.stderr(shown`awsprof: ${command}: cannot run it (permission denied or not a program)`);
  return outcome.status;
}

async function resolveKeys(source: ExecSource, input: ExecInput, context: CommandContext, deps: ExecDeps, view: AwsFilesView): Promise<{ keys: ExecKeys; region?: string }> {
  switch (source.kind) {
    case 'keys':
      return source;
    case 'assume': {
      // Through the role cache (keys with more than 15 minutes left are reused) and the MFA session, as
      // credential-process does; the AWS files stay as they are.
      const credentials = await obtainRoleCredentials(source.plan, context, { tokenCode: input.tokenCode, prompt: true, sts: deps.sts, view, reuse: true });
      return { keys: credentials, region: source.plan.region };
    }
    case 'providers': {
      // SSO, credential_process and web identity profiles: the SDK's providers know how, as for `use --env`.
      const sts = deps.sts ?? (await import('../sts/sdk-gateway.js')).sdkStsGateway;
      const keys = await sts.resolveCredentials(
        { profile: input.profile, managed: isWrittenByAwsprof(view.profiles.get(input.profile)!) },
        {
          paths: context.paths,
          region: source.region ?? 'us-east-1',
          mfaCodeProvider: mfaCodeProvider(input.profile, input.tokenCode),
        },
      );
      return { keys, region: source.region };
    }
  }
}

export const exec: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'exec',
    positionals: ['[profile]'],
    positionalHelp: { profile: 'Profile whose credentials the command gets (on a terminal, a picker when left out)' },
    options: {
      'token-code': { type: 'string', describe: 'MFA code; prompted for on the terminal when needed' },
    },
    passThrough: 'command',
  },
  describe: 'Run a command with fresh credentials of a profile in its environment (nothing written): awsprof exec dev -- aws s3 ls',
  examples: [
    ['$0 exec dev -- aws s3 ls', 'run the AWS CLI as the role of profile dev'],
    ['$0 exec dev -- terraform plan', 'any tool that reads AWS_ACCESS_KEY_ID and friends'],
  ],
  execute: async (args) => {
    const command = args.command;
    const context = createContext(args);
    // No profile named: on a terminal a picker asks (#10); elsewhere a usage error, as for any missing argument.
    const profile = await profileOrPick(args.profile as string | undefined, context, { purpose: 'run the command as' });
    if (profile === undefined) throw new UsageError('name the profile to run the command as', { hint: 'awsprof exec PROFILE -- COMMAND [ARGS…]' });
    return runExec(
      {
        profile,
        command: Array.isArray(command) ? command : undefined,
        tokenCode: args['token-code'] as string | undefined,
      },
      context,
    );
  },
};
