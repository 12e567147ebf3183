// `awsprof sso sync` of an organisation of 1,000 accounts × 3 roles against the emulator's portal (#9; target: under
// 3 s, one write), side by side with the same listing done the way a botocore script does it (ListAccounts, then
// ListAccountRoles one account at a time, configparser to write); then `awsprof list` on the result against
// `aws configure list-profiles`. The emulator runs as its own process: bench.ts times with spawnSync, which blocks
// this process's event loop.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readAwsFiles } from '../../src/profiles/view.js';
import type { BenchContext } from '../bench.js';
import { benchEnv, join } from './env.js';
import type { BenchGroup } from './groups.js';

const START_URL = 'https://bench-org.awsapps.com/start';
const ACCOUNTS = 1_000;
const ROLES = ['AdministratorAccess', 'ReadOnly', 'Billing'];
const SYNC_TARGET_MS = 3_000;
const SESSION_CONFIG = `[default]\nregion = us-east-1\n\n[sso-session bench]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`;

/** What a hand-written botocore populate script does: one call at a time, then configparser writes the file. */
const BOTOCORE_POPULATE = `
import botocore.session, configparser, json, os
token = json.load(open(os.environ['TOKEN_FILE']))['accessToken']
sso = botocore.session.get_session().create_client('sso', region_name='eu-west-1', endpoint_url=os.environ['PORTAL_URL'])
config = configparser.RawConfigParser()
config.read(os.environ['AWS_CONFIG_FILE'])
for page in sso.get_paginator('list_accounts').paginate(accessToken=token):
    for account in page['accountList']:
        for roles in sso.get_paginator('list_account_roles').paginate(accessToken=token, accountId=account['accountId']):
            for role in roles['roleList']:
                name = 'profile %s-%s' % (account['accountName'], role['roleName'])
                config[name] = {'sso_session': 'bench', 'sso_account_id': account['accountId'], 'sso_role_name': role['roleName'], 'region': 'eu-west-1'}
with open(os.environ['AWS_CONFIG_FILE'], 'w') as out:
    config.write(out)
`;

let emulator: ChildProcess | undefined;

