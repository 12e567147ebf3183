import { AWSPROF_KEYS } from './assume-plan.js';
import { type AwsFilesView, settingText } from './view.js';

/**
 * The profiles that name `name` as their `source_profile`, in file order, the profile itself left out (a role
 * profile may name itself to use its own static keys). botocore reads `source_profile` from the merged profile, so
 * a `source_profile` written in the credentials file counts too, and overrides the config's, as it does there.
 * `credential_source` names a kind of source (Environment, Ec2InstanceMetadata), never a profile, so it is not asked.
 */
export function profilesUsingAsSource(view: AwsFilesView, name: string): string[] {
  const users: string[] = [];
  for (const profile of view.profiles.values()) {
    if (profile.name === name) continue;
    const source = settingText(profile.credentials, 'source_profile') ?? settingText(profile.config, 'source_profile');
    if (source === name) users.push(profile.name);
  }
  return users;
}

/**
 * The profiles `assume NAME --process` wrote: their credential_process runs `awsprof credential-process NAME`, which
 * fails for every SDK and AWS CLI call once NAME is gone (awsprof records NAME beside the line).
 */
export function profilesRunningCredentialProcessOf(view: AwsFilesView, name: string): string[] {
  const users: string[] = [];
  for (const profile of view.profiles.values()) {
    if (profile.name === name || settingText(profile.config, 'credential_process') === undefined) continue;
    if (settingText(profile.config, AWSPROF_KEYS.sourceProfile) === name) users.push(profile.name);
  }
  return users;
}
