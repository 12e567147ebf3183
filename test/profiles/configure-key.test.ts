import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { resolveGetTarget, resolveSetTarget } from '../../src/profiles/configure-key.js';

describe('resolveSetTarget (aws configure set argument forms)', () => {
  it.each([
    ['region', undefined, { file: 'config', section: 'default', key: 'region' }],
    ['region', 'dev', { file: 'config', section: 'profile dev', key: 'region' }],
    ['default.region', 'dev', { file: 'config', section: 'default', key: 'region' }],
    ['profile.prod.region', undefined, { file: 'config', section: 'profile prod', key: 'region' }],
    ['s3.max_concurrent_requests', 'dev', { file: 'config', section: 'profile dev', key: 's3', subkey: 'max_concurrent_requests' }],
    ['profile.prod.s3.addressing_style', undefined, { file: 'config', section: 'profile prod', key: 's3', subkey: 'addressing_style' }],
    ['aws_access_key_id', 'dev', { file: 'credentials', section: 'dev', key: 'aws_access_key_id' }],
    ['aws_security_token', 'dev', { file: 'credentials', section: 'dev', key: 'aws_security_token' }],
    ['plugins.cli_legacy_plugin_path', undefined, { file: 'config', section: 'plugins', key: 'cli_legacy_plugin_path' }],
    ['plug.x', undefined, { file: 'config', section: 'default', key: 'plug', subkey: 'x' }],
    ['region', 'my profile', { file: 'config', section: "profile 'my profile'", key: 'region' }],
    ['region', 'lug', { file: 'config', section: 'profile lug', key: 'region' }],
  ])('%s with profile %s', (varname, profile, expected) => {
    expect(resolveSetTarget(varname, profile)).toMatchObject(expected);
  });

  it.each(['profile.dev', 'a.b.c', 'profile.dev.a.b.c', '.region', 'region.', 'plugins.a.b', 'a=b', 'reg ion '])('refuses %j', (varname) => {
    expect(() => resolveSetTarget(varname, undefined)).toThrow(UsageError);
  });
});

describe('resolveGetTarget (aws configure get argument forms)', () => {
  const known = new Set(['dev', 'prod']);
  it.each([
    ['region', undefined, { profile: 'default', key: 'region' }],
    ['region', 'dev', { profile: 'dev', key: 'region' }],
    ['dev.region', undefined, { profile: 'dev', key: 'region' }],
    ['profile.prod.s3.x', undefined, { profile: 'prod', key: 's3', subkey: 'x' }],
    ['s3.x', 'dev', { profile: 'dev', key: 's3', subkey: 'x' }],
    ['plugins.x', undefined, { profile: undefined, key: 'x' }],
  ])('%s with profile %s', (varname, profile, expected) => {
    expect(resolveGetTarget(varname, profile, known)).toEqual({ subkey: undefined, ...expected });
  });
});
