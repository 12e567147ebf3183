// `awsprof sso sync` end to end (#9): the built CLI against the emulator's portal, its result read by the real AWS CLI
// and botocore, re-syncs that change nothing, pruning, person-added keys, collisions, throttling and dry runs.
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsprof, cleanEnv, withTempDir } from '../support/cli.js';
import { SSO_SESSION_SECTION, SSO_START_URL, writeSsoLogin } from '../support/sso-home.js';
import { startStsEmulator, type StsEmulator } from '../sts-emulator/index.js';

const ACCOUNTS = [
  { accountId: '111111111111', accountName: 'Production', roles: ['AdministratorAccess', 'ReadOnly'] },
  { accountId: '222222222222', accountName: 'Staging', roles: ['Developer'] },
  { accountId: '333333333333', accountName: 'Dev Ops [eu]', roles: ['AdministratorAccess'] },
  { accountId: '444444444444', accountName: 'Staging!', roles: ['Developer'] },
];

const profile = (name: string, account: string, role: string, extra = '') =>
  `\n[profile ${name}]\nsso_session = corp\nsso_account_id = ${account}\nsso_role_name = ${role}\nregion = eu-west-1\nawsprof_sso = corp\n${extra}`;

const SYNCED =
  profile('Dev-Ops-eu-AdministratorAccess', '333333333333', 'AdministratorAccess') +
  profile('Production-AdministratorAccess', '111111111111', 'AdministratorAccess') +
  profile('Production-ReadOnly', '111111111111', 'ReadOnly') +
  profile('Staging-Developer-222222222222', '222222222222', 'Developer') +
  profile('Staging-Developer-444444444444', '444444444444', 'Developer');

let emulator: StsEmulator;
beforeAll(async () => {
  emulator = await startStsEmulator();
  emulator.sso.addOrganisation(SSO_START_URL, ACCOUNTS);
});
afterAll(() => emulator.close());

async function seededHome(dir: string, config: string, login = true) {
  await mkdir(join(dir, '.aws'), { recursive: true });
  await writeFile(join(dir, '.aws', 'config'), config, { mode: 0o600 });
  if (login) await writeSsoLogin(dir, emulator);
  return { config: join(dir, '.aws', 'config'), env: cleanEnv(dir, { AWS_ENDPOINT_URL: emulator.url }) };
}

