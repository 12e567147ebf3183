import { shlexQuote, shlexSplit } from './shlex.js';

/**
 * How section headers map to profiles. In config, `[default]` and `[profile NAME]`; in credentials, `[NAME]`.
 * This follows botocore (build_profile_map), which is what the AWS CLI reads; see docs/differences-from-aws-sdk.md
 * for where the JavaScript SDK reads the same headers differently.
 */
export type SectionKind = 'profile' | 'sso-session' | 'services' | 'other';

export interface ConfigSectionName {
  kind: SectionKind;
  /** The profile, sso-session or services name; the whole header for `other`. */
  name: string;
}

export function parseConfigSectionHeader(header: string): ConfigSectionName {
  if (header === 'default') return { kind: 'profile', name: 'default' };
  // The common case, `profile NAME` with a plain name, needs no shlex (this runs 10,000 times for big configs).
  if (header.startsWith('profile ')) {
    const name = header.slice(8);
    if (/^[\w@%+=:,./-]+$/.test(name)) return { kind: 'profile', name };
  }
  for (const kind of ['profile', 'sso-session', 'services'] as const) {
    // botocore tests startswith(kind) and takes the second shlex word, so `[profile "a b"]` is profile `a b`.
    if (!header.startsWith(kind)) continue;
    const words = shlexSplit(header);
    if (words && words.length === 2 && words[1] !== undefined) return { kind, name: words[1] };
    return { kind: 'other', name: header };
  }
  return { kind: 'other', name: header };
}

/**
 * The config header for a profile, as botocore reads it back: `profile NAME` split with shlex, NAME the second word.
 * The AWS CLI (configure/__init__.py `profile_to_section`) quotes only names with a space or tab, so it writes
 * `[profile it's]` or `[profile a\b]`, which botocore then cannot read as `it's` or `a\b`; awsprof quotes every name
 * whose shlex reading differs from the name itself (`[profile 'it'"'"'s']`), which botocore reads back exactly.
 */
export function formatConfigSectionHeader(profile: string): string {
  if (profile === 'default') return 'default';
  if (/^[\w@%+=:,./-]+$/.test(profile)) return `profile ${profile}`;
  const words = shlexSplit(`profile ${profile}`);
  const readsBack = words !== undefined && words.length === 2 && words[1] === profile;
  return readsBack && !/[ \t]/.test(profile) ? `profile ${profile}` : `profile ${shlexQuote(profile)}`;
}

/** Credentials headers are the bare profile name. */
export function formatCredentialsSectionHeader(profile: string): string {
  return profile;
}
