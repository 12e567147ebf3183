import { type IniProblem, type IniView, readText } from '../ini/read.js';
import { ProfileNotFoundError } from '../errors.js';
import { parseConfigSectionHeader } from './names.js';
import { didYouMean } from './suggest.js';
import { assertValidProfileName } from './validate.js';

export type ConfigValue = string | Record<string, string>;

export interface ProfileData {
  name: string;
  /** Keys from config, lowercased as the AWS CLI reads them; later duplicates win. */
  config: Record<string, ConfigValue>;
  /** Keys from credentials. */
  credentials: Record<string, ConfigValue>;
  /** 1-based header lines, for messages. */
  configLine?: number;
  credentialsLine?: number;
}

export interface FileProblem extends IniProblem {
  file: 'config' | 'credentials';
}

export interface AwsFilesView {
  /** In file order: config profiles first, then credentials-only ones. */
  profiles: Map<string, ProfileData>;
  ssoSessions: Map<string, Record<string, ConfigValue>>;
  /** Config sections that are not profiles, sso-sessions or services, e.g. [plugins]. */
  otherSections: Map<string, Record<string, ConfigValue>>;
  problems: FileProblem[];
  configView: IniView;
  credentialsView: IniView;
}

function sectionValues(view: IniView, sectionIndex: number, into: Record<string, ConfigValue>): void {
  const section = view.sections[sectionIndex]!;
  for (const entry of section.entries) into[entry.name] = entry.nested ?? entry.value;
}

/** Builds the AWS CLI's picture of both files (botocore's full_config): credentials keys merge over config. */
export function readAwsFiles(configText: string, credentialsText: string): AwsFilesView {
  const configView = readText(configText);
  const credentialsView = readText(credentialsText);
  const profiles = new Map<string, ProfileData>();
  const ssoSessions = new Map<string, Record<string, ConfigValue>>();
  const otherSections = new Map<string, Record<string, ConfigValue>>();
  const profile = (name: string): ProfileData => {
    let data = profiles.get(name);
    if (!data) {
      data = { name, config: {}, credentials: {} };
      profiles.set(name, data);
    }
    return data;
  };
  configView.sections.forEach((section, index) => {
    const parsed = parseConfigSectionHeader(section.header);
    if (parsed.kind === 'profile') {
      const data = profile(parsed.name);
      data.configLine ??= section.line + 1;
      sectionValues(configView, index, data.config);
    } else if (parsed.kind === 'sso-session') {
      const values = ssoSessions.get(parsed.name) ?? {};
      sectionValues(configView, index, values);
      ssoSessions.set(parsed.name, values);
    } else if (parsed.kind === 'other') {
      const values = otherSections.get(parsed.name) ?? {};
      sectionValues(configView, index, values);
      otherSections.set(parsed.name, values);
    }
  });
  credentialsView.sections.forEach((section, index) => {
    const data = profile(section.header);
    data.credentialsLine ??= section.line + 1;
    sectionValues(credentialsView, index, data.credentials);
  });
  const problems: FileProblem[] = [
    ...configView.problems.map((problem) => ({ ...problem, file: 'config' as const })),
    ...credentialsView.problems.map((problem) => ({ ...problem, file: 'credentials' as const })),
  ];
  return { profiles, ssoSessions, otherSections, problems, configView, credentialsView };
}

/** A profile's settings as the AWS CLI sees them: credentials-file keys override config-file keys. */
export function mergedSettings(profile: ProfileData): Record<string, ConfigValue> {
  return { ...profile.config, ...profile.credentials };
}

/** The value as a string, or undefined when missing or nested. */
export function settingText(settings: Record<string, ConfigValue>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' ? value : undefined;
}

/** The profile, or a not-found error that suggests the closest names. */
export function requireProfile(view: AwsFilesView, name: string): ProfileData {
  assertValidProfileName(name);
  const profile = view.profiles.get(name);
  if (!profile) {
    throw new ProfileNotFoundError(`profile ${name} not found in config or credentials`, { profile: name, hint: didYouMean(name, view.profiles.keys()) });
  }
  return profile;
}
