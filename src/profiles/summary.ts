import { readExpiry } from './expiry.js';
import { AWSPROF_KEYS } from './assume-plan.js';
import { type AwsFilesView, type ProfileData, mergedSettings, settingText } from './view.js';

/** What kind of credentials a profile stands for, in the AWS CLI's order of precedence. */
export type ProfileKind = 'role' | 'web-identity' | 'sso' | 'process' | 'temporary' | 'static' | 'settings';

export interface ProfileSummary {
  name: string;
  kind: ProfileKind;
  /** Where its credentials come from: `default → Developer`, `sso 111111111111/Admin`, `env`, ... */
  source?: string;
  roleArn?: string;
  region?: string;
  /** undefined: no expiry recorded (or not temporary); the list says "unknown" for temporary keys. */
  expiration?: Date;
  /** Written by `awsprof assume`, so `refresh` and `clean` may act on it. */
  managed: boolean;
  inConfig: boolean;
  inCredentials: boolean;
}

function roleName(arn: string | undefined): string | undefined {
  return arn?.split(':role/')[1];
}

/** Only the program's name: the rest of a credential_process command line can carry secrets. */
function programName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? '';
  return first.replace(/^["']|["']$/g, '').split('/').pop() ?? first;
}

/** Classifies a profile without touching any secret value. */
export function summarizeProfile(profile: ProfileData, view: AwsFilesView): ProfileSummary {
  // Credentials-file keys win, as in mergedSettings, without copying 10,000 profiles' settings.
  const text = (key: string) => settingText(profile.credentials, key) ?? settingText(profile.config, key);
  const roleArn = text('role_arn');
  const base = {
    name: profile.name,
    region: text('region'),
    managed: typeof profile.config[AWSPROF_KEYS.sourceProfile] === 'string',
    inConfig: profile.configLine !== undefined,
    inCredentials: profile.credentialsLine !== undefined,
  };
  if (roleArn && text('web_identity_token_file')) return { ...base, kind: 'web-identity', roleArn, source: `web identity → ${roleName(roleArn) ?? roleArn}` };
  if (roleArn && (text('source_profile') || text('credential_source'))) {
    const from = text('source_profile') ?? `(${text('credential_source')})`;
    return { ...base, kind: 'role', roleArn, source: `${from} → ${roleName(roleArn) ?? roleArn}` };
  }
  const ssoSession = text('sso_session');
  if (ssoSession || text('sso_start_url') || text('sso_account_id')) {
    const account = text('sso_account_id') ?? '?';
    const role = text('sso_role_name') ?? '?';
    return { ...base, kind: 'sso', source: `sso ${account}/${role}${ssoSession ? ` (${ssoSession})` : ''}` };
  }
  // The AWS CLI's order: keys in the credentials file beat credential_process, which beats keys in config.
  const credentialsKey = settingText(profile.credentials, 'aws_access_key_id');
  const process = text('credential_process');
  const keyId = credentialsKey ?? (process ? undefined : settingText(profile.config, 'aws_access_key_id'));
  if (!keyId && process) return { ...base, kind: 'process', source: `process ${programName(process)}` };
  if (keyId) {
    const token = settingText(profile.credentials, 'aws_session_token') ?? text('aws_security_token');
    if (token) {
      const from = text(AWSPROF_KEYS.sourceProfile);
      return { ...base, kind: 'temporary', source: from ? `assumed from ${from}` : undefined, expiration: readExpiry(mergedSettings(profile)) };
    }
    return { ...base, kind: 'static', source: 'access key' };
  }
  return { ...base, kind: 'settings' };
}

export function summarizeProfiles(view: AwsFilesView): ProfileSummary[] {
  return [...view.profiles.values()].map((profile) => summarizeProfile(profile, view));
}

/** `dev*`, `*prod*`, `acct-?`: shell-style globs, matched against the whole name. */
export function matchesPattern(name: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(name);
}
