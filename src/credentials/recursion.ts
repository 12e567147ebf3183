import { AwsprofError } from '../errors.js';
import { shlexSplit } from '../profiles/shlex.js';
import { type AwsFilesView, mergedSettings, settingText } from '../profiles/view.js';

/**
 * The profiles `awsprof credential-process` is resolving in this process and its parents, passed down in the
 * environment: an SDK that runs a source profile's credential_process hands it on to the child it starts.
 */
export const CHAIN_VARIABLE = 'AWSPROF_CREDENTIAL_PROCESS_CHAIN';
/** Deeper than any honest set-up; stops a loop through profiles awsprof cannot see (another tool's helper). */
const MAX_DEPTH = 8;

/** Throws when resolving `profile` would run into itself; returns the chain to hand to child processes. */
export function enterCredentialProcess(env: NodeJS.ProcessEnv, profile: string): string {
  const chain = env[CHAIN_VARIABLE] ? env[CHAIN_VARIABLE].split(',') : [];
  if (chain.includes(profile) || chain.length >= MAX_DEPTH) {
    const path = [...chain.slice(chain.includes(profile) ? chain.indexOf(profile) : 0), profile].join(' -> ');
    throw new AwsprofError(`credential-process ${profile} runs back into itself (${path})`, {
      hint: `a profile in the source chain of ${profile} has a credential_process that calls awsprof credential-process again; point it at long-term keys or another profile`,
      profile,
    });
  }
  return [...chain, profile].join(',');
}

/**
 * The loop a profile's chain would run, found in the files before anything runs: source_profile links, and a
 * credential_process that calls `… credential-process NAME` leading on to NAME. Returns the path (`a -> b -> a`)
 * or undefined. Loops through programs awsprof cannot read are stopped at run time by {@link enterCredentialProcess}.
 */
export function findCredentialProcessLoop(view: AwsFilesView, start: string): string[] | undefined {
  const path: string[] = [];
  let current: string | undefined = start;
  while (current !== undefined) {
    if (path.includes(current)) return [...path.slice(path.indexOf(current)), current];
    path.push(current);
    const profile = view.profiles.get(current);
    if (!profile) return undefined;
    const settings = mergedSettings(profile);
    const command = settingText(settings, 'credential_process');
    if (command !== undefined) {
      const words = shlexSplit(command) ?? [];
      const at = words.indexOf('credential-process');
      current = at >= 0 ? words[at + 1] : undefined;
    } else {
      current = settingText(settings, 'role_arn') ? settingText(settings, 'source_profile') : undefined;
    }
  }
  return undefined;
}

/** Throws the clear error for a loop {@link findCredentialProcessLoop} finds. */
export function assertNoCredentialProcessLoop(view: AwsFilesView, profile: string): void {
  const loop = findCredentialProcessLoop(view, profile);
  if (loop) {
    throw new AwsprofError(`credential-process ${profile} runs back into itself (${loop.join(' -> ')})`, {
      hint: `a profile in the source chain of ${profile} has a credential_process that calls awsprof credential-process again; point it at long-term keys or another profile`,
      profile,
    });
  }
}
