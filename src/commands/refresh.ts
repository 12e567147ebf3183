import { AwsprofError, UsageError } from '../errors.js';
import { readFiles } from '../files/transaction.js';
import { recordedAssumeInput } from '../profiles/recorded-assume.js';
import { readAwsFiles, requireProfile, settingText } from '../profiles/view.js';
import { ASSUME_OPTIONS, type AssumeDeps, runAssume } from './assume.js';
import { type CommandContext, createContext } from './context.js';
import type { DefinedCommand } from './spec.js';

export interface RefreshInput {
  target: string;
  /** The same overrides as `assume`; given, they replace the stored ones, and are stored for the next refresh. */
  duration?: string;
  region?: string;
  endpointUrl?: string;
  tokenCode?: string;
  export?: boolean;
  shell?: string;
}

/** Repeats the assumption recorded in a target profile by `awsprof assume`, with the same overrides. */
export async function runRefresh(input: RefreshInput, context: CommandContext, deps: AssumeDeps = {}): Promise<void> {
  const files = await readFiles(context.paths);
  const view = readAwsFiles(files.config.text, files.credentials.text);
  const target = requireProfile(view, input.target);
  const recorded = recordedAssumeInput(target, { duration: input.duration, region: input.region, endpointUrl: input.endpointUrl });
  if (!recorded) {
    throw new AwsprofError(`profile ${input.target} was not written by awsprof assume, so there is nothing to repeat`, {
      hint: `run awsprof assume PROFILE --as ${input.target}`,
    });
  }
  await runAssume(
    {
      ...recorded,
      tokenCode: input.tokenCode,
      export: input.export,
      shell: input.shell,
      // A profile `assume --process` wrote stays one: refresh renews its cached keys (#8).
      process: settingText(target.config, 'credential_process') !== undefined,
      renew: true,
    },
    context,
    deps,
  );
}

export const refresh: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'refresh',
    positionals: ['[profile]'],
    positionalHelp: { profile: 'A profile written by awsprof assume (or --all)' },
    options: {
      all: { type: 'boolean', describe: 'Refresh every profile written by awsprof assume that expires within --within' },
      within: { type: 'string', describe: 'With --all: refresh keys that expire sooner than this, e.g. 15m, 1h (default 15m)' },
      'token-code': ASSUME_OPTIONS['token-code'],
      duration: { ...ASSUME_OPTIONS.duration, describe: 'Session length: seconds, or 1h, 90m (default: the one stored by assume, else 1h)' },
      region: { ...ASSUME_OPTIONS.region, describe: "Region for the target profile (default: the target's region)" },
      'endpoint-url': { ...ASSUME_OPTIONS['endpoint-url'], describe: 'STS endpoint (default: the one stored by assume, AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, else AWS)' },
      export: ASSUME_OPTIONS.export,
      shell: ASSUME_OPTIONS.shell,
    },
  },
  describe: 'Assume the role again for a profile written by `awsprof assume` (prompts for MFA when needed)',
  examples: [
    ['$0 refresh assumed-role', 'assume the recorded role again into assumed-role'],
    ['$0 refresh --all --within 30m', 'renew every profile awsprof wrote that expires within 30 minutes, in one write'],
  ],
  execute: async (args) => {
    if (args.all === true) {
      const ignored = ['profile', 'duration', 'region', 'endpoint-url', 'export', 'shell'].filter((name) => args[name] !== undefined && args[name] !== false);
      if (ignored.length) throw new UsageError(`--all refreshes every profile as recorded; it takes no ${ignored.map((name) => (name === 'profile' ? 'profile name' : `--${name}`)).join(', ')}`);
      const { runRefreshAll } = await import('./refresh-all.js');
      return runRefreshAll({ within: args.within as string | undefined, tokenCode: args['token-code'] as string | undefined }, createContext(args));
    }
    if (args.within !== undefined) throw new UsageError('--within goes with --all');
    if (args.profile === undefined) throw new UsageError('name a profile written by awsprof assume, or pass --all');
    await runRefresh(
      {
        target: String(args.profile),
        tokenCode: args['token-code'] as string | undefined,
        duration: args.duration === undefined ? undefined : String(args.duration),
        region: args.region === undefined ? undefined : String(args.region),
        endpointUrl: args['endpoint-url'] === undefined ? undefined : String(args['endpoint-url']),
        export: args.export === true,
        shell: args.shell as string | undefined,
      },
      createContext(args),
    );
    return 0;
  },
};
