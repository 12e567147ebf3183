// `awsprof list` end to end on fixtures/list (one profile of every kind): the exact table, the active marker,
// --json, --expired, patterns, relative expiry times, duplicate warnings, no secret anywhere, and 10,000 profiles.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig, generateCredentials } from '../../scripts/bench/env.js';
import { aws, awsprof, cleanEnv, withTempDir } from '../support/cli.js';

const FIXTURE = resolve('fixtures/list');
const DUPLICATES = resolve('fixtures/list/duplicates');
const DAY = 86_400_000;

/** The table for fixtures/list with nothing selected but default; N stands for a whole number of days. */
const TABLE = `   PROFILE         KIND          SOURCE                                       REGION          EXPIRES
*  default         static        access key                                   us-east-1       -
   keys-in-config  static        access key                                   eu-central-1    -
   dev             role          default → Developer                          eu-west-1       -
   ec2-role        role          (Ec2InstanceMetadata) → InstanceRole         -               -
   ci              web-identity  web identity → GitHubActions                 us-west-2       -
   sso-admin       sso           sso 333333333333/AdministratorAccess (corp)  ap-southeast-2  -
   sso-legacy      sso           sso 444444444444/ReadOnly                    -               -
   tooling         process       process fetch-creds                          ca-central-1    -
   settings-only   settings      -                                            sa-east-1       -
   assumed-dev     temporary     assumed from dev                             eu-west-1       in Nd
   assumed-old     temporary     assumed from dev                             eu-west-1       expired Nd ago
   saml            temporary     -                                            -               expired Nd ago
   epoch           temporary     -                                            -               in Nd
   no-expiry       temporary     -                                            -               unknown
`;

/** Fixed expiry times in fixtures/list/credentials. */
const EXPIRY = {
  'assumed-dev': '2099-01-01T00:00:00.000Z',
  'assumed-old': '2020-01-01T00:00:00.000Z',
  saml: '2021-06-01T12:00:00.000Z',
  epoch: '2100-01-01T00:00:00.000Z',
} as const;

let home: string;
let env: NodeJS.ProcessEnv;

