import { AWSPROF_KEYS, type AssumeFlags, type AssumeInput } from './assume-plan.js';
import { type ProfileData, settingText } from './view.js';

/** The overrides `refresh` accepts on top of what `assume` recorded. */
export interface RecordedOverrides {
  duration?: string;
  region?: string;
  endpointUrl?: string;
}

/**
 * The assumption `awsprof assume` recorded in a target profile (its `awsprof_*` keys), ready for planAssume to repeat
 * it into the same profile; undefined when awsprof did not write the profile. Shared by `refresh`, `refresh --all`
 * and `exec`, so all three repeat exactly what `assume` did.
 */
export function recordedAssumeInput(target: ProfileData, overrides: RecordedOverrides = {}): AssumeInput | undefined {
  const stored = (key: keyof typeof AWSPROF_KEYS) => settingText(target.config, AWSPROF_KEYS[key]);
  const source = stored('sourceProfile');
  if (!source) return undefined;
  const flags: AssumeFlags = {
    roleArn: stored('roleArn'),
    sessionName: stored('sessionName'),
    duration: overrides.duration ?? stored('duration'),
    mfaSerial: stored('mfaSerial'),
    externalId: stored('externalId'),
    policyArns: stored('policyArns')?.split(',').filter(Boolean),
    policy: stored('policy'),
    sourceIdentity: stored('sourceIdentity'),
    // The region the target has now: the user may have changed it since.
    region: overrides.region ?? settingText(target.config, 'region'),
    endpointUrl: overrides.endpointUrl ?? stored('endpointUrl'),
  };
  return { profile: source, target: target.name, flags };
}
