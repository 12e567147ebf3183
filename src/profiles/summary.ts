import { readExpiry } from './expiry.js';
import { shlexSplit } from './shlex.js';
import { AWSPROF_KEYS, isWrittenByAwsprof } from './assume-plan.js';
import { type AwsFilesView, type ProfileData, settingText } from './view.js';

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
  /** The profile `awsprof assume` assumed from (awsprof_source_profile): whose cached session a --process profile uses. */
  assumedFrom?: string;
  /**
   * For an SSO profile: whose login its credentials come from, the key of the AWS CLI's token cache (the sso_session,
   * or sso_start_url for a legacy profile). `list` shows that login's expiry (#9).
   */
  ssoLogin?: string;
  inConfig: boolean;
  inCredentials: boolean;
}

/** `Admin` from `arn:aws:iam::123456789012:role/Admin`; the whole text when it is not a role ARN. */
function roleName(arn: string): string {
  const at = arn.indexOf(':role/');
  return at === -1 ? arn : arn.slice(at + 6);
}

/** Only the program's name: the rest of a credential_process command line can carry secrets. */
function programName(command: string): string {
  // `assume --process` writes `<node> <cli.js> credential-process PROFILE`: which profile it serves is the news (#8).
  const words = command.includes('credential-process') ? shlexSplit(command) : undefined;
  const at = words?.indexOf('credential-process') ?? -1;
  if (words && at >= 1 && words[at + 1] !== undefined && /(?:^|\/)(?:awsprof|cli\.js|credential-process\.js)$/.test(words[at - 1]!)) return `awsprof → ${words[at + 1]}`;
  const first = command.trim().split(/\s+/)[0] ?? '';
  return first.replace(/^["']|["']$/g, '').split('/').pop() ?? first;
}

/** Credentials-file keys win, as in mergedSettings, without copying 10,000 profiles' settings. */
function setting(profile: ProfileData, key: string): string | undefined {
  return settingText(profile.credentials, key) ?? settingText(profile.config, key);
}

/** Classifies a profile without touching any secret value. */
export function summarizeProfile(profile: ProfileData): ProfileSummary {
  const roleArn = setting(profile, 'role_arn');
  let kind: ProfileKind = 'settings';
  let source: string | undefined;
  let expiration: Date | undefined;
  let ssoLogin: string | undefined;
  if (roleArn && setting(profile, 'web_identity_token_file')) {
    kind = 'web-identity';
    source = `web identity → ${roleName(roleArn)}`;
  } else if (roleArn && (setting(profile, 'source_profile') || setting(profile, 'credential_source'))) {
    kind = 'role';
    source = `${setting(profile, 'source_profile') ?? `(${setting(profile, 'credential_source')})`} → ${roleName(roleArn)}`;
  } else if (setting(profile, 'sso_session') || setting(profile, 'sso_start_url') || setting(profile, 'sso_account_id')) {
    const ssoSession = setting(profile, 'sso_session');
    kind = 'sso';
    ssoLogin = ssoSession ?? setting(profile, 'sso_start_url');
    source = `sso ${setting(profile, 'sso_account_id') ?? '?'}/${setting(profile, 'sso_role_name') ?? '?'}${ssoSession ? ` (${ssoSession})` : ''}`;
  } else {
    // The AWS CLI's order: keys in the credentials file beat credential_process, which beats keys in config.
    const process = setting(profile, 'credential_process');
    const keyId = settingText(profile.credentials, 'aws_access_key_id') ?? (process ? undefined : settingText(profile.config, 'aws_access_key_id'));
    if (!keyId && process) {
      kind = 'process';
      source = `process ${programName(process)}`;
    } else if (keyId && (settingText(profile.credentials, 'aws_session_token') ?? setting(profile, 'aws_security_token'))) {
      kind = 'temporary';
      const from = setting(profile, AWSPROF_KEYS.sourceProfile);
      source = from ? `assumed from ${from}` : undefined;
      expiration = readExpiry(profile.credentials, profile.config);
    } else if (keyId) {
      kind = 'static';
      source = 'access key';
    }
  }
  // One object shape for every kind keeps this fast for organisation-sized files.
  return {
    name: profile.name,
    kind,
    source,
    roleArn: kind === 'role' || kind === 'web-identity' ? roleArn : undefined,
    region: setting(profile, 'region'),
    expiration,
    managed: isWrittenByAwsprof(profile),
    assumedFrom: setting(profile, AWSPROF_KEYS.sourceProfile),
    inConfig: profile.configLine !== undefined,
    inCredentials: profile.credentialsLine !== undefined,
    ssoLogin,
  };
}

export function summarizeProfiles(view: AwsFilesView): ProfileSummary[] {
  const summaries: ProfileSummary[] = [];
  for (const profile of view.profiles.values()) summaries.push(summarizeProfile(profile));
  return summaries;
}

/** `dev*`, `*prod*`, `acct-?`: shell-style globs, matched against the whole name. */
export function matchesPattern(name: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(name);
}
