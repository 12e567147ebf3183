// The pure half of `awsprof console`: which credentials, which partition's hosts, which page, which duration rule.
import { describe, expect, it } from 'vitest';
import {
  assertConsoleDestination,
  consoleDestination,
  federatedUserName,
  federationEndpoint,
  formatLoginUrl,
  formatSigninTokenRequest,
  isValidSigninToken,
  planConsole,
  resolvePartition,
  sessionDurationFor,
} from '../../src/profiles/console-plan.js';
import { readAwsFiles } from '../../src/profiles/view.js';

const CONFIG = `[default]
region = eu-west-1
[profile dev]
role_arn = arn:aws:iam::111122223333:role/Developer
source_profile = default
[profile admin]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = dev
[profile gov]
role_arn = arn:aws-us-gov:iam::111122223333:role/Gov
source_profile = nokeys
[profile nokeys]
[profile box]
role_arn = arn:aws:iam::111122223333:role/Box
credential_source = Ec2InstanceMetadata
[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
[profile dev-keys]
region = eu-west-1
awsprof_source_profile = dev
[profile admin-keys]
awsprof_source_profile = admin
[profile any-keys]
awsprof_source_profile = default
awsprof_role_arn = arn:aws-cn:iam::111122223333:role/Any
[profile beijing]
region = cn-north-1
[profile secret]
region = us-isob-east-1
`;
const KEYS = (name: string) => `[${name}]\naws_access_key_id = ASIA${name.toUpperCase()}\naws_secret_access_key = s\naws_session_token = t\n`;
const CREDENTIALS = `[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n${KEYS('dev-keys')}${KEYS('admin-keys')}${KEYS('any-keys')}${KEYS('beijing')}`;
const view = readAwsFiles(CONFIG, CREDENTIALS);
const plan = (profile: string, input: Record<string, string> = {}) => planConsole(view, { profile, ...input }, { env: {} });

describe('planConsole', () => {
  it.each([
    ['default', 'sdk', false],
    ['dev', 'sdk', true],
    ['admin', 'sdk', false],
    ['box', 'sdk', false],
    ['sso', 'sdk', false],
    ['dev-keys', 'keys', true],
    ['admin-keys', 'keys', false],
    ['any-keys', 'keys', true],
  ])('%s: source %s, a role assumed with long-term keys: %s', (profile, kind, directRole) => {
    expect(plan(profile)).toMatchObject({ source: { kind }, directRole });
  });

  it('the region walks the source chain; the partition comes from it, else from the role ARN', () => {
    expect(plan('admin')).toMatchObject({ region: 'eu-west-1', partition: 'aws' });
    expect(plan('beijing')).toMatchObject({ region: 'cn-north-1', partition: 'aws-cn' });
    expect(plan('gov')).toMatchObject({ region: undefined, partition: 'aws-us-gov' });
    expect(plan('any-keys')).toMatchObject({ region: 'eu-west-1', partition: 'aws' });
    expect(plan('dev', { region: 'us-gov-west-1' })).toMatchObject({ region: 'us-gov-west-1', partition: 'aws-us-gov' });
  });

  it('a partition without a public console is refused', () => {
    expect(() => plan('secret')).toThrow('profile secret: region us-isob-east-1 is in partition aws-iso-b, which has no console awsprof knows the address of');
  });

  it('AWS_PROFILE, then default', () => {
    expect(planConsole(view, {}, { env: { AWS_PROFILE: 'dev' } }).profile).toBe('dev');
    expect(planConsole(view, {}, { env: {} }).profile).toBe('default');
  });
});

