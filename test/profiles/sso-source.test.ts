import { describe, expect, it } from 'vitest';
import { ssoLoginOfProfile } from '../../src/profiles/sso-source.js';
import { readAwsFiles } from '../../src/profiles/view.js';

const SESSIONS = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n';

describe('ssoLoginOfProfile (#9)', () => {
  const view = readAwsFiles(
    `${SESSIONS}[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[profile chained]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = sso\n` +
      '[profile legacy]\nsso_start_url = https://old.awsapps.com/start\nsso_account_id = 1\nsso_role_name = R\n[profile keys]\nregion = x\n[profile loop]\nrole_arn = a\nsource_profile = loop\n',
    '[keys]\naws_access_key_id = AKIA\naws_secret_access_key = s\n',
  );
  it.each([
    ['sso', 'corp'],
    ['chained', 'corp'],
    ['legacy', 'https://old.awsapps.com/start'],
    ['keys', undefined],
    ['loop', undefined],
    ['missing', undefined],
  ])('%s → %s', (profile, login) => {
    expect(ssoLoginOfProfile(view, profile)).toBe(login);
  });
});