async function startEmulator(context: BenchContext): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(context.root, 'test', 'sts-emulator', 'main.ts'), '--format', 'json'], { cwd: context.root, stdio: ['ignore', 'pipe', 'inherit'] });
  emulator = child;
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string }>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the emulator exited (${code}) before it was ready`)));
    lines.once('line', (line) => done(JSON.parse(line) as { url: string }));
  });
  lines.close();
  child.stdout!.resume();
  return ready.url;
}

async function control(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/__emulator/sso/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A HOME logged in to the bench organisation, as `aws sso login` leaves it; returns the token file. */
async function loggedInHome(context: BenchContext, url: string, name: string): Promise<{ home: string; tokenFile: string }> {
  const home = context.makeDir(name);
  const { accessToken } = await control(url, 'token', { startUrl: START_URL, expiresInSeconds: 8 * 3600 });
  const cache = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  const tokenFile = join(cache, `${createHash('sha1').update('bench').digest('hex')}.json`);
  const expiresAt = new Date(Date.now() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  context.write(tokenFile, JSON.stringify({ startUrl: START_URL, region: 'eu-west-1', accessToken, expiresAt }));
  context.write(join(home, 'config'), SESSION_CONFIG);
  return { home, tokenFile };
}

function ssoProfiles(context: BenchContext, home: string): number {
  let count = 0;
  for (const profile of readAwsFiles(context.read(join(home, 'config')), '').profiles.values()) if (profile.config.sso_session === 'bench') count++;
  return count;
}

export const ssoSync: BenchGroup = {
  name: 'sso-sync',
  setup: async (context) => {
    const url = await startEmulator(context);
    await control(url, 'organisation', { startUrl: START_URL, generate: { count: ACCOUNTS, roles: ROLES } });
    const ours = await loggedInHome(context, url, 'sso-sync-awsprof');
    const theirs = await loggedInHome(context, url, 'sso-sync-botocore');
    const script = join(theirs.home, 'populate.py');
    context.write(script, BOTOCORE_POPULATE);
    const oursEnv = benchEnv(ours.home, { AWS_ENDPOINT_URL: url });
    const sync = [process.execPath, context.cli, 'sso', 'sync', 'bench'];
    const listed = await loggedInHome(context, url, 'sso-list');
    const listEnv = benchEnv(listed.home, { AWS_ENDPOINT_URL: url });
    const first = spawnSync(sync[0]!, sync.slice(1), { env: listEnv, encoding: 'utf8' });
    if (first.status !== 0) throw new Error(`awsprof sso sync failed: ${first.stderr}`);
    return [
      {
        name: `awsprof sso sync vs a botocore populate script, ${ACCOUNTS.toLocaleString('en')} accounts × ${ROLES.length} roles (target: awsprof < ${SYNC_TARGET_MS / 1000} s)`,
        subject: { label: 'awsprof sso sync bench (a fresh config each run)', argv: sync, env: oursEnv, reset: () => context.write(join(ours.home, 'config'), SESSION_CONFIG) },
        baseline: {
          label: 'python3 botocore: list_accounts, list_account_roles one by one, configparser',
          argv: ['/usr/bin/python3', script],
          env: benchEnv(theirs.home, { PORTAL_URL: url, TOKEN_FILE: theirs.tokenFile }),
          reset: () => context.write(join(theirs.home, 'config'), SESSION_CONFIG),
        },
        target: { kind: 'faster', factor: 2 },
        runs: 3,
        verify: () => {
          context.write(join(ours.home, 'config'), SESSION_CONFIG);
          const started = performance.now();
          const result = spawnSync(sync[0]!, sync.slice(1), { env: oursEnv, encoding: 'utf8' });
          const elapsed = performance.now() - started;
          if (result.status !== 0) return `awsprof sso sync failed: ${result.stderr.trim()}`;
          const want = ACCOUNTS * ROLES.length;
          if (ssoProfiles(context, ours.home) !== want || ssoProfiles(context, theirs.home) !== want) {
            return `profiles: awsprof ${ssoProfiles(context, ours.home)}, botocore ${ssoProfiles(context, theirs.home)}, want ${want}`;
          }
          if (elapsed > SYNC_TARGET_MS) return `awsprof sso sync took ${Math.round(elapsed)} ms (target < ${SYNC_TARGET_MS} ms)`;
          return undefined;
        },
      },
      {
        name: `awsprof list vs aws configure list-profiles, after sso sync of ${(ACCOUNTS * ROLES.length).toLocaleString('en')} profiles`,
        subject: { label: 'awsprof list (3,000 sso profiles + default)', argv: [process.execPath, context.cli, 'list'], env: listEnv },
        baseline: { label: '/usr/bin/aws configure list-profiles', argv: ['/usr/bin/aws', 'configure', 'list-profiles'], env: listEnv },
        target: { kind: 'faster', factor: 5 },
        runs: 5,
        verify: () => {
          const table = spawnSync(process.execPath, [context.cli, 'list'], { env: listEnv, encoding: 'utf8' });
          const names = spawnSync('/usr/bin/aws', ['configure', 'list-profiles'], { env: listEnv, encoding: 'utf8' });
          const rows = table.stdout.trimEnd().split('\n').slice(1);
          const expected = names.stdout.trimEnd().split('\n');
          if (table.status !== 0 || rows.length !== expected.length) return `awsprof listed ${rows.length} profiles, aws ${expected.length}`;
          const sso = rows.filter((row) => / sso {2,}sso \d{12}\//.test(row));
          if (sso.length !== ACCOUNTS * ROLES.length) return `${sso.length} rows of kind sso`;
          if (!sso.every((row) => /in \d+h|in \d+m/.test(row))) return `an sso row without the login's expiry: ${sso.find((row) => !/in \d+h|in \d+m/.test(row))}`;
          return undefined;
        },
      },
    ];
  },
  teardown: async () => {
    const child = emulator;
    emulator = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  },
};
