import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UsageError, withFileSync } from '../errors.js';
import { assertReplaceable, readFiles, updateFiles } from '../files/transaction.js';
import { shown } from '../output.js';
import { removeKeysInText, setValueInText } from '../ini/edit.js';
import { formatEnvChange } from '../shell/index.js';
import { describeUnwritableValue } from '../ini/value.js';
import { AWSPROF_KEYS, type AssumeFlags, type AssumePlan, planAssume } from '../profiles/assume-plan.js';
import { AWSPROF_EXPIRY_KEY, EXPIRY_KEYS, formatLocalTime, formatRelative, formatRfc3339 } from '../profiles/expiry.js';
import { formatConfigSectionHeader, formatCredentialsSectionHeader } from '../profiles/names.js';
import { planSwitchToProfile } from '../profiles/switch-to-profile.js';
import type { ProfileSummary } from '../profiles/summary.js';
import { readAwsFiles } from '../profiles/view.js';
import { parseMfaDuration } from '../credentials/cache-rules.js';
import { obtainRoleCredentials, planDefaults } from '../credentials/obtain.js';
import { assertSsoLoginFor } from '../credentials/sso-login.js';
import { formatCredentialProcessLine } from '../credentials/process-line.js';
import type { StsGateway, TemporaryCredentials } from '../sts/types.js';
import { type CommandContext, createContext } from './context.js';
import { profileOrPick } from './pick-profile.js';
import { credentialProcessFlags, roleFlagsFromArgs } from './role-flags.js';
import type { DefinedCommand } from './spec.js';
import { resolveShellKind } from './terminal.js';
import { fileOptions } from './warnings.js';

export interface AssumeCommandInput {
  profile?: string;
  target?: string;
  flags: AssumeFlags;
  tokenCode?: string;
  force?: boolean;
  export?: boolean;
  shell?: string;
  /** Write a credential_process line that runs `awsprof credential-process` instead of keys. */
  process?: boolean;
  /** With `process`: assume anew even when the cache holds fresh keys (refresh). */
  renew?: boolean;
  mfaDuration?: string;
}

export interface AssumeDeps {
  sts?: StsGateway;
  /** The program and script a credential_process line runs (default: this node and this cli.js). */
  launcher?: readonly string[];
}

