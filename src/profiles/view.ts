import { type IniProblem, type IniSink, readTextInto } from '../ini/read.js';
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
}

/**
 * Takes a file's sections straight into the view's records, so reading 10,000 profiles builds no entry objects and
 * no per-line roles, only the values (#7). Duplicate sections merge and later keys win, as in botocore.
 */
class FilesSink implements IniSink {
  /** Where the current section's keys go; undefined for sections the view leaves out ([services x]). */
  private into: Record<string, ConfigValue> | undefined;
  file: 'config' | 'credentials' = 'config';

  constructor(private readonly view: AwsFilesView) {}

  section(header: string, line: number): void {
    const view = this.view;
    if (this.file === 'credentials') {
      const data = this.profile(header);
      data.credentialsLine ??= line + 1;
      this.into = data.credentials;
      return;
    }
    const parsed = parseConfigSectionHeader(header);
    if (parsed.kind === 'profile') {
      const data = this.profile(parsed.name);
      data.configLine ??= line + 1;
      this.into = data.config;
    } else if (parsed.kind === 'sso-session' || parsed.kind === 'other') {
      const records = parsed.kind === 'sso-session' ? view.ssoSessions : view.otherSections;
      let values = records.get(parsed.name);
      if (!values) records.set(parsed.name, (values = {}));
      this.into = values;
    } else {
      this.into = undefined;
    }
  }

  entry(_key: string, name: string, value: string, nested: Record<string, string> | undefined): void {
    if (this.into) this.into[name] = nested ?? value;
  }

  problem(problem: IniProblem): void {
    this.view.problems.push({ ...problem, file: this.file });
  }

  private profile(name: string): ProfileData {
    let data = this.view.profiles.get(name);
    if (!data) {
      data = { name, config: {}, credentials: {} };
      this.view.profiles.set(name, data);
    }
    return data;
  }
}

/** Builds the AWS CLI's picture of both files (botocore's full_config): credentials keys merge over config. */
export function readAwsFiles(configText: string, credentialsText: string): AwsFilesView {
  const view: AwsFilesView = { profiles: new Map(), ssoSessions: new Map(), otherSections: new Map(), problems: [] };
  const sink = new FilesSink(view);
  readTextInto(configText, sink);
  sink.file = 'credentials';
  readTextInto(credentialsText, sink);
  return view;
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
