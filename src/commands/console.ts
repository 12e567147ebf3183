import { userInfo } from 'node:os';
import { AwsprofError } from '../errors.js';
import { assertSsoLoginFor } from '../credentials/sso-login.js';
import { readFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import {
  ALLOW_ALL_POLICY,
  assertConsoleDestination,
  CONSOLE_HOSTS,
  type CredentialOrigin,
  type ConsoleInput,
  consoleDestination,
  federatedUserName,
  federationEndpoint,
  formatLoginUrl,
  formatSigninTokenRequest,
  planConsole,
  resolvePartition,
  sessionDurationFor,
} from '../profiles/console-plan.js';
import { formatRelative, isExpired } from '../profiles/expiry.js';
import { readAwsFiles } from '../profiles/view.js';
import type { ConsoleCredentials, ConsoleCredentialsGateway } from '../sts/types.js';
import { type CommandContext, createContext } from './context.js';
import { profileOrPick } from './pick-profile.js';
import type { DefinedCommand } from './spec.js';
import { assertTokenCode, mfaCodeProvider } from './terminal.js';

export interface ConsoleCommandInput extends ConsoleInput {
  print?: boolean;
  tokenCode?: string;
}

export interface ConsoleDeps {
  credentials?: ConsoleCredentialsGateway;
  /** Opens the URL in a browser; false when it could not. */
  open?: (url: string) => Promise<boolean>;
}

/** GetFederationToken's DurationSeconds without --duration: an hour, as aws-vault (STS itself would give 12). */
const DEFAULT_FEDERATION_SECONDS = 3600;

function localUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'awsprof';
  }
}

/**
 * Signs in to the AWS console as a profile: temporary credentials (the profile's own, a role assumed on the way,
 * SSO or credential_process through the SDK, or long-term keys exchanged by GetFederationToken), a SigninToken from
 * the federation endpoint, and the login URL, opened in the browser or printed.
 */
export async function runConsole(given: ConsoleCommandInput, context: CommandContext, deps: ConsoleDeps = {}): Promise<void> {
  // No profile named: on a terminal a picker asks (#10), AWS_PROFILE selected; elsewhere AWS_PROFILE, then default.
  const input = { ...given, profile: await profileOrPick(given.profile, context, { purpose: 'open the console for' }) };
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const plan = planConsole(view, input, { env: context.env });
  await assertSsoLoginFor(view, plan.profile, context);
  if (input.tokenCode !== undefined) assertTokenCode(input.tokenCode);
  const override = context.env.AWSPROF_SIGNIN_URL;
  // Bad settings fail before any credentials are fetched; the partition may still change with the credentials' ARN.
  federationEndpoint(plan.partition ?? 'aws', override);
  if (plan.partition) consoleDestination(plan, plan.partition);
  else if (plan.destination !== undefined) assertConsoleDestination(plan.destination, undefined);

  let credentials: ConsoleCredentials;
  let origin: CredentialOrigin;
  if (plan.source.kind === 'keys') {
    const { expiration } = plan.source;
    if (expiration && isExpired(expiration, context.now())) {
      throw new AwsprofError(`the temporary keys of profile ${plan.profile} expired ${formatRelative(expiration, context.now()).replace(/^expired /, '')}`, {
        hint: plan.managed ? `run awsprof refresh ${plan.profile} first` : 'renew them and try again',
        profile: plan.profile,
      });
    }
    credentials = plan.source;
    origin = plan.directRole ? 'direct-role' : 'other';
  } else {
    const gateway = deps.credentials ?? (await import('../sts/sdk-gateway.js')).sdkConsoleCredentialsGateway;
    credentials = await gateway.resolveConsoleCredentials(
      { profile: plan.profile, managed: plan.managed },
      { name: federatedUserName(localUserName()), policy: ALLOW_ALL_POLICY, durationSeconds: plan.durationSeconds ?? DEFAULT_FEDERATION_SECONDS },
      // STS of the profile's partition: a role ARN in aws-cn with no region set must not be sent to us-east-1.
      { paths: context.paths, region: plan.region ?? CONSOLE_HOSTS[plan.partition ?? 'aws'].defaultRegion, mfaCodeProvider: mfaCodeProvider(plan.profile, input.tokenCode) },
    );
    origin = credentials.federatedUserArn ? 'federation-token' : plan.directRole ? 'direct-role' : 'other';
  }

  const partition = resolvePartition(plan, credentials.federatedUserArn ?? plan.roleArn);
  const endpoint = federationEndpoint(partition, override);
  const destination = consoleDestination(plan, partition);
  const duration = sessionDurationFor(origin, plan.durationSeconds);
  if (duration.ignored) {
    const ends = credentials.expiration ? ` (${formatRelative(credentials.expiration, context.now())})` : '';
    context.out.stderr(
      shown`awsprof: --duration ignored: AWS sets a console session length only for a role assumed with long-term keys; this session ends with the credentials of profile ${plan.profile}${ends}`,
    );
  }
  const { fetchSigninToken } = await import('../aws/signin.js');
  const token = await fetchSigninToken(formatSigninTokenRequest(endpoint, credentials, duration.sessionDuration), context.env, {
    sessionDuration: duration.sessionDuration !== undefined,
  });
  const loginUrl = formatLoginUrl(endpoint, destination, token);

  if (input.print) {
    context.out.stdout(loginUrl);
    return;
  }
  const open = deps.open ?? (async (url: string) => (await import('./browser.js')).openInBrowser(url, context.env));
  if (await open(loginUrl)) {
    context.out.stderr(shown`Opened the AWS console for profile ${plan.profile}.`);
    return;
  }
  context.out.stderr('awsprof: no browser could be opened; the sign-in URL follows (it signs in whoever opens it within 15 minutes)');
  context.out.stdout(loginUrl);
}

export const consoleCommand: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'console',
    positionals: ['[profile]'],
    positionalHelp: { profile: 'Profile to sign in as (default: AWS_PROFILE or default)' },
    options: {
      region: { type: 'string', describe: "Region the console opens in (default: the profile's, AWS_REGION)" },
      service: { type: 'string', describe: 'Console page of a service to land on, e.g. s3, ec2, iam' },
      destination: { type: 'string', describe: "Console URL to land on (a page of the profile's partition's console)" },
      duration: { type: 'string', describe: 'Console session length: seconds, or 1h, 90m (where AWS accepts one, see docs/console.md)' },
      print: { type: 'boolean', describe: 'Print the sign-in URL on stdout instead of opening a browser (a secret for 15 minutes)' },
      'token-code': { type: 'string', describe: 'MFA code for a role profile that needs one; prompted for on a terminal' },
    },
  },
  describe: 'Open the AWS console signed in as a profile (or --print the sign-in URL)',
  examples: [
    ['$0 console dev', 'open the console as profile dev'],
    ['$0 console dev --service s3 --region eu-west-1', 'land on the S3 page in eu-west-1'],
    ['$0 console dev --print', 'print the sign-in URL instead of opening a browser'],
  ],
  execute: async (args) => {
    await runConsole(
      {
        profile: args.profile as string | undefined,
        region: args.region as string | undefined,
        service: args.service as string | undefined,
        destination: args.destination as string | undefined,
        duration: args.duration as string | undefined,
        print: args.print === true,
        tokenCode: args['token-code'] as string | undefined,
      },
      createContext(args),
    );
    return 0;
  },
};
