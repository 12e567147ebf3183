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
