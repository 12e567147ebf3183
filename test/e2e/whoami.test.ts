// `awsprof whoami` against the STS emulator: GetCallerIdentity for static, assumed and role profiles.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAwsFiles, settingText } from '../../src/profiles/view.js';
import { awsprof, withTempDir } from '../support/cli.js';
import { ACCOUNT, ALICE, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

const withHome = (work: (h: SeededHome) => Promise<void>) => withTempDir(async (dir) => work(await seedHome(dir, sts.url)));
const developerArn = (session: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/${session}`;
const text = (profile: string, arn: string, userId: string) => `Profile  ${profile}\nAccount  ${ACCOUNT}\nARN      ${arn}\nUserId   ${userId}\n`;

async function snapshot(h: SeededHome) {
  return [await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8'), (await readdir(join(h.home, '.aws'))).sort()];
}

async function accessKeyOf(h: SeededHome, profile: string): Promise<string> {
  const view = readAwsFiles(await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8'));
  return settingText(view.profiles.get(profile)!.credentials, 'aws_access_key_id')!;
}

describe('awsprof whoami', () => {
  it('a static profile, as text: account, ARN and user id, signed with its key', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['whoami', '--profile', 'default'], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(text('default', ALICE.arn, sts.alice.userId));
      expect(sts.emulator.requests.slice(mark)).toMatchObject([{ action: 'GetCallerIdentity', accessKeyId: ALICE.accessKeyId, status: 200 }]);
      expect(await snapshot(h)).toEqual(before);
    }));

  it('a static profile, as --json', () =>
    withHome(async (h) => {
      const result = await awsprof(['whoami', '--profile', 'default', '--json'], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({ profile: 'default', account: ACCOUNT, arn: ALICE.arn, userId: sts.alice.userId });
    }));

  it('with no --profile and no AWS_PROFILE: default', () =>
    withHome(async (h) => {
      const result = await awsprof(['whoami'], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(text('default', ALICE.arn, sts.alice.userId));
    }));

  it('an assumed profile, as text and --json, signed with the temporary key', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['whoami', '--profile', 'dev-keys'], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(new RegExp(`^${text('dev-keys', developerArn('alice-dev'), 'AROA[A-Z2-7]{17}:alice-dev').replace(/[/]/g, '\\/')}$`));
      expect(sts.emulator.requests.slice(mark)).toMatchObject([{ action: 'GetCallerIdentity', accessKeyId: await accessKeyOf(h, 'dev-keys') }]);

      const json = await awsprof(['whoami', '--profile', 'dev-keys', '--json'], h.env);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual({ profile: 'dev-keys', account: ACCOUNT, arn: developerArn('alice-dev'), userId: expect.stringMatching(/^AROA\w+:alice-dev$/) });
    }));

  it('AWS_PROFILE picks the profile when --profile is absent', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const result = await awsprof(['whoami', '--json'], { ...h.env, AWS_PROFILE: 'dev-keys' });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ profile: 'dev-keys', arn: developerArn('alice-dev') });
    }));

  it('a role profile: the SDK assumes the role first, nothing is written', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['whoami', '--profile', 'dev', '--json'], h.env);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ profile: 'dev', arn: developerArn('alice-dev') });
      expect(sts.emulator.requests.slice(mark).map((entry) => entry.action)).toEqual(['AssumeRole', 'GetCallerIdentity']);
      expect(await snapshot(h)).toEqual(before);
    }));

  it('--endpoint-url works without AWS_ENDPOINT_URL_STS', () =>
    withHome(async (h) => {
      const result = await awsprof(['whoami', '--profile', 'default', '--endpoint-url', sts.url], { ...h.env, AWS_ENDPOINT_URL_STS: undefined });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(text('default', ALICE.arn, sts.alice.userId));
    }));

  it('an unknown profile: exit 1 with a suggestion, no call', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['whoami', '--profile', 'deve'], h.env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('awsprof: profile deve not found in config or credentials (did you mean dev?)\n');
      expect(sts.emulator.requests.slice(mark)).toEqual([]);
    }));

  it('an unknown AWS_PROFILE: the same error', () =>
    withHome(async (h) => {
      const result = await awsprof(['whoami'], { ...h.env, AWS_PROFILE: 'admn' });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('awsprof: profile admn not found in config or credentials (did you mean admin?)\n');
    }));

  it('expired temporary keys: a clear "expired" error', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      sts.emulator.advanceClock(2 * 3600);
      try {
        const result = await awsprof(['whoami', '--profile', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('awsprof: the credentials of profile dev-keys have expired (run awsprof refresh dev-keys first)\n');
      } finally {
        sts.emulator.advanceClock(-2 * 3600);
      }
    }));

  it('never prints the secret key', () =>
    withHome(async (h) => {
      const result = await awsprof(['whoami', '--profile', 'default', '--json', '--debug'], h.env);
      expect(result.stdout + result.stderr).not.toContain(ALICE.secretAccessKey);
    }));
});
