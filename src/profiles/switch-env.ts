import type { EnvChange } from '../shell/types.js';

/**
 * Static key variables beat AWS_PROFILE in every SDK and the AWS CLI, so a shell that still has them runs as the
 * wrong identity without any warning: switching always clears them (and the legacy AWS_SECURITY_TOKEN).
 */
export const KEY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'];
export const PROFILE_VARIABLES = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];
export const REGION_VARIABLES = ['AWS_REGION', 'AWS_DEFAULT_REGION'];

/**
 * AWS_REGION beats the profile's region in every SDK, so a region left over from the previous profile is replaced
 * by this one's, or cleared when it has none.
 */
function applyRegion(set: Record<string, string>, unset: string[], region: string | undefined): void {
  if (region) {
    set.AWS_REGION = region;
    set.AWS_DEFAULT_REGION = region;
  } else {
    unset.push(...REGION_VARIABLES);
  }
}

/**
 * The change that selects a profile: its name, no static keys, and its region (see applyRegion).
 */
export function formatSwitchToProfile(profile: string, region: string | undefined): EnvChange {
  const set: Record<string, string> = { AWS_PROFILE: profile, AWS_DEFAULT_PROFILE: profile };
  const unset = [...KEY_VARIABLES];
  applyRegion(set, unset, region);
  return { set, unset };
}

/** Exports the keys themselves, for tools that do not read profiles; AWS_PROFILE is cleared so nothing disagrees. */
export function formatExportKeys(keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }, region: string | undefined): EnvChange {
  const set: Record<string, string> = { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey };
  const unset = [...PROFILE_VARIABLES, 'AWS_SECURITY_TOKEN'];
  if (keys.sessionToken) set.AWS_SESSION_TOKEN = keys.sessionToken;
  else unset.push('AWS_SESSION_TOKEN');
  if (keys.expiration) set.AWS_CREDENTIAL_EXPIRATION = keys.expiration.toISOString();
  else unset.push('AWS_CREDENTIAL_EXPIRATION');
  applyRegion(set, unset, region);
  return { set, unset };
}

/** Back to the default profile: every variable awsprof may have set goes. */
export function formatUnsetAll(): EnvChange {
  return { set: {}, unset: [...KEY_VARIABLES, ...PROFILE_VARIABLES, ...REGION_VARIABLES] };
}
