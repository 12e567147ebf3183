import { type AwsFilesView, settingText } from './view.js';

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
