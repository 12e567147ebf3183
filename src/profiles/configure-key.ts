import { UsageError } from '../errors.js';
import { formatConfigSectionHeader, formatCredentialsSectionHeader } from './names.js';
import { assertValidKey, assertValidProfileName } from './validate.js';

/**
 * What `aws configure set/get VARNAME` means (awscli/customizations/configure/set.py and get.py):
 * `region` in the current profile, `default.region`, `profile.NAME.region`, `s3.max_concurrent_requests` (nested),
 * `plugins.NAME` (the [plugins] section). Keys that carry credentials go to the credentials file.
 */
export const CREDENTIAL_KEYS: ReadonlySet<string> = new Set([
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  // Legacy name some tools still write; the AWS CLI sends it to config, which would leak a secret there.
  'aws_security_token',
]);

const PLUGINS_SECTION = 'plugins';

export interface ConfigureTarget {
  file: 'config' | 'credentials';
  /** The section header to edit, without brackets. */
  section: string;
  /** The profile the key belongs to; undefined for [plugins]. */
  profile?: string;
  key: string;
  subkey?: string;
}

/**
 * Resolves a `set` varname. `currentProfile` is --profile, else AWS_PROFILE, else undefined (meaning `default`).
 * Unlike set.py, a name that is merely a substring of `plugins` (`plug.x`) is not treated as the plugins section,
 * and forms set.py crashes on or silently truncates (`profile.dev`, `a.b.c.d`) are usage errors.
 */
export function resolveSetTarget(varname: string, currentProfile: string | undefined): ConfigureTarget {
  const parts = varname.split('.');
  if (parts.some((part) => part === '')) throw new UsageError(`invalid key ${JSON.stringify(varname)}: empty part between dots`);
  let profile = currentProfile ?? 'default';
  let path: string[];
  if (parts.length === 1) {
    path = parts;
  } else if (parts[0] === 'default') {
    profile = 'default';
    path = parts.slice(1);
  } else if (parts[0] === 'profile') {
    if (parts.length < 3) throw new UsageError(`invalid key ${JSON.stringify(varname)}: expected profile.NAME.KEY`);
    profile = parts[1]!;
    path = parts.slice(2);
  } else if (parts[0] === PLUGINS_SECTION) {
    if (parts.length !== 2) throw new UsageError(`invalid key ${JSON.stringify(varname)}: expected plugins.NAME`);
    assertValidKey(parts[1]!);
    return { file: 'config', section: PLUGINS_SECTION, key: parts[1]! };
  } else {
    path = parts;
  }
  if (path.length > 2) {
    throw new UsageError(`invalid key ${JSON.stringify(varname)}: only one level of nesting is supported (KEY.SUBKEY)`);
  }
  const [key, subkey] = path as [string, string | undefined];
  assertValidProfileName(profile);
  assertValidKey(key);
  if (subkey !== undefined) assertValidKey(subkey);
  if (CREDENTIAL_KEYS.has(key.toLowerCase())) {
    return { file: 'credentials', section: formatCredentialsSectionHeader(profile), profile, key, subkey };
  }
  return { file: 'config', section: formatConfigSectionHeader(profile), profile, key, subkey };
}

export interface GetTarget {
  /** undefined means the [plugins] section. */
  profile?: string;
  key: string;
  subkey?: string;
}

/**
 * Resolves a `get` varname like get.py: `profile.NAME.KEY[.SUB]`, `default.KEY[.SUB]`, `KNOWNPROFILE.KEY[.SUB]`,
 * else `KEY[.SUB]` in the current profile. get.py ignores a fourth part; so do we, to print what it prints.
 */
export function resolveGetTarget(varname: string, currentProfile: string | undefined, knownProfiles: ReadonlySet<string>): GetTarget {
  const parts = varname.split('.');
  if (parts.length === 2 && parts[0] === PLUGINS_SECTION) return { key: parts[1]! };
  let profile: string;
  let rest: string[];
  if (parts.length > 1 && parts[0] === 'profile') {
    if (parts.length < 3) throw new UsageError(`invalid key ${JSON.stringify(varname)}: expected profile.NAME.KEY`);
    profile = parts[1]!;
    rest = parts.slice(2);
  } else if (parts.length > 1 && (parts[0] === 'default' || knownProfiles.has(parts[0]!))) {
    profile = parts[0]!;
    rest = parts.slice(1);
  } else {
    profile = currentProfile ?? 'default';
    rest = parts;
  }
  return { profile, key: rest[0]!, subkey: rest.length === 2 ? rest[1] : undefined };
}
