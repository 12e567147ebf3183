// The rest of the product with SSO profiles (#9): `list` shows them with the login's expiry from the AWS CLI's token
// cache, `use` switches to them, and `assume` with an SSO profile as source gets its credentials through the SDK's
// SSO provider from the emulator's portal, then assumes a role with them.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsprof, cleanEnv, withTempDir } from '../support/cli.js';
import { SSO_SESSION_SECTION, SSO_START_URL, writeSsoLogin } from '../support/sso-home.js';
import { reservedRoleArn, startStsEmulator, type StsEmulator } from '../sts-emulator/index.js';

const DEPLOYER = 'arn:aws:iam::111111111111:role/Deployer';

let emulator: StsEmulator;
beforeAll(async () => {
  emulator = await startStsEmulator();
  emulator.sso.addOrganisation(SSO_START_URL, [{ accountId: '111111111111', accountName: 'Production', roles: ['AdministratorAccess', 'ReadOnly'] }]);
  emulator.addRole({ arn: DEPLOYER, trust: [reservedRoleArn('111111111111', 'AdministratorAccess')] });
});
afterAll(() => emulator.close());

async function syncedHome(dir: string, extra = '') {
  await mkdir(join(dir, '.aws'), { recursive: true });
  await writeFile(join(dir, '.aws', 'config'), `[default]\nregion = us-east-1\n\n${SSO_SESSION_SECTION()}${extra}`, { mode: 0o600 });
  await writeSsoLogin(dir, emulator, { expiresInSeconds: 2 * 3600 });
  const env = cleanEnv(dir, { AWS_ENDPOINT_URL: emulator.url });
  const sync = await awsprof(['sso', 'sync'], env);
  expect(sync.code).toBe(0);
  return env;
}

