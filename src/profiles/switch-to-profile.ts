import type { EnvChange } from '../shell/types.js';
import { shown } from '../terminal-text.js';
import { isWrittenByAwsprof } from './assume-plan.js';
import { formatRelative, isExpired, readExpiry } from './expiry.js';
import { formatSwitchToProfile } from './switch-env.js';
import { type AwsFilesView, type ProfileData, mergedSettings, requireProfile, settingText } from './view.js';

/** What switching to a profile prints (`use NAME`, `assume --export`): the change, and a warning for stale keys. */
export interface ProfileSwitch {
  change: EnvChange;
  /** For stderr, already escaped: the profile's temporary keys have expired. */
  warning?: string;
}

/** The switch to a named profile; throws ProfileNotFoundError when the files have no such profile. */
export function planSwitchToProfile(view: AwsFilesView, profileName: string, now: Date): ProfileSwitch {
  const profile = requireProfile(view, profileName);
  const settings = mergedSettings(profile);
  const expiry = readExpiry(settings);
  const warning =
    expiry && isExpired(expiry, now) ? shown`awsprof: warning: the temporary keys of ${profileName} ${formatRelative(expiry, now)}; ${renewHint(profile)}` : undefined;
  return { change: formatSwitchToProfile(profileName, settingText(settings, 'region')), warning };
}

/** How to get fresh keys: awsprof can renew what it wrote; anything else came from another tool. */
export function renewHint(profile: ProfileData): string {
  return isWrittenByAwsprof(profile) ? `run awsprof refresh ${profile.name}` : 'renew them with the tool that wrote them';
}