describe('hosts and pages per partition (no AWSPROF_SIGNIN_URL: the real endpoints)', () => {
  it.each([
    ['aws', undefined, 'https://signin.aws.amazon.com/federation', 'https://console.aws.amazon.com/console/home'],
    ['aws', 'eu-west-1', 'https://signin.aws.amazon.com/federation', 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1'],
    ['aws-cn', 'cn-northwest-1', 'https://signin.amazonaws.cn/federation', 'https://cn-northwest-1.console.amazonaws.cn/console/home?region=cn-northwest-1'],
    ['aws-us-gov', 'us-gov-west-1', 'https://signin.amazonaws-us-gov.com/federation', 'https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1'],
  ] as const)('%s %s', (partition, region, endpoint, destination) => {
    expect(federationEndpoint(partition, undefined)).toBe(endpoint);
    expect(consoleDestination({ region }, partition)).toBe(destination);
  });

  it('the partition of the credentials ARN decides when the files name none', () => {
    expect(resolvePartition({ partition: undefined }, 'arn:aws-cn:sts::111122223333:federated-user/a')).toBe('aws-cn');
    expect(resolvePartition({ partition: 'aws-us-gov' }, 'arn:aws:sts::111122223333:federated-user/a')).toBe('aws-us-gov');
    expect(resolvePartition({ partition: undefined }, undefined)).toBe('aws');
  });

  it('AWSPROF_SIGNIN_URL: /federation added to a bare origin, a path kept; no query, fragment or user', () => {
    expect(federationEndpoint('aws-cn', 'http://127.0.0.1:4566')).toBe('http://127.0.0.1:4566/federation');
    expect(federationEndpoint('aws', 'https://signin.example.com/custom/federation')).toBe('https://signin.example.com/custom/federation');
    for (const bad of ['not a url', 'ftp://x/', 'https://u:p@x/', 'https://x/?a=1', 'https://x/#f']) expect(() => federationEndpoint('aws', bad)).toThrow(/AWSPROF_SIGNIN_URL/);
  });

  it('--service lands on the service page', () => {
    expect(consoleDestination({ region: 'eu-west-1', service: 's3' }, 'aws')).toBe('https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1');
  });

  it.each([
    ['https://console.aws.amazon.com/iam/home#/users', 'aws', true],
    ['https://eu-west-1.console.aws.amazon.com/s3/home', 'aws', true],
    ['https://console.amazonaws.cn/', 'aws-cn', true],
    ['https://console.amazonaws.cn/', 'aws', false],
    ['http://console.aws.amazon.com/', 'aws', false],
    ['https://console.aws.amazon.com.evil.com/', 'aws', false],
    ['https://evil.com/.console.aws.amazon.com/', 'aws', false],
    ['https://a.b.console.aws.amazon.com/', 'aws', false],
    ['https://user@console.aws.amazon.com/', 'aws', false],
    ['https://console.aws.amazon.com:8443/', 'aws', false],
    ['javascript:alert(1)', 'aws', false],
    ['https://console.amazonaws.cn/', undefined, true],
    ['https://eu-west-1.console.aws.amazon.com/', undefined, true],
    ['https://evil.com/', undefined, false],
  ] as const)('--destination %s in %s: %s', (destination, partition, ok) => {
    const check = () => assertConsoleDestination(destination, partition);
    if (ok) expect(check()).toBe(new URL(destination).href);
    else expect(check).toThrow(/--destination/);
  });
});

describe('durations', () => {
  it.each([
    ['direct-role', 7200, { sessionDuration: 7200, ignored: false }],
    ['federation-token', 7200, { ignored: false }],
    ['other', 7200, { ignored: true }],
    ['other', undefined, { ignored: false }],
    ['direct-role', undefined, { ignored: false }],
  ] as const)('%s with %s', (origin, seconds, expected) => {
    expect(sessionDurationFor(origin, seconds)).toEqual(expected);
  });
});

describe('names, tokens and URLs', () => {
  it('the federated user name: allowed characters, 2 to 32 of them', () => {
    expect(federatedUserName('alice')).toBe('alice');
    expect(federatedUserName('a'.repeat(40))).toBe('a'.repeat(32));
    expect(federatedUserName('jean pierre/ü')).toBe('jean-pierre--');
    expect(federatedUserName('x')).toMatch(/^[\w+=,.@-]{2,32}$/);
    expect(federatedUserName('')).toBe('awsprof');
  });

  it('a SigninToken: URL-safe base64 characters, 16 to 8192 of them', () => {
    expect(isValidSigninToken('A'.repeat(16))).toBe(true);
    expect(isValidSigninToken('Ab-_'.repeat(300))).toBe(true);
    for (const bad of ['short', 'A'.repeat(8193), 'A'.repeat(20) + '&Destination=x', 'A'.repeat(20) + '\n', 42, undefined]) expect(isValidSigninToken(bad)).toBe(false);
  });

  it('the two URLs: SessionDuration only when given, every value encoded', () => {
    const request = new URL(formatSigninTokenRequest('https://signin.aws.amazon.com/federation', { accessKeyId: 'ASIA1', secretAccessKey: 'a+b/c', sessionToken: 't=&' }, 900));
    expect(Object.fromEntries(request.searchParams)).toEqual({ Action: 'getSigninToken', SessionDuration: '900', Session: '{"sessionId":"ASIA1","sessionKey":"a+b/c","sessionToken":"t=&"}' });
    expect(formatSigninTokenRequest('https://x/federation', { accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c' }, undefined)).not.toContain('SessionDuration');
    const login = new URL(formatLoginUrl('https://signin.aws.amazon.com/federation', 'https://console.aws.amazon.com/s3/home?region=x&y=1', 'TOKEN'));
    expect(Object.fromEntries(login.searchParams)).toEqual({ Action: 'login', Issuer: 'awsprof', Destination: 'https://console.aws.amazon.com/s3/home?region=x&y=1', SigninToken: 'TOKEN' });
  });
});
