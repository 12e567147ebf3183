import { AwsprofError, ProfileNotFoundError, UsageError } from '../errors.js';
import { type PlanDefaults, type RolePlan, planAssume, planRole } from './assume-plan.js';
import { REFRESH_WINDOW_SECONDS, formatRelative, isExpired, readExpiry } from './expiry.js';
import { recordedAssumeInput } from './recorded-assume.js';
import { formatExportKeys } from './switch-env.js';
import { type AwsFilesView, mergedSettings, requireProfile, settingText } from './view.js';

/** Keys as they go into a child's environment. */
export interface ExecKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * Where `awsprof exec PROFILE` gets its keys, decided from the files alone (no network, nothing written):
 * - `assume`: a role profile, or a profile awsprof wrote whose keys expire within REFRESH_WINDOW_SECONDS (the
 *   recorded assumption is repeated; the new keys go to the child only, not into the file);
 * - `keys`: the keys in the files: long-term keys as they are, temporary ones while they last;
 * - `providers`: anything else (SSO, credential_process, web identity) goes through the AWS SDK's own providers.
 */
export type ExecSource =
  | { kind: 'assume'; plan: RolePlan; renewing: boolean }
  | { kind: 'keys'; keys: ExecKeys; region?: string }
  | { kind: 'providers'; region?: string };

/** Settings that make the AWS CLI read a profile's credentials from somewhere other than its static keys. */
const PROVIDER_KEYS = ['web_identity_token_file', 'sso_session', 'sso_start_url', 'sso_account_id'];

export function planExec(view: AwsFilesView, profileName: string, defaults: PlanDefaults): ExecSource {
  const profile = requireExecProfile(view, profileName);
  const settings = mergedSettings(profile);
  const envRegion = defaults.env.AWS_REGION || defaults.env.AWS_DEFAULT_REGION || undefined;
  const region = settingText(settings, 'region') ?? envRegion;
  if (settingText(settings, 'role_arn') !== undefined) {
    return { kind: 'assume', plan: planRole(view, { profile: profileName, flags: {} }, defaults), renewing: false };
  }
  const accessKeyId = settingText(settings, 'aws_access_key_id');
  const secretAccessKey = settingText(settings, 'aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey || PROVIDER_KEYS.some((key) => key in settings)) return { kind: 'providers', region };

  const expiration = readExpiry(settings);
  const recorded = recordedAssumeInput(profile);
  if (recorded && (!expiration || expiration.getTime() - defaults.now.getTime() <= REFRESH_WINDOW_SECONDS * 1000)) {
    return { kind: 'assume', plan: planAssume(view, recorded, defaults), renewing: true };
  }
  if (expiration && isExpired(expiration, defaults.now)) {
    throw new AwsprofError(`the temporary keys of ${profileName} ${formatRelative(expiration, defaults.now)}`, {
      hint: 'renew them with the tool that wrote them',
      profile: profileName,
    });
  }
  return { kind: 'keys', keys: { accessKeyId, secretAccessKey, sessionToken: settingText(settings, 'aws_session_token'), expiration }, region };
}

/** exec names its profile on the command line like a subcommand's argument: a wrong one is a usage error (exit 2). */
function requireExecProfile(view: AwsFilesView, profileName: string) {
  try {
    return requireProfile(view, profileName);
  } catch (error) {
    if (error instanceof ProfileNotFoundError) throw new UsageError(error.message, { hint: error.hint, profile: profileName });
    throw error;
  }
}

/** The variable that tells a child (and a shell prompt inside it) which profile `awsprof exec` runs it as. */
export const EXEC_PROFILE_VARIABLE = 'AWSPROF_EXEC_PROFILE';

/**
 * The child's environment: the parent's, with the keys, their expiry and the region set, and every variable that
 * would make an SDK pick other credentials (AWS_PROFILE, AWS_DEFAULT_PROFILE, the legacy AWS_SECURITY_TOKEN, a stale
 * session token or expiry) removed. Keys in the environment beat every other source in the AWS CLI and all SDKs.
 */
export function formatExecEnvironment(base: NodeJS.ProcessEnv, profileName: string, keys: ExecKeys, region: string | undefined): NodeJS.ProcessEnv {
  const change = formatExportKeys(keys, region);
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of change.unset) delete env[name];
  Object.assign(env, change.set);
  env[EXEC_PROFILE_VARIABLE] = profileName;
  return env;
}
