import { AwsprofError, UsageError } from '../errors.js';
import type { CredentialSourceSpec } from '../sts/types.js';
import { parseDuration } from './duration.js';
import { defaultSessionName, isValidSessionName } from './session-name.js';
import { assertValidRegion } from './region.js';
import { assertValidProfileName } from './validate.js';
import { type AwsFilesView, type ProfileData, mergedSettings, requireProfile, settingText } from './view.js';

/** The name the popular how-to guides use for the target profile. */
export const DEFAULT_TARGET = 'assumed-role';

/** Config keys awsprof keeps in the target profile so `awsprof refresh` can repeat the assumption. */
export const AWSPROF_KEYS = {
  sourceProfile: 'awsprof_source_profile',
  roleArn: 'awsprof_role_arn',
  sessionName: 'awsprof_role_session_name',
  duration: 'awsprof_duration_seconds',
  mfaSerial: 'awsprof_mfa_serial',
  externalId: 'awsprof_external_id',
  policyArns: 'awsprof_policy_arns',
  policy: 'awsprof_policy',
  sourceIdentity: 'awsprof_source_identity',
  endpointUrl: 'awsprof_endpoint_url',
} as const;

/** Whether `awsprof assume` wrote this profile (so `refresh` and `clean` may act on it). */
export function isWrittenByAwsprof(profile: ProfileData): boolean {
  return typeof profile.config[AWSPROF_KEYS.sourceProfile] === 'string';
}

/** Settings that make the AWS CLI ignore static keys in a profile, or mean the user set the profile up by hand. */
const ROLE_SETUP_KEYS = ['role_arn', 'source_profile', 'credential_source', 'credential_process', 'web_identity_token_file'];

export interface AssumeFlags {
  roleArn?: string;
  sessionName?: string;
  duration?: string;
  mfaSerial?: string;
  externalId?: string;
  policyArns?: string[];
  /** Session policy JSON text, already read if it was given as file://. */
  policy?: string;
  sourceIdentity?: string;
  region?: string;
  endpointUrl?: string;
}

export interface AssumeInput {
  profile?: string;
  target?: string;
  flags: AssumeFlags;
  force?: boolean;
}

/** Everything STS needs to assume a profile's role: what `assume`, `credential-process` and `exec` share. */
export interface RolePlan {
  profile: string;
  source: CredentialSourceSpec;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  mfaSerial?: string;
  externalId?: string;
  policyArns: string[];
  policy?: string;
  sourceIdentity?: string;
  region?: string;
  endpointUrl?: string;
  /** What the flags overrode, to store under AWSPROF_KEYS for `refresh`. */
  overrides: Partial<Record<keyof typeof AWSPROF_KEYS, string>>;
}

export interface AssumePlan extends RolePlan {
  target: string;
  targetWasDefaulted: boolean;
  /** Things --force overwrote, for the message. */
  overwrites: string[];
}

export interface PlanDefaults {
  env: NodeJS.ProcessEnv;
  user: string;
  now: Date;
}

/**
 * Decides everything about an assumption before any network call, so bad input fails fast and writes nothing.
 * Flags beat the role profile's keys; the region falls back from the role profile to its source, then the environment.
 */
export function planAssume(view: AwsFilesView, input: AssumeInput, defaults: PlanDefaults): AssumePlan {
  const role = planRole(view, input, defaults);
  const profileName = role.profile;
  const source = role.source;
  const targetWasDefaulted = input.target === undefined;
  const target = input.target ?? DEFAULT_TARGET;
  assertValidProfileName(target);
  // The AWS CLI reads `[profile 'a b']`, but the JavaScript SDK skips such sections, and a credentials section named
  // `profile x` means profile x to the SDK: either way the keys would be invisible to half the tools.
  if (/\s/.test(target)) {
    throw new UsageError(`--as ${JSON.stringify(target)}: a target name with whitespace is not readable by every AWS SDK`, { hint: 'use letters, digits, - or _' });
  }
  if (target === profileName) {
    throw new UsageError(`--as ${target} would overwrite the profile being assumed; choose another target name`);
  }
  if (source.kind === 'profile' && target === source.profile) {
    throw new UsageError(`--as ${target} would overwrite the source credentials of ${profileName}; choose another target name`);
  }
  const overwrites = checkTarget(view, target, input.force === true);

  return { ...role, target, targetWasDefaulted, overwrites };
}

