// `awsprof clean` end to end. The profiles it may remove are written by the real `awsprof assume` against the STS
// emulator, whose clock is set back so the keys it issues have already expired; everything else in the files is
// hand-written and must come through byte for byte.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsEmulator, type StsEmulator } from '../sts-emulator/index.js';
import { aws, awsprof, cleanEnv, withTempDir } from '../support/cli.js';

const ACCOUNT = '111122223333';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/Developer`;
const ALICE = { accessKeyId: 'AKIAALICECLEANEXAMP1', secretAccessKey: 'aLiCeClEaNsEcReT/K7MDENG+bPxRfiCYEXAMPLE1' };

const CONFIG = `# Team config, edited by hand
[default]
region = eu-west-1
output = json

# Day-to-day role
[profile dev]
role_arn = ${ROLE_ARN}
source_profile = default
role_session_name = alice-dev

[profile reports]
region = us-east-1
`;

const CREDENTIALS = `# alice's long-term keys
[default]
aws_access_key_id = ${ALICE.accessKeyId}
aws_secret_access_key = ${ALICE.secretAccessKey}

# from saml2aws: expired, but not awsprof's to remove
[saml]
aws_access_key_id = ASIASAMLCLEANEXAMPL1
aws_secret_access_key = samlCleanSecret/EXAMPLEKEY0000000000000001
aws_session_token = FwoGZXIvYXdzEXAMPLEsamlCleanSessionToken01
x_security_token_expires = 2020-01-01T00:00:00Z

# from a script: still valid
[script]
aws_access_key_id = ASIASCRIPTCLEANEXAM1
aws_secret_access_key = scriptCleanSecret/EXAMPLEKEY00000000000001
aws_session_token = FwoGZXIvYXdzEXAMPLEscriptCleanSessionTok01
x_security_token_expires = 2099-01-01T00:00:00Z
`;

const HOUR = 3_600_000;
let emulator: StsEmulator;
/** Added to the emulator's clock: negative values make it issue keys that have already expired. */
let clockOffset = 0;

beforeAll(async () => {
  emulator = await startStsEmulator({ now: () => new Date(Date.now() + clockOffset) });
  const alice = emulator.addUser({ name: 'alice', account: ACCOUNT, ...ALICE });
  emulator.addRole({ arn: ROLE_ARN, trust: [alice.arn], maxSessionDuration: 43_200 });
});

afterAll(() => emulator.close());

interface Home {
  env: NodeJS.ProcessEnv;
  config: string;
  credentials: string;
}

async function seed(home: string, config = CONFIG, credentials = CREDENTIALS): Promise<Home> {
  await mkdir(join(home, '.aws'), { mode: 0o700 });
  const paths = { config: join(home, '.aws', 'config'), credentials: join(home, '.aws', 'credentials') };
  await writeFile(paths.config, config, { mode: 0o600 });
  await writeFile(paths.credentials, credentials, { mode: 0o600 });
  return { env: cleanEnv(home, { AWS_ENDPOINT_URL_STS: emulator.url }), ...paths };
}

/** Runs the real `awsprof assume dev --as TARGET` with the emulator's clock `offset` ms away from now. */
async function assumeAt(home: Home, offset: number, args: string[]): Promise<void> {
  clockOffset = offset;
  try {
    const result = await awsprof(['assume', 'dev', ...args], home.env);
    expect(result.stderr).toMatch(/^Assumed arn:aws:sts::111122223333:assumed-role\/Developer\//);
    expect(result.code).toBe(0);
  } finally {
    clockOffset = 0;
  }
}

const bytes = async (home: Home) => ({ config: await readFile(home.config), credentials: await readFile(home.credentials) });

/** The text without the section headed `header`: its header line and every line up to the next header. */
function withoutSection(text: string, header: string): string {
  const start = text.indexOf(`${header}\n`);
  expect(start, `${header} in:\n${text}`).toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\n[', start + header.length);
  return text.slice(0, start) + (next === -1 ? '' : text.slice(next + 1));
}

/** The seeded HOME plus three profiles written by awsprof assume: two expired (old-a, old-b), one valid (fresh). */
async function seedWithAssumed(home: string): Promise<Home> {
  const seeded = await seed(home);
  await assumeAt(seeded, -3 * HOUR, ['--as', 'old-a']);
  await assumeAt(seeded, -2 * 24 * HOUR, ['--as', 'old-b', '--session-name', 'alice-old-b', '--duration', '2h']);
  await assumeAt(seeded, 0, ['--as', 'fresh']);
  return seeded;
}

describe('awsprof clean', () => {
  it('the assumed profiles look as expected before cleaning (old-a, old-b expired, fresh valid)', () =>
    withTempDir(async (home) => {
      const seeded = await seedWithAssumed(home);
      const rows = JSON.parse((await awsprof(['list', '--json'], seeded.env)).stdout) as { name: string; managed: boolean; expired: boolean | null }[];
      expect(rows.map((row) => [row.name, row.managed, row.expired])).toEqual([
        ['default', false, false],
        ['dev', false, false],
        ['reports', false, false],
        ['old-a', true, true],
        ['old-b', true, true],
        ['fresh', true, false],
        ['saml', false, true],
        ['script', false, false],
      ]);
    }));

  it('--dry-run names what it would remove and changes no byte', () =>
    withTempDir(async (home) => {
      const seeded = await seedWithAssumed(home);
      const before = await bytes(seeded);
      const result = await awsprof(['clean', '--dry-run'], seeded.env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^would remove old-a \(expired 2h( \d+m)? ago\)\nwould remove old-b \(expired 46h( \d+m)? ago\)\n$/);
      expect(await bytes(seeded)).toEqual(before);
    }));

  it('removes exactly the expired profiles awsprof wrote; every other byte of both files stays', () =>
    withTempDir(async (home) => {
      const seeded = await seedWithAssumed(home);
      const config = await readFile(seeded.config, 'utf8');
      const credentials = await readFile(seeded.credentials, 'utf8');
      // What assume appended, for the record: the hand-written text is untouched and comes first.
      expect(config.startsWith(CONFIG)).toBe(true);
      expect(credentials.startsWith(CREDENTIALS)).toBe(true);
      expect(config).toContain('[profile old-b]\nregion = eu-west-1\nawsprof_source_profile = dev\nawsprof_role_session_name = alice-old-b\nawsprof_duration_seconds = 7200\n');

      const result = await awsprof(['clean'], seeded.env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^removed old-a \(expired 2h( \d+m)? ago\)\nremoved old-b \(expired 46h( \d+m)? ago\)\n$/);

      expect(await readFile(seeded.config, 'utf8')).toBe(withoutSection(withoutSection(config, '[profile old-a]'), '[profile old-b]'));
      expect(await readFile(seeded.credentials, 'utf8')).toBe(withoutSection(withoutSection(credentials, '[old-a]'), '[old-b]'));
      expect(await readFile(seeded.config, 'utf8')).toContain('[profile fresh]\n');
      expect(await readFile(seeded.credentials, 'utf8')).toContain('[saml]\n');
      expect((await stat(seeded.config)).mode & 0o777).toBe(0o600);
      expect((await stat(seeded.credentials)).mode & 0o777).toBe(0o600);

      // The AWS CLI still reads both files, and sees the profiles that were kept.
      const names = await aws(['configure', 'list-profiles'], seeded.env);
      expect(names.stdout.trim().split('\n').sort()).toEqual(['default', 'dev', 'fresh', 'reports', 'saml', 'script']);
      // fresh still works after its neighbours went.
      const who = await aws(['sts', 'get-caller-identity', '--profile', 'fresh', '--endpoint-url', emulator.url, '--output', 'json'], seeded.env);
      expect(JSON.parse(who.stdout).Arn).toMatch(/:assumed-role\/Developer\//);
    }));

  it('a second run has nothing to do: says so on stderr, stdout empty, files unchanged', () =>
    withTempDir(async (home) => {
      const seeded = await seedWithAssumed(home);
      await awsprof(['clean'], seeded.env);
      const after = await bytes(seeded);
      expect(await awsprof(['clean'], seeded.env)).toMatchObject({
        code: 0,
        stdout: '',
        stderr: 'awsprof: nothing to clean: no expired profiles written by awsprof\n',
      });
      expect(await awsprof(['clean', '--dry-run'], seeded.env)).toMatchObject({ code: 0, stdout: '' });
      expect(await bytes(seeded)).toEqual(after);
    }));

  it('never removes hand-written temporary profiles, expired or not, nor ones without a recorded expiry', () =>
    withTempDir(async (home) => {
      const credentials = `${CREDENTIALS}