async function loadPolicy(policy: string | undefined): Promise<string | undefined> {
  if (policy === undefined || !policy.startsWith('file://')) return policy;
  const path = policy.slice('file://'.length);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--policy: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * The credentials edit: the three keys and their expiry in [target]; a stale legacy token goes, and so do the expiry
 * keys other tools write (saml2aws and okta-aws-cli share ours; scripts and SDK wrappers use `expiration`,
 * `aws_expiration`, `aws_session_expiration`), so two expiries of the same keys never disagree (#7).
 */
export function writeTemporaryKeys(credentialsText: string, plan: AssumePlan, credentials: TemporaryCredentials): string {
  const section = formatCredentialsSectionHeader(plan.target);
  let text = credentialsText;
  for (const [key, value] of [
    ['aws_access_key_id', credentials.accessKeyId],
    ['aws_secret_access_key', credentials.secretAccessKey],
    ['aws_session_token', credentials.sessionToken],
    [AWSPROF_EXPIRY_KEY, formatRfc3339(credentials.expiration)],
  ] as const) {
    text = setValueInText(text, { section, key, value });
  }
  // Old SDKs would send a stale legacy token alongside the new one.
  return removeKeysInText(text, section, ['aws_security_token', ...EXPIRY_KEYS.filter((key) => key !== AWSPROF_EXPIRY_KEY)]);
}

/** The config edit: the region, the source profile and the flag overrides `refresh` repeats; unused overrides go. */
export function writeAssumeSettings(configText: string, plan: AssumePlan): string {
  const section = formatConfigSectionHeader(plan.target);
  const values: [string, string | undefined][] = [
    ['region', plan.region],
    [AWSPROF_KEYS.sourceProfile, plan.profile],
    ...Object.entries(AWSPROF_KEYS)
      .filter(([name]) => name !== 'sourceProfile')
      .map(([name, key]) => [key, plan.overrides[name as keyof typeof AWSPROF_KEYS]] as [string, string | undefined]),
  ];
  let text = configText;
  for (const [key, value] of values) if (value !== undefined) text = setValueInText(text, { section, key, value });
  return removeKeysInText(text, section, values.filter(([key, value]) => value === undefined && key !== 'region').map(([key]) => key));
}

/** The picker offers what assume can assume without --role-arn: profiles with role_arn and a source of credentials. */
const ASSUME_PICK = { purpose: 'assume', only: (profile: ProfileSummary) => profile.kind === 'role', noun: 'role profiles' };

export async function runAssume(given: AssumeCommandInput, context: CommandContext, deps: AssumeDeps = {}): Promise<void> {
  // No profile and no --role-arn: on a terminal a picker asks (#10), AWS_PROFILE selected; elsewhere the default below.
  const input = given.flags.roleArn === undefined ? { ...given, profile: await profileOrPick(given.profile, context, ASSUME_PICK) } : given;
  const flags: AssumeFlags = { ...input.flags, policy: await loadPolicy(input.flags.policy) };
  const defaults = planDefaults(context);
  const before = await readFiles(context.paths);
  const view = readAwsFiles(before.config.text, before.credentials.text);
  const plan = planAssume(view, { profile: input.profile, target: input.target, flags, force: input.force }, defaults);
  const shellKind = input.export ? resolveShellKind(input.shell, context.env) : undefined;
  const mfaDurationSeconds = input.mfaDuration === undefined ? undefined : parseMfaDuration(input.mfaDuration);
  if (input.process && input.export) throw new UsageError('--process and --export do not go together: a credential_process profile has no keys to export', { hint: 'switch with awsprof use instead' });
  await assertReplaceable(context.paths);
  if (plan.source.kind === 'profile') await assertSsoLoginFor(view, plan.source.profile, context);
  // The line is checked before any call: a value that cannot be written fails first, leaving nothing behind.
  const processLine = input.process ? formatCredentialProcessLine(deps.launcher ?? defaultLauncher(), plan.profile, credentialProcessFlags({ ...flags, policy: plan.policy })) : undefined;
  const unwritable = processLine === undefined ? undefined : describeUnwritableValue(processLine);
  if (unwritable) throw new UsageError(`--process: the credential_process line ${unwritable}`);
  // With --process the cache is what matters: fresh enough keys there are as good as new ones.
  const credentials = await obtainRoleCredentials(plan, context, { tokenCode: input.tokenCode, prompt: true, sts: deps.sts, view, reuse: input.process, refresh: input.renew, mfaDurationSeconds });

  let written = { config: '', credentials: '' };
  await updateFiles(context.paths, (files) => {
    // Plan again on what is on disk now, under the lock: the target may have changed since we first looked.
    const current = planAssume(readAwsFiles(files.config.text, files.credentials.text), { profile: input.profile, target: input.target, flags, force: input.force }, defaults);
    written = processLine
      ? {
          credentials: withFileSync(context.paths.credentials, () => removeTemporaryKeys(files.credentials.text, current)),
          config: withFileSync(context.paths.config, () => setValueInText(writeAssumeSettings(files.config.text, current), { section: formatConfigSectionHeader(current.target), key: 'credential_process', value: processLine })),
        }
      : {
          credentials: withFileSync(context.paths.credentials, () => writeTemporaryKeys(files.credentials.text, current, credentials)),
          config: withFileSync(context.paths.config, () => removeKeysInText(writeAssumeSettings(files.config.text, current), formatConfigSectionHeader(current.target), ['credential_process'])),
        };
    return written;
  }, fileOptions(context));

  const now = context.now();
  if (plan.targetWasDefaulted) context.out.stderr(shown`awsprof: no --as given; writing to profile ${plan.target}`);
  for (const overwrite of plan.overwrites) context.out.stderr(shown`awsprof: --force: overwrote ${overwrite}`);
  if (processLine) {
    context.out.stderr(
      shown`Profile ${plan.target} now runs awsprof credential-process ${plan.profile} (${credentials.assumedRoleArn}); cached keys expire ${formatLocalTime(credentials.expiration, now)} (${formatRelative(credentials.expiration, now)}) and are renewed on demand.`,
    );
    return;
  }
  context.out.stderr(
    shown`Assumed ${credentials.assumedRoleArn} into profile ${plan.target}; expires ${formatLocalTime(credentials.expiration, now)} (${formatRelative(credentials.expiration, now)}).`,
  );
  if (shellKind) {
    const { change, warning } = planSwitchToProfile(readAwsFiles(written.config, written.credentials), plan.target, context.now());
    if (warning) context.out.stderr(warning);
    context.out.stdout(formatEnvChange(shellKind, change));
  }
}

/** Static keys in the credentials file win over credential_process in botocore: a --process profile keeps none. */
export function removeTemporaryKeys(credentialsText: string, plan: AssumePlan): string {
  return removeKeysInText(credentialsText, formatCredentialsSectionHeader(plan.target), [
    'aws_access_key_id',
    'aws_secret_access_key',
    'aws_session_token',
    'aws_security_token',
    ...EXPIRY_KEYS,
  ]);
}

/**
 * This very program as an SDK would start it from anywhere: the absolute node binary and the absolute script, so no
 * PATH, alias or shell function is involved.
 */
function defaultLauncher(): string[] {
  const cli = realpathSync(fileURLToPath(import.meta.url));
  // The built CLI ships dist/credential-process.js beside it: the same arguments, a much smaller start on a cache hit.
  const helper = join(dirname(cli), 'credential-process.js');
  return [process.execPath, existsSync(helper) ? helper : cli];
}

export const ASSUME_OPTIONS = {
  as: { type: 'string', describe: 'Profile to write the temporary keys into (default: assumed-role)' },
  'role-arn': { type: 'string', describe: 'Role to assume (default: role_arn of the profile)' },
  'session-name': { type: 'string', describe: 'RoleSessionName (default: role_session_name, else <user>-<YYYYMMDD>)' },
  duration: { type: 'string', describe: 'Session length: seconds, or 1h, 90m (default: duration_seconds, else 1h)' },
  'mfa-serial': { type: 'string', describe: 'MFA device ARN (default: mfa_serial of the profile)' },
  'token-code': { type: 'string', describe: 'MFA code; prompted for on a terminal when needed' },
  'external-id': { type: 'string', describe: 'ExternalId (default: external_id of the profile)' },
  'policy-arn': { type: 'string', describe: 'Managed session policy ARN (repeatable)', repeatable: true },
  policy: { type: 'string', describe: 'Inline session policy: JSON text or file://path' },
  'source-identity': { type: 'string', describe: 'SourceIdentity to set on the session' },
  region: { type: 'string', describe: "Region for the target profile (default: the role profile's, its source's, AWS_REGION)" },
  'endpoint-url': { type: 'string', describe: 'STS endpoint (default: AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, else AWS)' },
  force: { type: 'boolean', describe: 'Overwrite long-term keys in the target profile' },
  export: { type: 'boolean', describe: 'Also print the lines of `awsprof use <target>` on stdout, for eval' },
  shell: { type: 'string', describe: 'Dialect for --export: bash, zsh, fish, powershell or json' },
  process: { type: 'boolean', describe: 'Write credential_process = awsprof credential-process PROFILE instead of keys: every tool renews on its own' },
  'mfa-duration': { type: 'string', describe: 'Length of a new MFA session: seconds, or 8h, 90m (default 12h)' },
} as const;

export const assume: DefinedCommand = {
  completesProfiles: true,
  spec: {
    name: 'assume',
    positionals: ['[profile]'],
    positionalHelp: { profile: 'Role profile to assume, or with --role-arn the profile whose keys call STS (default: a picker on a terminal, else AWS_PROFILE or default)' },
    options: ASSUME_OPTIONS,
  },
  describe: "Assume a role with STS and write the temporary keys into a profile (default: the profile's own role settings)",
  examples: [
    ['$0 assume dev --as assumed-role', 'assume the role of profile dev'],
    ['$0 assume default --role-arn arn:aws:iam::123456789012:role/Admin --as admin', 'assume any role with the keys of default'],
    ['eval "$(awsprof assume dev --as x --export)"', 'assume and switch this shell to it'],
    ['$0 assume dev --as live --process', 'profile live renews itself through awsprof credential-process dev'],
  ],
  execute: async (args) => {
    await runAssume(
      {
        profile: args.profile as string | undefined,
        target: args.as as string | undefined,
        flags: roleFlagsFromArgs(args),
        tokenCode: args['token-code'] as string | undefined,
        force: args.force === true,
        export: args.export === true,
        shell: args.shell as string | undefined,
        process: args.process === true,
        mfaDuration: args['mfa-duration'] as string | undefined,
      },
      createContext(args),
    );
    return 0;
  },
};
