import { AwsprofError, UsageError } from '../errors.js';
import { regionPartition } from './region.js';
import { didYouMean } from './suggest.js';
import { type AwsFilesView, settingText } from './view.js';

export interface SsoSessionSettings {
  name: string;
  startUrl: string;
  region: string;
}

/**
 * The `[sso-session NAME]` an `sso` command acts on when none is named (#9): the only one in config, else the one
 * AWS_PROFILE's profile uses. Named but missing, or none to choose: one line saying what to run.
 */
export function resolveSsoSession(view: AwsFilesView, given: string | undefined, currentProfile: string | undefined): SsoSessionSettings {
  const names = [...view.ssoSessions.keys()];
  let name = given;
  if (name === undefined) {
    const fromProfile = currentProfile === undefined ? undefined : settingText(view.profiles.get(currentProfile)?.config ?? {}, 'sso_session');
    if (names.length === 1) name = names[0];
    else if (fromProfile !== undefined) name = fromProfile;
    else if (names.length === 0) throw new AwsprofError('no [sso-session] in config', { hint: 'add one: awsprof sso add NAME --start-url URL --region REGION' });
    else throw new UsageError(`several sso-sessions in config (${names.join(', ')}); name one`, { hint: 'e.g. awsprof sso sync ' + names[0] });
  }
  const settings = view.ssoSessions.get(name!);
  if (!settings) {
    throw new AwsprofError(`sso-session ${name} not found in config`, { hint: didYouMean(name!, names) ?? 'add it: awsprof sso add NAME --start-url URL --region REGION' });
  }
  const startUrl = settingText(settings, 'sso_start_url');
  const region = settingText(settings, 'sso_region');
  if (!startUrl) throw new AwsprofError(`[sso-session ${name}] has no sso_start_url`);
  if (!region || regionPartition(region) === undefined) throw new AwsprofError(`[sso-session ${name}] has ${region ? `an sso_region that is not a region name` : 'no sso_region'}`);
  return { name: name!, startUrl, region };
}

/**
 * The SSO login a profile's credentials come from, following source_profile (a role chained on an SSO profile): the
 * key of the AWS CLI's token cache (the sso_session, or sso_start_url for a legacy profile); undefined when none.
 */
export function ssoLoginOfProfile(view: AwsFilesView, profile: string): string | undefined {
  const seen = new Set<string>();
  for (let name: string | undefined = profile; name !== undefined && !seen.has(name); ) {
    seen.add(name);
    const data = view.profiles.get(name);
    if (!data) return undefined;
    const setting = (key: string) => settingText(data.credentials, key) ?? settingText(data.config, key);
    // Keys in the profile itself win over its source, as in the AWS CLI's credential chain.
    if (setting('role_arn') !== undefined && setting('source_profile') !== undefined) {
      name = setting('source_profile');
      continue;
    }
    if (setting('aws_access_key_id') !== undefined || setting('credential_process') !== undefined) return undefined;
    return setting('sso_session') ?? (setting('sso_account_id') !== undefined ? setting('sso_start_url') : undefined);
  }
  return undefined;
}