[managed-no-expiry]
aws_access_key_id = ASIAMANAGEDNOEXPIRY1
aws_secret_access_key = managedNoExpirySecret/EXAMPLEKEY00000001
aws_session_token = FwoGZXIvYXdzEXAMPLEmanagedNoExpiryToken1
`;
      const config = `${CONFIG}
[profile managed-no-expiry]
awsprof_source_profile = dev
`;
      const seeded = await seed(home, config, credentials);
      const before = await bytes(seeded);
      expect(await awsprof(['clean'], seeded.env)).toMatchObject({ code: 0, stdout: '' });
      expect(await bytes(seeded)).toEqual(before);
    }));

  it('keeps CRLF line endings and comments, and finds [profile "quoted"] headers', () =>
    withTempDir(async (home) => {
      const crlf = (text: string) => text.replaceAll('\n', '\r\n');
      const config = crlf(`# hand\n[default]\nregion = eu-west-1\n\n[profile "old one"]\nregion = eu-west-1\nawsprof_source_profile = dev\n\n[profile keep]\noutput = text\n`);
      const credentials = crlf(
        `[old one]\naws_access_key_id = ASIAOLDONE\naws_secret_access_key = s\naws_session_token = t\nx_security_token_expires = 2020-01-01T00:00:00Z\n\n; mine\n[keep]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = k\n`,
      );
      const seeded = await seed(home, config, credentials);
      const result = await awsprof(['clean'], seeded.env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^removed old one \(expired \d+d ago\)\n$/);
      expect(await readFile(seeded.config, 'utf8')).toBe(crlf('# hand\n[default]\nregion = eu-west-1\n\n[profile keep]\noutput = text\n'));
      expect(await readFile(seeded.credentials, 'utf8')).toBe(crlf('; mine\n[keep]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = k\n'));
    }));

  it("keeps the user's own settings when assume wrote into a profile that already existed", () =>
    withTempDir(async (home) => {
      // assume --as work needs no --force here (work has no keys), so the section is part awsprof's, part the user's.
      const config = `${CONFIG}\n[profile work]\n# my settings\noutput = table\ncli_pager =\ns3 =\n    addressing_style = path\n`;
      const seeded = await seed(home, config);
      await assumeAt(seeded, -3 * HOUR, ['--as', 'work']);
      expect(await awsprof(['clean'], seeded.env)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^removed work /) });
      const after = await readFile(seeded.config, 'utf8');
      expect(after).toContain('[profile work]\n# my settings\noutput = table\ncli_pager =\ns3 =\n    addressing_style = path\n');
      expect(after).not.toContain('awsprof_source_profile');
      expect(await readFile(seeded.credentials, 'utf8')).toBe(CREDENTIALS);
    }));
});
