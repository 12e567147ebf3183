import { isWrittenByAwsprof } from './assume-plan.js';
import { readExpiry } from './expiry.js';
import { type AwsFilesView, mergedSettings } from './view.js';

export interface RefreshCandidate {
  name: string;
  /** Undefined when the profile records none (its keys were removed by hand, say): it is due. */
  expiration?: Date;
}

export interface RefreshSelection {
  /** Profiles awsprof wrote whose keys expire within the window (or already have), in file order. */
  due: RefreshCandidate[];
  /** Profiles awsprof wrote whose keys outlast the window. */
  fresh: RefreshCandidate[];
  /**
   * Profiles `assume --process` wrote: no keys in the files, their expiry is the cached answer's (a read of the cache,
   * which the caller makes).
   */
  processes: string[];
}

/**
 * Which profiles `refresh --all` renews: those written by `awsprof assume` (marked by awsprof_source_profile) whose
 * recorded expiry is less than `withinSeconds` after `now`, and those `assume --process` wrote (decided on their
 * cache). Anything else is never touched.
 */
export function selectRefreshable(view: AwsFilesView, now: Date, withinSeconds: number): RefreshSelection {
  const selection: RefreshSelection = { due: [], fresh: [], processes: [] };
  for (const profile of view.profiles.values()) {
    if (!isWrittenByAwsprof(profile)) continue;
    if (typeof profile.config.credential_process === 'string') {
      selection.processes.push(profile.name);
      continue;
    }
    const expiration = readExpiry(mergedSettings(profile));
    const isDue = !expiration || expiration.getTime() - now.getTime() <= withinSeconds * 1000;
    (isDue ? selection.due : selection.fresh).push({ name: profile.name, expiration });
  }
  return selection;
}