/** The role half of {@link planAssume}: which role, from which source, how; no target profile involved. */
export function planRole(view: AwsFilesView, input: Omit<AssumeInput, 'target' | 'force'>, defaults: PlanDefaults): RolePlan {
  const { env } = defaults;
  if (input.flags.region !== undefined) assertValidRegion(input.flags.region, '--region');
  const profileName = input.profile ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? 'default';
  assertValidProfileName(profileName);
  const profile = requireProfile(view, profileName);
  const settings = mergedSettings(profile);
  const flags = input.flags;

  let source: CredentialSourceSpec;
  let roleArn = flags.roleArn;
  const profileRoleArn = settingText(settings, 'role_arn');
  const sourceProfile = settingText(settings, 'source_profile');
  const credentialSource = settingText(settings, 'credential_source');
  if (profileRoleArn && (sourceProfile || credentialSource)) {
    roleArn ??= profileRoleArn;
    source = sourceProfile
      ? { kind: 'profile', profile: sourceProfile, managed: isWrittenByAwsprof(requireProfile(view, sourceProfile)) }
      : { kind: 'credential_source', value: credentialSource!, profile: profileName };
  } else if (profileRoleArn) {
    throw new UsageError(`profile ${profileName} has role_arn but neither source_profile nor credential_source`, {
      hint: 'awsprof needs credentials to call AssumeRole with; add source_profile to the profile',
    });
  } else {
    if (!roleArn) {
      throw new UsageError(`profile ${profileName} has no role_arn; pass --role-arn to assume a role with its credentials`);
    }
    source = { kind: 'profile', profile: profileName, managed: isWrittenByAwsprof(profile) };
  }
  if (!/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn)) {
    throw new UsageError(`${flags.roleArn ? '--role-arn' : `role_arn in profile ${profileName}`}: ${JSON.stringify(roleArn)} is not an IAM role ARN`, {
      hint: 'expected arn:aws:iam::123456789012:role/NAME',
    });
  }

  const sessionName = flags.sessionName ?? settingText(settings, 'role_session_name') ?? defaultSessionName(defaults.user, defaults.now);
  if (!isValidSessionName(sessionName)) {
    throw new UsageError(`session name ${JSON.stringify(sessionName)} is not allowed by STS`, { hint: '2 to 64 characters from letters, digits and +=,.@_-' });
  }
  const durationText = flags.duration ?? settingText(settings, 'duration_seconds');
  const durationSeconds = durationText === undefined ? 3600 : parseDuration(durationText, flags.duration ? '--duration' : `duration_seconds in profile ${profileName}`);
  const region = flags.region ?? regionAlongChain(view, profileName) ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);

  if (flags.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.endpointUrl)) {
    throw new UsageError(`--endpoint-url: ${JSON.stringify(flags.endpointUrl)} is not an http(s) URL`);
  }
  let policy = flags.policy;
  if (policy !== undefined) {
    try {
      policy = JSON.stringify(JSON.parse(policy));
    } catch {
      throw new UsageError('--policy is not valid JSON');
    }
  }
  const overrides: AssumePlan['overrides'] = {
    roleArn: flags.roleArn,
    sessionName: flags.sessionName,
    duration: flags.duration === undefined ? undefined : String(durationSeconds),
    mfaSerial: flags.mfaSerial,
    externalId: flags.externalId,
    policyArns: flags.policyArns?.length ? flags.policyArns.join(',') : undefined,
    policy,
    sourceIdentity: flags.sourceIdentity,
    endpointUrl: flags.endpointUrl,
  };
  return {
    profile: profileName,
    source,
    roleArn,
    sessionName,
    durationSeconds,
    mfaSerial: flags.mfaSerial ?? settingText(settings, 'mfa_serial'),
    externalId: flags.externalId ?? settingText(settings, 'external_id'),
    policyArns: flags.policyArns ?? [],
    policy,
    sourceIdentity: flags.sourceIdentity,
    region,
    endpointUrl: flags.endpointUrl,
    overrides,
  };
}

/** The first region found walking profile → source_profile → …, as far as the chain goes (cycles stop the walk). */
function regionAlongChain(view: AwsFilesView, start: string): string | undefined {
  const seen = new Set<string>();
  let current: string | undefined = start;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const profile = view.profiles.get(current);
    if (!profile) return undefined;
    const settings = mergedSettings(profile);
    const region = settingText(settings, 'region');
    if (region) return region;
    current = settingText(settings, 'source_profile');
  }
  return undefined;
}

/** Refuses targets whose role set-up would make the AWS CLI ignore the keys, or whose long-term keys would be lost. */
function checkTarget(view: AwsFilesView, target: string, force: boolean): string[] {
  const existing = view.profiles.get(target);
  if (!existing) return [];
  const config = existing.config;
  // A credential_process that `assume --process` wrote is ours to replace, with keys or another line.
  const ours = (key: string) => key === 'credential_process' && isWrittenByAwsprof(existing);
  const blocking = [...ROLE_SETUP_KEYS.filter((key) => key in config && !ours(key)), ...Object.keys(config).filter((key) => key.startsWith('sso_'))];
  if (blocking.length) {
    throw new AwsprofError(`profile ${target} has ${blocking.join(', ')} in config; the AWS CLI would ignore keys written there`, {
      hint: 'choose another name with --as',
      profile: target,
    });
  }
  const createdByAwsprof = isWrittenByAwsprof(existing);
  const keyId = settingText(existing.credentials, 'aws_access_key_id');
  const hasSessionToken = settingText(existing.credentials, 'aws_session_token') !== undefined;
  const longTerm = keyId !== undefined && (!hasSessionToken || keyId.startsWith('AKIA'));
  if (longTerm && !createdByAwsprof) {
    const masked = `${keyId.slice(0, 4)}…${keyId.slice(-4)}`;
    if (!force) {
      throw new AwsprofError(`profile ${target} holds long-term access keys (${masked}) that awsprof did not write`, {
        hint: 'choose another name with --as, or pass --force to overwrite them',
        profile: target,
      });
    }
    return [`long-term access key ${masked} in [${target}]`];
  }
  return [];
}