describe('SSO profiles in list, use and assume (#9)', () => {
  it('list shows SSO profiles with account, role and the login\'s expiry; --json too', async () => {
    await withTempDir(async (dir) => {
      const env = await syncedHome(dir, '\n[profile legacy]\nsso_start_url = https://elsewhere.awsapps.com/start\nsso_account_id = 222222222222\nsso_role_name = Old\n');
      const table = await awsprof(['list'], env);
      expect(table.code).toBe(0);
      const rows = table.stdout.split('\n');
      expect(rows.find((row) => row.includes('Production-ReadOnly'))).toMatch(/^ {3}Production-ReadOnly +sso +sso 111111111111\/ReadOnly \(corp\) +eu-west-1 +in 1h 59m$|in 2h$/);
      // No login cached for the legacy profile's start URL: no expiry to show.
      expect(rows.find((row) => row.includes('legacy'))).toMatch(/sso 222222222222\/Old +- +-$/);
      const json = JSON.parse((await awsprof(['list', '--json', 'Production-*'], env)).stdout) as Array<Record<string, unknown>>;
      expect(json.map((row) => [row.name, row.kind, row.expired])).toEqual([['Production-AdministratorAccess', 'sso', false], ['Production-ReadOnly', 'sso', false]]);
      expect(Date.parse(String(json[0]!.expiration)) - emulator.now().getTime()).toBeGreaterThan(3600_000);
      expect(table.stdout + table.stderr).not.toContain('aoa');
    });
  });

  it("list shows the login's current expiry when its listing cache answers for a large config", async () => {
    await withTempDir(async (dir) => {
      const env = await syncedHome(dir);
      const config = join(dir, '.aws', 'config');
      let padding = '';
      for (let i = 0; padding.length < 300 * 1024; i++) padding += `\n[profile pad-${i}]\nregion = eu-west-1\noutput = json\n# ${'x'.repeat(60)}\n`;
      await appendFile(config, padding);
      // Settled files (unchanged for a second, ctime included) are what the listing cache keeps.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const row = (stdout: string) => stdout.split('\n').find((line) => line.includes('Production-ReadOnly'));
      const expiresIn = async () => {
        const rows = JSON.parse((await awsprof(['list', '--json'], env)).stdout) as { name: string; expiration: string }[];
        return (Date.parse(rows.find((entry) => entry.name === 'Production-ReadOnly')!.expiration) - Date.now()) / 3_600_000;
      };
      // Both kept forms: the plain table (list) and the summaries (list --json, filters, colour).
      expect(row((await awsprof(['list'], env)).stdout)).toMatch(/in 1h 59m$|in 2h$/);
      expect((await readFile(join(dir, '.aws', 'awsprof', 'list-table.txt'), 'utf8')).split('\n').length).toBeGreaterThan(1000);
      expect(await expiresIn()).toBeCloseTo(2, 1);
      expect(JSON.parse(await readFile(join(dir, '.aws', 'awsprof', 'list-cache.json'), 'utf8')).rows.length).toBeGreaterThan(1000);
      // A new login changes no config byte; both cached listings must still show the new expiry.
      await writeSsoLogin(dir, emulator, { expiresInSeconds: 5 * 3600 });
      expect(row((await awsprof(['list'], env)).stdout)).toMatch(/in 4h 59m$|in 5h$/);
      expect(await expiresIn()).toBeCloseTo(5, 1);
    });
  });

  it('use switches to an SSO profile', async () => {
    await withTempDir(async (dir) => {
      const env = await syncedHome(dir);
      const result = await awsprof(['use', 'Production-ReadOnly', '--shell', 'bash'], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("export AWS_PROFILE='Production-ReadOnly'");
      expect(result.stdout).toContain("export AWS_REGION='eu-west-1'");
    });
  });

  it('assume with an SSO profile as source: the SDK\'s SSO provider gets its credentials from the portal', async () => {
    await withTempDir(async (dir) => {
      const env = await syncedHome(dir, `\n[profile deploy]\nrole_arn = ${DEPLOYER}\nsource_profile = Production-AdministratorAccess\n`);
      const before = emulator.requests.length;
      const result = await awsprof(['assume', 'deploy', '--as', 'deployed'], env);
      expect(result.stderr).not.toContain('error');
      expect(result.code).toBe(0);
      const calls = emulator.requests.slice(before).map((entry) => `${entry.action} ${entry.status}`);
      expect(calls).toEqual(['GetRoleCredentials 200', 'AssumeRole 200']);
      const credentials = await readFile(join(dir, '.aws', 'credentials'), 'utf8');
      expect(credentials).toMatch(/\[deployed\]\naws_access_key_id = ASIA/);
      const whoami = await awsprof(['whoami', '--profile', 'deployed', '--json'], env);
      expect(JSON.parse(whoami.stdout).arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/Deployer\//);
    });
  });

  it('assume through an SSO source whose login has expired says which login to renew', async () => {
    await withTempDir(async (dir) => {
      const env = await syncedHome(dir, `\n[profile deploy]\nrole_arn = ${DEPLOYER}\nsource_profile = Production-AdministratorAccess\n`);
      await writeSsoLogin(dir, emulator, { expiresInSeconds: -60 });
      const result = await awsprof(['assume', 'deploy', '--as', 'deployed'], env);
      expect(result).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^awsprof: SSO session corp: the login expired at \S+Z; run: awsprof sso login corp\n$/) });
      expect(emulator.requests.at(-1)?.action).not.toBe('AssumeRole');
    });
  });

  it('whoami, exec and console on an SSO profile (or a role on one) whose login has expired name the login to renew', async () => {
    await withTempDir(async (dir) => {
      const env = await syncedHome(dir, `\n[profile deploy]\nrole_arn = ${DEPLOYER}\nsource_profile = Production-AdministratorAccess\n`);
      await writeSsoLogin(dir, emulator, { expiresInSeconds: -60 });
      const before = emulator.requests.length;
      for (const args of [
        ['whoami', '--profile', 'Production-ReadOnly'],
        ['exec', 'deploy', '--', 'true'],
        ['console', 'Production-ReadOnly', '--print'],
      ]) {
        const result = await awsprof(args, { ...env, AWSPROF_SIGNIN_URL: `${emulator.url}/federation` });
        expect(result, args.join(' ')).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^awsprof: SSO session corp: the login expired at \S+Z; run: awsprof sso login corp\n$/) });
      }
      // Refused before any call: no portal, no STS.
      expect(emulator.requests.length).toBe(before);
    });
  });

  it("asks the portal of the session's sso_region, not the target profile's region", async () => {
    await withTempDir(async (dir) => {
      const env = await syncedHome(dir, `\n[profile deploy]\nrole_arn = ${DEPLOYER}\nsource_profile = Production-AdministratorAccess\nregion = ap-south-1\n`);
      // STS at the emulator, the portal at AWS: this sandbox has no network, so the error names the host asked.
      const result = await awsprof(['assume', 'deploy', '--as', 'deployed'], { ...env, AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_STS: emulator.url, AWSPROF_HTTP_TIMEOUT_MS: '1000' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('portal.sso.eu-west-1.amazonaws.com');
    });
  });
});
