import { describe, expect, it } from 'vitest';
import { AwsprofError, UsageError } from '../../src/errors.js';
import { parseSsoTokenCache, ssoTokenCachePath } from '../../src/files/sso-token-cache.js';
import { resolveSsoSession, ssoLoginOfProfile } from '../../src/profiles/sso-session.js';
import { readAwsFiles } from '../../src/profiles/view.js';

const SESSIONS = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n';

describe('resolveSsoSession (#9)', () => {
  it('takes the named one, the only one, or the one of AWS_PROFILE', () => {
    const two = readAwsFiles(`${SESSIONS}[sso-session lab]\nsso_start_url = https://lab.awsapps.com/start\nsso_region = us-east-1\n[profile p]\nsso_session = lab\n`, '');
    expect(resolveSsoSession(two, 'corp', undefined)).toEqual({ name: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1' });
    expect(resolveSsoSession(two, undefined, 'p').name).toBe('lab');
    expect(() => resolveSsoSession(two, undefined, undefined)).toThrow(UsageError);
    expect(resolveSsoSession(readAwsFiles(SESSIONS, ''), undefined, undefined).name).toBe('corp');
  });

  it('refuses a missing session or one without a usable region', () => {
    expect(() => resolveSsoSession(readAwsFiles(SESSIONS, ''), 'crop', undefined)).toThrow(expect.objectContaining({ message: 'sso-session crop not found in config', hint: 'did you mean corp?' }));
    expect(() => resolveSsoSession(readAwsFiles('', ''), undefined, undefined)).toThrow(AwsprofError);
    expect(() => resolveSsoSession(readAwsFiles(SESSIONS.replace('eu-west-1', 'eu west'), ''), undefined, undefined)).toThrow(/sso_region that is not a region name/);
  });
});

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

describe('the AWS CLI v2 token cache (#9)', () => {
  it('is keyed by sha1 of the session name under HOME, whatever AWS_CONFIG_FILE says', async () => {
    // sha1("corp"), as botocore's SSOTokenLoader computes it.
    expect(await ssoTokenCachePath({ HOME: '/h', AWS_CONFIG_FILE: '/elsewhere/config' }, 'corp')).toBe('/h/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json');
  });

  it('reads the token and its expiry; anything else is no login', () => {
    expect(parseSsoTokenCache('{"accessToken":"aoa1","expiresAt":"2030-01-01T00:00:00Z","startUrl":"u","region":"eu-west-1","refreshToken":"r"}')).toEqual({
      accessToken: 'aoa1', expiresAt: new Date('2030-01-01T00:00:00Z'), startUrl: 'u', region: 'eu-west-1',
    });
    for (const text of ['', 'null', '{}', '{"accessToken":"a"}', '{"accessToken":"a","expiresAt":"soon"}', '{"accessToken":"","expiresAt":"2030-01-01T00:00:00Z"}']) {
      expect(parseSsoTokenCache(text)).toBeUndefined();
    }
  });
});