function fixtureEnv(folder: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return cleanEnv(home, { AWS_CONFIG_FILE: join(folder, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'), ...extra });
}

const list = (args: string[] = [], extra: Record<string, string | undefined> = {}) => awsprof(['list', ...args], { ...env, ...extra });

/** Days as `awsprof list` counts them: whole days, rounded down. */
const daysBetween = (a: number, b: number) => Math.floor(Math.round(Math.abs(a - b) / 1000) / 86_400);

/** Replaces the day counts of the EXPIRES column with N, checking each against the fixture's fixed times. */
function normalizeDays(table: string, before: number, after: number): string {
  return table.replace(/^([* ]) {2}(\S+)(.*?)(in |expired )(\d+)d( ago)?$/gm, (_match, mark, name: string, middle, word, days: string, ago = '') => {
    const expiry = Date.parse(EXPIRY[name as keyof typeof EXPIRY]);
    expect([daysBetween(expiry, before), daysBetween(expiry, after)], `days for ${name}`).toContain(Number(days));
    return `${mark}  ${name}${middle}${word}Nd${ago}`;
  });
}

/** Every secret-ish value in fixtures/list: keys, tokens, an external id and a credential_process argument. */
function fixtureSecrets(): string[] {
  const text = `${readFileSync(join(FIXTURE, 'config'), 'utf8')}\n${readFileSync(join(FIXTURE, 'credentials'), 'utf8')}`;
  const secrets = [...text.matchAll(/^(?:aws_access_key_id|aws_secret_access_key|aws_session_token|external_id) = (.+)$/gm)].map((match) => match[1]!);
  secrets.push('proc-secret-never-printed-91ab', '--token');
  expect(secrets.length).toBeGreaterThanOrEqual(20);
  return secrets;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'awsprof-list-'));
  env = fixtureEnv(FIXTURE);
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('awsprof list: the table', () => {
  it('lists one profile of every kind, exactly, with default marked', async () => {
    const before = Date.now();
    const result = await list();
    const after = Date.now();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(normalizeDays(result.stdout, before, after)).toBe(TABLE);
  });

  it('does not list [sso-session corp] as a profile, and agrees with the AWS CLI on the names', async () => {
    const ours = (await list(['--json'])).stdout;
    const theirs = await aws(['configure', 'list-profiles'], env);
    expect(theirs.code).toBe(0);
    expect((JSON.parse(ours) as { name: string }[]).map((row) => row.name)).toEqual(theirs.stdout.trim().split('\n'));
  });

  it('--color paints, but the columns line up exactly as without colour', async () => {
    const plain = await list();
    const coloured = await list(['--color']);
    expect(coloured.stdout).toMatch(/\x1b\[/);
    expect(coloured.stdout.replaceAll(/\x1b\[[0-9;]*m/g, '')).toBe(plain.stdout);
  });

  it('NO_COLOR wins over a colour-forcing environment; --no-color too', async () => {
    expect((await list([], { FORCE_COLOR: '1' })).stdout).not.toMatch(/\x1b\[/);
    expect((await list(['--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' })).stdout).not.toMatch(/\x1b\[/);
  });
});

describe('awsprof list: the active marker', () => {
  const marked = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('*')).map((line) => line.split(/\s+/)[1]);

  it.each<[string, Record<string, string | undefined>, string[]]>([
    ['AWS_PROFILE unset: default', {}, ['default']],
    ['AWS_PROFILE=dev', { AWS_PROFILE: 'dev' }, ['dev']],
    ['AWS_DEFAULT_PROFILE=ci alone', { AWS_DEFAULT_PROFILE: 'ci' }, ['ci']],
    ['AWS_PROFILE beats AWS_DEFAULT_PROFILE', { AWS_PROFILE: 'tooling', AWS_DEFAULT_PROFILE: 'ci' }, ['tooling']],
    ['AWS_PROFILE naming no profile: nothing marked', { AWS_PROFILE: 'gone' }, []],
  ])('%s', async (_label, extra, expected) => {
    const result = await list([], extra);
    expect(marked(result.stdout)).toEqual(expected);
    const json = JSON.parse((await list(['--json'], extra)).stdout) as { name: string; active: boolean }[];
    expect(json.filter((row) => row.active).map((row) => row.name)).toEqual(expected);
  });

  it('the marked row is otherwise the same row', async () => {
    const result = await list([], { AWS_PROFILE: 'dev' });
    expect(result.stdout).toContain('\n*  dev             role          default → Developer                          eu-west-1       -\n');
    expect(result.stdout).toContain('\n   default         static        access key                                   us-east-1       -\n');
  });
});

describe('awsprof list --json', () => {
  it('one object per profile with the documented fields and values', async () => {
    const result = await list(['--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const row = (name: string, kind: string, rest: Record<string, unknown>) => ({
      name,
      kind,
      source: null,
      roleArn: null,
      region: null,
      expiration: null,
      expired: false,
      active: false,
      managed: false,
      files: ['config'],
      ...rest,
    });
    expect(JSON.parse(result.stdout)).toEqual([
      row('default', 'static', { source: 'access key', region: 'us-east-1', active: true, files: ['config', 'credentials'] }),
      row('keys-in-config', 'static', { source: 'access key', region: 'eu-central-1' }),
      row('dev', 'role', { source: 'default → Developer', roleArn: 'arn:aws:iam::111111111111:role/Developer', region: 'eu-west-1' }),
      row('ec2-role', 'role', { source: '(Ec2InstanceMetadata) → InstanceRole', roleArn: 'arn:aws:iam::111111111111:role/InstanceRole' }),
      row('ci', 'web-identity', { source: 'web identity → GitHubActions', roleArn: 'arn:aws:iam::222222222222:role/GitHubActions', region: 'us-west-2' }),
      row('sso-admin', 'sso', { source: 'sso 333333333333/AdministratorAccess (corp)', region: 'ap-southeast-2' }),
      row('sso-legacy', 'sso', { source: 'sso 444444444444/ReadOnly' }),
      row('tooling', 'process', { source: 'process fetch-creds', region: 'ca-central-1' }),
      row('settings-only', 'settings', { region: 'sa-east-1' }),
      row('assumed-dev', 'temporary', {
        source: 'assumed from dev',
        region: 'eu-west-1',
        expiration: EXPIRY['assumed-dev'],
        managed: true,
        files: ['config', 'credentials'],
      }),
      row('assumed-old', 'temporary', {
        source: 'assumed from dev',
        region: 'eu-west-1',
        expiration: EXPIRY['assumed-old'],
        expired: true,
        managed: true,
        files: ['config', 'credentials'],
      }),
      row('saml', 'temporary', { expiration: EXPIRY.saml, expired: true, files: ['credentials'] }),
      row('epoch', 'temporary', { expiration: EXPIRY.epoch, files: ['credentials'] }),
      // Temporary keys without a recorded expiry: nobody knows whether they still work.
      row('no-expiry', 'temporary', { expired: null, files: ['credentials'] }),
    ]);
  });

  it('warns about a file the AWS CLI cannot parse instead of listing nothing silently', () =>
    withTempDir(async (home) => {
      mkdirSync(join(home, '.aws'));
      writeFileSync(join(home, '.aws', 'config'), '[default\nregion = us-east-1\n');
      const result = await awsprof(['list'], cleanEnv(home));
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('awsprof: warning: ~/.aws/config:1: a line before any [section] header (the AWS CLI cannot read this file)\n');
    }));

  it('is an empty array, not an error, when there are no profiles', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'awsprof-list-empty-'));
    try {
      expect(await awsprof(['list', '--json'], cleanEnv(empty))).toMatchObject({ code: 0, stdout: '[]\n' });
      const table = await awsprof(['list'], cleanEnv(empty));
      expect(table.code).toBe(0);
      // No table at all, just the message on stderr.
      expect(table.stdout).toBe('');
      expect(table.stderr).toBe('awsprof: no profiles yet; see awsprof set --help or awsprof assume --help\n');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('awsprof list --expired and patterns', () => {
  const names = (stdout: string) =>
    stdout
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.slice(3).split(/\s+/)[0]);

  it('--expired keeps only temporary keys whose expiry has passed', async () => {
    const result = await list(['--expired']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(names(result.stdout)).toEqual(['assumed-old', 'saml']);
    expect(result.stdout).toMatch(/^ {3}assumed-old {2}temporary {2}assumed from dev {2}eu-west-1 {2}expired \d+d ago$/m);
    const json = JSON.parse((await list(['--expired', '--json'])).stdout) as { name: string; expired: boolean }[];
    expect(json.map((row) => [row.name, row.expired])).toEqual([
      ['assumed-old', true],
      ['saml', true],
    ]);
  });

  it.each<[string, string[]]>([
    ['sso*', ['sso-admin', 'sso-legacy']],
    ['*-old', ['assumed-old']],
    ['d?v', ['dev']],
    ['*e*o*', ['keys-in-config', 'ec2-role', 'settings-only', 'assumed-old', 'epoch']],
    ['dev', ['dev']],
    ['de', []],
    ['sso.admin', []],
    ['', []],
  ])('pattern %j matches whole names: %j', async (pattern, expected) => {
    const result = await list([pattern]);
    expect(result.code).toBe(0);
    expect(names(result.stdout)).toEqual(expected);
    expect(result.stderr).toBe(expected.length ? '' : 'awsprof: no profile matches\n');
  });

  it('pattern and --expired together', async () => {
    expect(names((await list(['assumed-*', '--expired'])).stdout)).toEqual(['assumed-old']);
  });
});

describe('awsprof list: relative expiry times', () => {
  it.each<[string, number, RegExp]>([
    ['42 minutes ahead', 42 * 60_000 + 30_000, /^in 42m$/],
    ['1 h 30 min ahead', 90 * 60_000 + 30_000, /^in 1h 30m$/],
    ['3 hours ago', -(3 * 3_600_000 + 30_000), /^expired 3h ago$/],
    ['3 h 5 min ago', -(185 * 60_000 + 30_000), /^expired 3h 5m ago$/],
    ['2 days ago', -(2 * DAY + 3_600_000), /^expired 2d ago$/],
    ['10 seconds ahead', 10_000, /^in \d+s$|^expired \d+s ago$/],
  ])('%s', async (_label, offset, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'awsprof-list-relative-'));
    try {
      mkdirSync(join(dir, '.aws'));
      const expires = new Date(Date.now() + offset).toISOString().replace(/\.\d{3}Z$/, 'Z');
      writeFileSync(
        join(dir, '.aws', 'credentials'),
        `[t]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = s\naws_session_token = t\nx_security_token_expires = ${expires}\n`,
      );
      const result = await awsprof(['list'], cleanEnv(dir));
      const expiresColumn = result.stdout.split('\n')[1]!.split(/ {2,}/).at(-1)!;
      expect(expiresColumn).toMatch(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('awsprof list: KIND follows the AWS CLI precedence', () => {
  it('static keys in the credentials file beat credential_process in config (botocore: shared-credentials-file before custom-process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsprof-list-precedence-'));
    try {
      mkdirSync(join(dir, '.aws'));
      writeFileSync(join(dir, '.aws', 'config'), '[profile both]\ncredential_process = /bin/false\nregion = eu-west-1\n');
      writeFileSync(join(dir, '.aws', 'credentials'), '[both]\naws_access_key_id = AKIABOTHEXAMPLE00001\naws_secret_access_key = bothSecretEXAMPLE\n');
      const theirs = await aws(['configure', 'list', '--profile', 'both'], cleanEnv(dir));
      expect(theirs.stdout).toMatch(/^access_key\s+\*+0001\s+shared-credentials-file/m);
      const ours = JSON.parse((await awsprof(['list', '--json'], cleanEnv(dir))).stdout) as { name: string; kind: string }[];
      expect(ours).toMatchObject([{ name: 'both', kind: 'static' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('awsprof list: duplicates', () => {
  it('warns on stderr with file and line for duplicate sections and keys, and still lists (later value wins)', async () => {
    const result = await awsprof(['list'], fixtureEnv(DUPLICATES));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`   PROFILE  KIND      SOURCE      REGION     EXPIRES
*  default  settings  -           us-east-1  -
   dev      static    access key  eu-west-2  -
   prod     settings  -           us-west-2  -
`);
    expect(result.stderr).toBe(
      [
        `awsprof: warning: ${DUPLICATES}/config:7: key region already set in [profile dev] on line 6 (the AWS CLI cannot read this file)`,
        `awsprof: warning: ${DUPLICATES}/config:12: section [profile dev] already appears on line 5 (the AWS CLI cannot read this file)`,
        `awsprof: warning: ${DUPLICATES}/credentials:5: section [dev] already appears on line 1 (the AWS CLI cannot read this file)`,
        '',
      ].join('\n'),
    );
  });

  it('warns with --json too, keeping stdout pure JSON', async () => {
    const result = await awsprof(['list', '--json'], fixtureEnv(DUPLICATES));
    expect((JSON.parse(result.stdout) as unknown[]).length).toBe(3);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('shows paths under HOME as ~/.aws/…', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsprof-list-dup-'));
    try {
      mkdirSync(join(dir, '.aws'));
      writeFileSync(join(dir, '.aws', 'config'), readFileSync(join(DUPLICATES, 'config')));
      const result = await awsprof(['list'], cleanEnv(dir));
      expect(result.stderr).toContain('awsprof: warning: ~/.aws/config:7: key region already set in [profile dev] on line 6 (the AWS CLI cannot read this file)\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('awsprof list: never a secret', () => {
  it('no key, token, external id or credential_process argument in any output', async () => {
    const secrets = fixtureSecrets();
    const runs = await Promise.all([
      list(),
      list(['--json']),
      list(['--expired']),
      list(['--expired', '--json']),
      list(['*']),
      list(['--color']),
      list(['--debug']),
      list([], { AWS_PROFILE: 'tooling' }),
      awsprof(['list', '--json'], fixtureEnv(DUPLICATES)),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(0);
      for (const secret of [...secrets, 'dupSecretOne', 'dupSecretTwo', 'AKIADUPLICATEEXAMPL1']) {
        expect(run.stdout).not.toContain(secret);
        expect(run.stderr).not.toContain(secret);
      }
    }
  });
});

describe('awsprof list: 10,000 profiles', () => {
  let big: string;

  beforeAll(() => {
    big = mkdtempSync(join(tmpdir(), 'awsprof-list-big-'));
    writeFileSync(join(big, 'config'), generateConfig(10_000));
    writeFileSync(join(big, 'credentials'), generateCredentials(10_000));
  });

  afterAll(() => rmSync(big, { recursive: true, force: true }));

  it('lists every one: default, 10,000 roles and 1,000 temporary profiles, in file order', async () => {
    const result = await awsprof(['list'], fixtureEnv(big));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const rows = result.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(1 + 10_000 + 1_000);
    expect(rows[0]).toMatch(/^\* {2}default +static +access key +us-east-1 +-$/);
    expect(rows[1]).toMatch(/^ {3}acct-0 +role +default → Admin +us-east-1 +-$/);
    expect(rows[10_000]).toMatch(/^ {3}acct-9999 +role +default → Admin +us-east-1 +-$/);
    expect(rows[10_001]).toMatch(/^ {3}temp-0 +temporary +- +- +expired \d+d ago$/);
    expect(rows.filter((row) => / role /.test(row))).toHaveLength(10_000);
    expect(rows.filter((row) => / temporary /.test(row))).toHaveLength(1_000);
  });

  it('the same names as the AWS CLI, and --json has them all', async () => {
    const [ours, theirs] = await Promise.all([awsprof(['list', '--json'], fixtureEnv(big)), aws(['configure', 'list-profiles'], fixtureEnv(big))]);
    const names = (JSON.parse(ours.stdout) as { name: string }[]).map((row) => row.name);
    expect(names).toHaveLength(11_001);
    expect(names).toEqual(theirs.stdout.trim().split('\n'));
  });

  it('--expired and a pattern on the big pair', async () => {
    const expired = await awsprof(['list', '--expired'], fixtureEnv(big));
    expect(expired.stdout.trimEnd().split('\n').slice(1)).toHaveLength(1_000);
    const some = await awsprof(['list', 'acct-99??'], fixtureEnv(big));
    expect(some.stdout.trimEnd().split('\n').slice(1)).toHaveLength(100);
  });
});
