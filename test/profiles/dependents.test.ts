import { describe, expect, it } from 'vitest';
import { profilesUsingAsSource } from '../../src/profiles/dependents.js';
import { readAwsFiles } from '../../src/profiles/view.js';

describe('profilesUsingAsSource (#7)', () => {
  const config = [
    '[profile base]',
    'region = eu-west-1',
    '[profile dev]',
    'role_arn = arn:aws:iam::111122223333:role/Dev',
    'source_profile = base',
    '[default]',
    'source_profile = base',
    '[profile ci]',
    'role_arn = arn:aws:iam::111122223333:role/Ci',
    'credential_source = Environment',
    '[profile moved]',
    'source_profile = base',
    '[profile self]',
    'source_profile = self',
    '[profile Base]',
    'source_profile = Base',
    '[sso-session base]',
    'sso_region = eu-west-1',
    '',
  ].join('\n');
  // The credentials file's source_profile wins over the config's, as in botocore's merged profile.
  const credentials = '[moved]\nsource_profile = elsewhere\n[keys-only]\nsource_profile = base\n';
  const view = readAwsFiles(config, credentials);

  it.each([
    ['base', ['dev', 'default', 'keys-only']],
    ['elsewhere', ['moved']],
    // Names are case-sensitive; the profile naming itself is left out.
    ['Base', []],
    ['self', []],
    // credential_source names a kind of source, not a profile.
    ['Environment', []],
    ['nobody', []],
  ])('%s is the source of %j', (name, expected) => {
    expect(profilesUsingAsSource(view, name)).toEqual(expected);
  });
});
