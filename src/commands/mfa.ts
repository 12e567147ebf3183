import { parseMfaDuration } from '../credentials/cache-rules.js';
import { obtainMfaSession, resolveMfaSessionRequest } from '../credentials/obtain.js';
import { readFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import { formatLocalTime, formatRelative } from '../profiles/expiry.js';
import { readAwsFiles } from '../profiles/view.js';
import type { StsGateway } from '../sts/types.js';
import { type CommandContext, createContext, currentProfileFromEnv } from './context.js';
import type { DefinedCommand } from './spec.js';

export interface MfaInput {
  profile?: string;
  mfaDuration?: string;
  tokenCode?: string;
  endpointUrl?: string;
}

/** Gets a new MFA session now (one code), so later assumes and credential_process calls need no prompt. */
export async function runMfa(input: MfaInput, context: CommandContext, deps: { sts?: StsGateway } = {}): Promise<void> {
  const mfaDurationSeconds = parseMfaDuration(input.mfaDuration);
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const profile = input.profile ?? currentProfileFromEnv(context.env) ?? 'default';
  const request = { ...resolveMfaSessionRequest(view, profile), endpointUrl: input.endpointUrl };
  const session = await obtainMfaSession(request, context, {
    view,
    prompt: true,
    renew: true,
    tokenCode: input.tokenCode,
    mfaDurationSeconds,
    sts: deps.sts,
    hintWithoutTerminal: 'pass --token-code 123456',
  });
  const now = context.now();
  context.out.stderr(
    shown`MFA session for ${request.sourceProfile} (${request.mfaSerial}) until ${formatLocalTime(session.expiration, now)} (${formatRelative(session.expiration, now)}); roles of up to 1h assumed from it need no code.`,
  );
}

export const mfa: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'mfa',
    positionals: ['[profile]'],
    positionalHelp: { profile: 'A profile with mfa_serial: a role profile (its source gets the session) or an IAM user profile' },
    options: {
      'mfa-duration': { type: 'string', describe: 'MFA session length: seconds, or 8h, 90m (default 12h, at most 36h)' },
      'token-code': { type: 'string', describe: 'MFA code; prompted for on the terminal when not given' },
      'endpoint-url': { type: 'string', describe: 'STS endpoint (default: AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, else AWS)' },
    },
  },
  describe: 'Get or renew the MFA session now (one code), reused by assume and credential-process until it expires',
  examples: [['$0 mfa dev --mfa-duration 8h', 'one MFA code for the next 8 hours of dev, admin, …']],
  execute: async (args) => {
    await runMfa(
      {
        profile: args.profile as string | undefined,
        mfaDuration: args['mfa-duration'] as string | undefined,
        tokenCode: args['token-code'] as string | undefined,
        endpointUrl: args['endpoint-url'] as string | undefined,
      },
      createContext(args),
    );
    return 0;
  },
};