function python(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['-c', script], { env }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

describe('awsprof sso sync (#9)', () => {
  it('writes one marked profile per account and role, which the AWS CLI and botocore read; a re-sync leaves the file alone', async () => {
    await withTempDir(async (dir) => {
      const head = `# my settings\n[default]\nregion = us-east-1\n\n${SSO_SESSION_SECTION()}`;
      const home = await seededHome(dir, head);
      const result = await awsprof(['sso', 'sync'], home.env);
      expect(result.stderr).toContain('awsprof: sso sync corp: 5 profiles; wrote 5 new, 0 updated, 0 removed, 0 unchanged (~/.aws/config)');
      expect(result.stderr).toContain('awsprof: note: 2 roles would be named Staging-Developer; named them Staging-Developer-222222222222, Staging-Developer-444444444444');
      expect(result.code).toBe(0);
      expect(await readFile(home.config, 'utf8')).toBe(head + SYNCED);
      expect((await stat(home.config)).mode & 0o777).toBe(0o600);

      const listed = await aws(['configure', 'list-profiles'], home.env);
      expect(listed.stdout.trim().split('\n').sort()).toEqual(['Dev-Ops-eu-AdministratorAccess', 'Production-AdministratorAccess', 'Production-ReadOnly', 'Staging-Developer-222222222222', 'Staging-Developer-444444444444', 'default']);
      const read = await python(
        `import botocore.session, json
s = botocore.session.Session(profile='Production-ReadOnly')
c = s.get_scoped_config()
print(json.dumps([c['sso_session'], c['sso_account_id'], c['sso_role_name'], c['region'], s.full_config['sso_sessions']['corp']['sso_region']]))`,
        home.env,
      );
      expect(JSON.parse(read)).toEqual(['corp', '111111111111', 'ReadOnly', 'eu-west-1', 'eu-west-1']);

      const before = await stat(home.config);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const again = await awsprof(['sso', 'sync', 'corp'], home.env);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('5 profiles; nothing to change, 5 unchanged');
      expect(await readFile(home.config, 'utf8')).toBe(head + SYNCED);
      expect((await stat(home.config)).mtimeMs).toBe(before.mtimeMs);
    });
  });

  it('updates in place keeping a person\'s keys and comments, prunes only its own profiles, skips names it does not own; --dry-run writes nothing', async () => {
    await withTempDir(async (dir) => {
      const mine = '[profile Production-ReadOnly]\n# mine, not generated\nregion = us-west-2\n';
      const gone = profile('Gone-Admin', '999999999999', 'Admin');
      const otherSession = profile('Old-Admin', '888888888888', 'Admin').replaceAll('corp', 'legacy');
      const edited = profile('Production-AdministratorAccess', '111111111111', 'AdministratorAccess', 'output = json  ; added by hand\n').replace('region = eu-west-1', 'region = ap-south-1');
      const start = SSO_SESSION_SECTION() + '\n' + mine + gone + otherSession + edited.replace('sso_role_name = AdministratorAccess', 'sso_role_name = Admin');
      const home = await seededHome(dir, start);
      const before = await stat(home.config);

      const dry = await awsprof(['sso', 'sync', '--prune', '--dry-run'], home.env);
      expect(dry.code).toBe(0);
      expect(dry.stderr).toContain('would write 3 new, 1 updated, 1 removed');
      expect(dry.stdout).toContain('--- ~/.aws/config\n+++ ~/.aws/config (after sso sync)\n');
      expect(dry.stdout).toContain('-[profile Gone-Admin]\n');
      expect(dry.stdout).toContain('-sso_role_name = Admin\n+sso_role_name = AdministratorAccess\n');
      expect(await readFile(home.config, 'utf8')).toBe(start);
      expect((await stat(home.config)).mtimeMs).toBe(before.mtimeMs);

      const result = await awsprof(['sso', 'sync', '--prune'], home.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('awsprof: warning: skipped ReadOnly in account 111111111111 (Production) as Production-ReadOnly: a profile of that name exists and was not generated by awsprof sso sync');
      const after = await readFile(home.config, 'utf8');
      expect(after).toContain(mine);
      expect(after).toContain(otherSession);
      expect(after).not.toContain('Gone-Admin');
      // The person's region stays without --region; their key and comment stay; the role is corrected in place.
      expect(after).toContain(edited);
      expect(after.match(/^\[profile /gm)).toHaveLength(6);
    });
  });

  it('survives a throttled portal (HTTP 429), retrying with back-off', async () => {
    await withTempDir(async (dir) => {
      const home = await seededHome(dir, SSO_SESSION_SECTION());
      const seen = emulator.requests.length;
      emulator.sso.setThrottle(3);
      try {
        const result = await awsprof(['sso', 'sync'], home.env);
        expect(result.stderr).toContain('wrote 5 new');
        expect(result.code).toBe(0);
      } finally {
        emulator.sso.setThrottle(0);
      }
      expect(emulator.requests.slice(seen).filter((entry) => entry.status === 429)).toHaveLength(3);
      expect(await readFile(home.config, 'utf8')).toBe(SSO_SESSION_SECTION() + SYNCED);
    });
  });

  it('without a login, or with an expired one: one line naming the command to run, exit 1, nothing written', async () => {
    await withTempDir(async (dir) => {
      const home = await seededHome(dir, SSO_SESSION_SECTION(), false);
      const missing = await awsprof(['sso', 'sync'], home.env);
      expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'awsprof: SSO session corp: not logged in; run: awsprof sso login corp\n' });
      await writeSsoLogin(dir, emulator, { expiresInSeconds: -60 });
      const expired = await awsprof(['sso', 'sync'], home.env);
      expect(expired).toMatchObject({ code: 1, stderr: expect.stringMatching(/^awsprof: SSO session corp: the login expired at \S+Z; run: awsprof sso login corp\n$/) });
      expect(await readFile(home.config, 'utf8')).toBe(SSO_SESSION_SECTION());
    });
  });

  it('refuses a bad template or region as a usage error, before any call', async () => {
    await withTempDir(async (dir) => {
      const home = await seededHome(dir, SSO_SESSION_SECTION());
      expect(await awsprof(['sso', 'sync', '--name', '{account}-{role_name}'], home.env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--name: unknown field {account}') });
      expect(await awsprof(['sso', 'sync', '--region', 'mars-1'], home.env)).toMatchObject({ code: 2, stderr: expect.stringContaining('is not an AWS region name') });
    });
  });
});
