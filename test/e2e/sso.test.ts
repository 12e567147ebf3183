// `awsprof sso add` and `awsprof sso login` as a user runs them (the built CLI, a fresh HOME, the emulator), and the
// token they leave read by the tools that must use it: the JavaScript SDK's fromSSO and botocore's SSO provider,
// both getting role credentials from the emulator's portal that its STS then accepts (#9).
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromSSO } from '@aws-sdk/credential-providers';
import { awsprof, withTempDir } from '../support/cli.js';
import { SSO, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

const SESSION_CONFIG = `# hand-written
[sso-session team]
sso_start_url = ${SSO.startUrl}
sso_region = ${SSO.region}
sso_registration_scopes = sso:account:access

[profile prod-admin]
sso_session = team
sso_account_id = 111122223333
sso_role_name = AdministratorAccess
region = eu-west-1
`;

/** A HOME whose every AWS call goes to the emulator: AWS_ENDPOINT_URL covers STS, SSO OIDC and the SSO portal. */
const withHome = (config: string, work: (h: SeededHome) => Promise<void>) =>
  withTempDir(async (dir) => work(await seedHome(dir, sts.url, { config }, { AWS_ENDPOINT_URL: sts.url })));

const TOKEN_FILE = 'd25187dc137f35c88bc80ec8c3ffbdb17b5eb873.json'; // sha1("team")

describe('awsprof sso add', () => {
  it('writes [sso-session NAME] with the registration scope, keeping the rest of the file', () =>
    withHome('# mine\n[default]\nregion = eu-west-1\n', async (h) => {
      const result = await awsprof(['sso', 'add', 'team', '--start-url', SSO.startUrl, '--region', 'eu-west-1'], h.env);
      expect(result).toMatchObject({ code: 0, stdout: '' });
      expect(result.stderr).toBe('awsprof: [sso-session team] added to ~/.aws/config; next: awsprof sso login team\n');
      expect(await readFile(h.config, 'utf8')).toBe(
        `# mine\n[default]\nregion = eu-west-1\n[sso-session team]\nsso_start_url = ${SSO.startUrl}\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`,
      );
    }));

  it.each([
    [['--start-url', 'http://example.com/start', '--region', 'eu-west-1'], 'awsprof: --start-url is not https (plain http is only accepted for 127.0.0.1 and localhost) (e.g. https://my-org.awsapps.com/start)'],
    [['--start-url', 'https://x.awsapps.com/start\n[profile evil]', '--region', 'eu-west-1'], 'awsprof: --start-url contains a line break (U+000A) (e.g. https://my-org.awsapps.com/start)'],
    [['--start-url', 'https://user@x.awsapps.com/start', '--region', 'eu-west-1'], 'awsprof: --start-url has a user name or password in it (e.g. https://my-org.awsapps.com/start)'],
    [['--start-url', SSO.startUrl, '--region', 'eu-wst-1x'], 'awsprof: --region: "eu-wst-1x" is not an AWS region name (expected a name such as us-east-1, eu-west-2, cn-north-1 or us-gov-west-1)'],
    [['--start-url', SSO.startUrl], 'awsprof: sso add: --region is required (the region of IAM Identity Center, e.g. --region eu-west-1)'],
  ])('refuses %j with exit 2 and one line, writing nothing', (flags, message) =>
    withHome('[default]\n', async (h) => {
      const result = await awsprof(['sso', 'add', 'team', ...flags], h.env);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe(`${message}\n`);
      expect(await readFile(h.config, 'utf8')).toBe('[default]\n');
    }),
  );

  it('refuses a session name that needs quoting', () =>
    withHome('[default]\n', async (h) => {
      const result = await awsprof(['sso', 'add', 'my team]', '--start-url', SSO.startUrl, '--region', 'eu-west-1'], h.env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^awsprof: sso-session name "my team\]" is not usable \(/);
    }));

  it('shows add and login under awsprof sso --help', async () => {
    const result = await awsprof(['sso', '--help'], { PATH: process.env.PATH, HOME: '/nonexistent', NO_COLOR: '1' });
    expect(result.stdout).toContain('awsprof sso add <name>');
    expect(result.stdout).toContain('awsprof sso login [session]');
  });
});

function python(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['-c', script], { env }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

describe('awsprof sso login', () => {
  it("leaves a token that fromSSO (JS SDK) and botocore's SSO provider use to get working role credentials", () =>
    withHome(SESSION_CONFIG, async (h) => {
      sts.emulator.sso.configureOidc({ autoApprove: true });
      try {
        const result = await awsprof(['sso', 'login', '--no-browser'], h.env);
        expect(result.code).toBe(0);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^awsprof: to log in to SSO session team \(https:\/\/awsprof-demo\.awsapps\.com\/start\), open\n  http:\/\/127\.0\.0\.1:\d+\/device\?user_code=[A-Z]{4}-[A-Z]{4}\n/);
        expect(result.stderr).toMatch(/\nawsprof: logged in to SSO session team until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(~\/\.aws\/sso\/cache\/d25187dc137f35c88bc80ec8c3ffbdb17b5eb873\.json\)\n$/);
      } finally {
        sts.emulator.sso.configureOidc({ autoApprove: false });
      }
      const tokenPath = join(h.home, '.aws', 'sso', 'cache', TOKEN_FILE);
      expect((await stat(tokenPath)).mode & 0o777).toBe(0o600);

      // The JavaScript SDK, as every JS tool resolves an SSO profile.
      const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_ENDPOINT_URL_SSO: process.env.AWS_ENDPOINT_URL_SSO };
      Object.assign(process.env, { HOME: h.home, AWS_CONFIG_FILE: h.config, AWS_ENDPOINT_URL_SSO: sts.url });
      try {
        const credentials = await fromSSO({ profile: 'prod-admin' })();
        const identity = await new STSClient({ region: 'eu-west-1', endpoint: sts.url, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
        expect(identity.Arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/sso-user@example\.com$/);
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }

      // Debian's botocore: its SSOTokenLoader reads the file, its SSO provider gets credentials from the portal.
      const out = await python(
        `
import json, os, botocore.session
from botocore.utils import SSOTokenLoader
from botocore.credentials import JSONFileCache
url = os.environ['URL']
token = SSOTokenLoader(cache=JSONFileCache(os.path.expanduser('~/.aws/sso/cache')))(os.environ['START_URL'], session_name='team')
s = botocore.session.Session(profile='prod-admin')
create = s.create_client
s.create_client = lambda *a, **kw: create(*a, **{**kw, 'endpoint_url': url})
c = s.get_credentials().get_frozen_credentials()
sts = create('sts', region_name='eu-west-1', endpoint_url=url, aws_access_key_id=c.access_key, aws_secret_access_key=c.secret_key, aws_session_token=c.token)
print(json.dumps({'expiresAt': token['expiresAt'], 'method': s.get_credentials().method, 'arn': sts.get_caller_identity()['Arn']}))
`,
        { ...h.env, URL: sts.url, START_URL: SSO.startUrl },
      );
      const read = JSON.parse(out);
      expect(read.expiresAt).toBe(JSON.parse(await readFile(tokenPath, 'utf8')).expiresAt);
      expect(read.method).toBe('sso');
      expect(read.arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/sso-user@example\.com$/);
    }));

  it("takes over a login `aws sso login` wrote: refreshes it with the AWS CLI's own registration and refresh token", () =>
    withHome(SESSION_CONFIG, async (h) => {
      sts.emulator.sso.configureOidc({ autoApprove: true });
      try {
        // The AWS CLI v2's own login code (do_sso_login, as `aws sso login` runs it), pointed at the emulator.
        await python(
          `
import os
from awscli.botocore.session import get_session
from awscli.customizations.sso.utils import do_sso_login
s = get_session()
create = s.create_client
s.create_client = lambda *a, **kw: create(*a, **{**kw, 'endpoint_url': os.environ['URL']})
do_sso_login(s, 'eu-west-1', os.environ['START_URL'], on_pending_authorization=lambda **kw: None, registration_scopes=['sso:account:access'], session_name='team')
`,
          { ...h.env, URL: sts.url, START_URL: SSO.startUrl },
        );
      } finally {
        sts.emulator.sso.configureOidc({ autoApprove: false });
      }
      const tokenPath = join(h.home, '.aws', 'sso', 'cache', TOKEN_FILE);
      const written = JSON.parse(await readFile(tokenPath, 'utf8'));
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['sso', 'login', 'team', '--no-browser'], h.env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/^awsprof: refreshed the login of SSO session team until /);
      expect(sts.emulator.requests.slice(mark).map((entry) => [entry.action, entry.params.grantType])).toEqual([['CreateToken', 'refresh_token']]);
      const refreshed = JSON.parse(await readFile(tokenPath, 'utf8'));
      expect(refreshed.clientId).toBe(written.clientId);
      expect(refreshed.accessToken).not.toBe(written.accessToken);
    }));

  it('ends with one line and exit 1 when the code is never approved', () =>
    withHome(SESSION_CONFIG, async (h) => {
      sts.emulator.sso.configureOidc({ deviceCodeSeconds: 2 });
      try {
        const result = await awsprof(['sso', 'login', 'team', '--no-browser'], h.env);
        expect(result.code).toBe(1);
        expect(result.stderr.split('\n').at(-2)).toBe('awsprof: SSO session team: the login code expired before it was approved; run: awsprof sso login team');
      } finally {
        sts.emulator.sso.configureOidc({ deviceCodeSeconds: 600 });
      }
      await expect(stat(join(h.home, '.aws', 'sso'))).rejects.toThrow();
    }));

  it('names the config file when the session is incomplete', () =>
    withHome('[sso-session team]\nsso_region = eu-west-1\n', async (h) => {
      await writeFile(h.credentials, '');
      const result = await awsprof(['sso', 'login'], h.env);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe('awsprof: ~/.aws/config: [sso-session team] has no sso_start_url (set it with: awsprof sso add team --start-url URL --region REGION)\n');
    }));
});
