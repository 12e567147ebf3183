import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AwsprofError, UsageError } from '../../src/errors.js';
import { planAssume } from '../../src/profiles/assume-plan.js';
import { readAwsFiles } from '../../src/profiles/view.js';

const config = readFileSync('fixtures/real-world/config', 'utf8');
const credentials = readFileSync('fixtures/real-world/credentials', 'utf8');
const view = readAwsFiles(config, credentials);
const defaults = { env: {}, user: 'alice', now: new Date(2026, 10, 23) };

describe('planAssume', () => {
  it('takes everything from the role profile', () => {
    const plan = planAssume(view, { profile: 'prod', target: 'prod-session', flags: {} }, defaults);
    expect(plan).toMatchObject({
      source: { kind: 'profile', profile: 'default' },
      roleArn: 'arn:aws:iam::333333333333:role/ReadOnly',
      mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
      externalId: 'shared-secret-id',
      region: 'us-west-2',
      sessionName: 'alice-20261123',
      durationSeconds: 3600,
      overrides: {},
    });
  });

  it('lets flags win and records them for refresh', () => {
    const plan = planAssume(view, { profile: 'dev', target: 'x', flags: { duration: '2h', region: 'ap-south-1', policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } }, defaults);
    expect(plan.durationSeconds).toBe(7200);
    expect(plan.region).toBe('ap-south-1');
    expect(plan.overrides).toMatchObject({ duration: '7200', policyArns: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
  });

  it('falls back to the source profile region, then the environment', () => {
    const noRegion = readAwsFiles('[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = s\n[profile s]\n', '[s]\naws_access_key_id = A\naws_secret_access_key = B\n');
    expect(planAssume(noRegion, { profile: 'r', target: 't', flags: {} }, { ...defaults, env: { AWS_REGION: 'eu-north-1' } }).region).toBe('eu-north-1');
    expect(planAssume(view, { profile: 'dev', target: 't', flags: {} }, defaults).region).toBe('eu-west-1');
  });

  it('finds the region anywhere along the source chain', () => {
    const chain = readAwsFiles(
      '[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::222222222222:role/B\nsource_profile = c\n[profile c]\nregion = sa-east-1\n',
      '[c]\naws_access_key_id = A\naws_secret_access_key = B\n',
    );
    expect(planAssume(chain, { profile: 'a', target: 't', flags: {} }, defaults).region).toBe('sa-east-1');
  });

  it('uses the profile itself as the source with --role-arn (the how-to guides’ flow)', () => {
    const plan = planAssume(view, { profile: 'default', target: 'admin', flags: { roleArn: 'arn:aws:iam::123456789012:role/Admin' } }, defaults);
    expect(plan.source).toEqual({ kind: 'profile', profile: 'default', managed: false });
    expect(plan.overrides.roleArn).toBe('arn:aws:iam::123456789012:role/Admin');
  });

  it('defaults the target to assumed-role and says it did', () => {
    const plan = planAssume(view, { profile: 'dev', flags: {} }, defaults);
    expect([plan.target, plan.targetWasDefaulted]).toEqual(['assumed-role', true]);
  });

  it.each([
    ['no role_arn and no --role-arn', { profile: 'default', target: 't', flags: {} }, UsageError, /has no role_arn/],
    ['a bad role ARN', { profile: 'default', target: 't', flags: { roleArn: 'Admin' } }, UsageError, /not an IAM role ARN/],
    ['target = source', { profile: 'dev', target: 'default', flags: {} }, UsageError, /would overwrite the source credentials of dev/],
    ['target with role settings', { profile: 'dev', target: 'prod', flags: {} }, AwsprofError, /has role_arn, source_profile/],
    ['target with SSO settings', { profile: 'dev', target: 'sso-admin', flags: {} }, AwsprofError, /sso_session/],
    ['target with credential_process', { profile: 'dev', target: 'tooling', flags: {} }, AwsprofError, /credential_process/],
    ['an unknown profile', { profile: 'dve', target: 't', flags: {} }, AwsprofError, /profile dve not found/],
    ['a duration out of range', { profile: 'dev', target: 't', flags: { duration: '13h' } }, UsageError, /outside what STS allows/],
    ['an invalid session name', { profile: 'dev', target: 't', flags: { sessionName: 'a b' } }, UsageError, /not allowed by STS/],
    ['a target name with whitespace', { profile: 'dev', target: 'my target', flags: {} }, UsageError, /whitespace is not readable/],
    ['invalid policy JSON', { profile: 'dev', target: 't', flags: { policy: '{' } }, UsageError, /not valid JSON/],
  ])('refuses %s', (_name, input, type, message) => {
    expect(() => planAssume(view, input, defaults)).toThrow(type);
    expect(() => planAssume(view, input, defaults)).toThrow(message);
  });

  it('refuses to overwrite long-term keys awsprof did not write, unless forced', () => {
    const withKeys = readAwsFiles(config, `${credentials}\n[keep]\naws_access_key_id = AKIAKEEPKEEPKEEP1234\naws_secret_access_key = s\n`);
    expect(() => planAssume(withKeys, { profile: 'dev', target: 'keep', flags: {} }, defaults)).toThrow(/long-term access keys \(AKIA…1234\)/);
    const forced = planAssume(withKeys, { profile: 'dev', target: 'keep', flags: {}, force: true }, defaults);
    expect(forced.overwrites).toEqual(['long-term access key AKIA…1234 in [keep]']);
  });

  it('suggests close profile names', () => {
    try {
      planAssume(view, { profile: 'dve', target: 't', flags: {} }, defaults);
    } catch (error) {
      expect((error as AwsprofError).hint).toBe('did you mean dev?');
    }
  });
});
