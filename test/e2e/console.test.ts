// `awsprof console` as a user runs it: the built CLI as a child process, a temp HOME, and the emulator serving both
// STS and the sign-in federation endpoint (AWSPROF_SIGNIN_URL). Each sign-in URL is followed to the emulator, which
// checks the SigninToken and answers with the principal it signs in.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOW_ALL_POLICY, federatedUserName } from '../../src/profiles/console-plan.js';
import { readAwsFiles, settingText } from '../../src/profiles/view.js';
import { awsprof, type CliResult, withTempDir } from '../support/cli.js';
import { ACCOUNT, ALICE, CREDENTIALS, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

/** No display, so no browser: nothing a test runs may open a real one. */
const withHome = (work: (h: SeededHome) => Promise<void>, files: { config?: string; credentials?: string } = {}, extraEnv: Record<string, string | undefined> = {}) =>
  withTempDir(async (dir) => work(await seedHome(dir, sts.url, files, { AWSPROF_SIGNIN_URL: sts.url, DISPLAY: undefined, WAYLAND_DISPLAY: undefined, ...extraEnv })));

const HOME_EU_WEST_1 = 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1';

interface LoginUrl {
  destination: string;
  issuer: string | null;
  token: string;
}

/** Checks the URL is a login URL on the emulator's federation endpoint and returns its parts. */
function parseLogin(stdout: string): LoginUrl {
  expect(stdout.endsWith('\n')).toBe(true);
  const url = new URL(stdout.trim());
  expect(`${url.origin}${url.pathname}`).toBe(`${sts.url}/federation`);
  expect([...url.searchParams.keys()]).toEqual(['Action', 'Issuer', 'Destination', 'SigninToken']);
  expect(url.searchParams.get('Action')).toBe('login');
  return { destination: url.searchParams.get('Destination')!, issuer: url.searchParams.get('Issuer'), token: url.searchParams.get('SigninToken')! };
}

/** Opens the URL as a browser would: the emulator validates the token and says whom it signs in, and until when. */
async function follow(stdout: string): Promise<{ location: string | null; principal: string | null; ends: Date }> {
  const response = await fetch(stdout.trim(), { redirect: 'manual' });
  expect(response.status).toBe(302);
  return {
    location: response.headers.get('location'),
    principal: response.headers.get('x-emulator-principal'),
    ends: new Date(response.headers.get('x-emulator-console-session-ends')!),
  };
}

/** The secrets of every profile in the files, and the token in the URL: none may reach stderr. */
async function secretsOf(h: SeededHome): Promise<string[]> {
  const view = readAwsFiles(await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8'));
  const secrets: string[] = [ALICE.secretAccessKey];
  for (const profile of view.profiles.values()) {
    for (const key of ['aws_secret_access_key', 'aws_session_token']) {
      const value = settingText(profile.credentials, key);
      if (value) secrets.push(value);
    }
  }
  return secrets;
}

function expectNoSecret(result: CliResult, secrets: string[], token?: string): void {
  for (const secret of [...secrets, ...(token ? [token] : [])]) expect(result.stderr).not.toContain(secret.slice(0, 24));
  expect(result.stderr).not.toContain('SigninToken=');
  expect(result.stderr).not.toContain('Session=');
}

const lastFederation = () => sts.emulator.federationRequests.filter((entry) => entry.action === 'getSigninToken').at(-1)!;

describe('awsprof console --print', () => {
  it('a role profile: assumed on the way, the URL signs in as the role session and lands on the console home', () =>
    withHome(async (h) => {
      const before = [await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')];
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['console', 'dev', '--print'], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const login = parseLogin(result.stdout);
      expect(login).toMatchObject({ destination: HOME_EU_WEST_1, issuer: 'awsprof' });
      expect(sts.emulator.requests.slice(mark)).toMatchObject([{ action: 'AssumeRole', accessKeyId: ALICE.accessKeyId, params: { RoleSessionName: 'alice-dev' } }]);
      expect(lastFederation()).toMatchObject({ status: 200, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-dev`, sessionDuration: null });
      const followed = await follow(result.stdout);
      expect(followed).toMatchObject({ location: HOME_EU_WEST_1, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-dev` });
      // Nothing written: console never stores what it assumed.
      expect([await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')]).toEqual(before);
    }));

  it('a role assumed with long-term keys: --duration becomes SessionDuration, and the console session lasts that long', () =>
    withHome(async (h) => {
      const result = await awsprof(['console', 'dev', '--print', '--duration', '2h'], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(lastFederation()).toMatchObject({ status: 200, sessionDuration: 7200 });
      const { ends } = await follow(result.stdout);
      expect(Math.abs(ends.getTime() - sts.emulator.now().getTime() - 7200_000)).toBeLessThan(60_000);
    }));

  it('a role chain: --duration is ignored with one stderr line, and the sign-in still works', () =>
    withHome(async (h) => {
      const result = await awsprof(['console', 'admin', '--print', '--duration', '2h'], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /^awsprof: --duration ignored: AWS sets a console session length only for a role assumed with long-term keys; this session ends with the credentials of profile admin \(in (59m|1h)\)\n$/,
      );
      expect(lastFederation()).toMatchObject({ status: 200, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice-admin`, sessionDuration: null });
      expect((await follow(result.stdout)).principal).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice-admin`);
      expectNoSecret(result, await secretsOf(h), parseLogin(result.stdout).token);
    }));

  it('keys awsprof wrote: used as they are (no STS call); SessionDuration only when they came from long-term keys', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      expect((await awsprof(['assume', 'admin', '--as', 'admin-keys'], h.env)).code).toBe(0);
      const mark = sts.emulator.requests.length;
      const direct = await awsprof(['console', 'dev-keys', '--print', '--duration', '1h'], h.env);
      expect(direct.code).toBe(0);
      expect(direct.stderr).toBe('');
      expect(lastFederation()).toMatchObject({ status: 200, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-dev`, sessionDuration: 3600 });
      expect((await follow(direct.stdout)).principal).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-dev`);

      const chained = await awsprof(['console', 'admin-keys', '--print', '--duration', '1h'], { ...h.env, AWS_PROFILE: 'dev' });
      expect(chained.code).toBe(0);
      expect(chained.stderr).toMatch(/^awsprof: --duration ignored: .* profile admin-keys \(in (59m|1h)\)\n$/);
      expect(lastFederation()).toMatchObject({ status: 200, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice-admin`, sessionDuration: null });
      expect(sts.emulator.requests.length).toBe(mark);
      expectNoSecret(chained, await secretsOf(h));
    }));

  it('AWS_PROFILE picks the profile when none is named', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const result = await awsprof(['console', '--print'], { ...h.env, AWS_PROFILE: 'dev-keys' });
      expect(result.code).toBe(0);
      expect((await follow(result.stdout)).principal).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-dev`);
    }));

  it('long-term keys: GetFederationToken (local user name cut to 32, allow-all policy); --duration goes there, not to SessionDuration', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['console', '--print', '--duration', '2h'], h.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const name = federatedUserName(userInfo().username);
      expect(name.length).toBeLessThanOrEqual(32);
      expect(sts.emulator.requests.slice(mark)).toMatchObject([
        { action: 'GetFederationToken', accessKeyId: ALICE.accessKeyId, status: 200, params: { Name: name, Policy: ALLOW_ALL_POLICY, DurationSeconds: '7200' } },
      ]);
      const federatedUser = `arn:aws:sts::${ACCOUNT}:federated-user/${name}`;
      expect(lastFederation()).toMatchObject({ status: 200, principal: federatedUser, sessionDuration: null });
      const followed = await follow(result.stdout);
      expect(followed).toMatchObject({ location: HOME_EU_WEST_1, principal: federatedUser });
      expect(Math.abs(followed.ends.getTime() - sts.emulator.now().getTime() - 7200_000)).toBeLessThan(60_000);
    }));

  it('credential_process through the SDK: temporary keys used as they come (--duration ignored); long-term ones federated', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const view = readAwsFiles(await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8'));
      const keys = view.profiles.get('dev-keys')!.credentials;
      const temporary = join(h.home, 'temporary.json');
      const longTerm = join(h.home, 'long-term.json');
      await writeFile(temporary, JSON.stringify({ Version: 1, AccessKeyId: keys.aws_access_key_id, SecretAccessKey: keys.aws_secret_access_key, SessionToken: keys.aws_session_token }));
      await writeFile(longTerm, JSON.stringify({ Version: 1, AccessKeyId: ALICE.accessKeyId, SecretAccessKey: ALICE.secretAccessKey }));
      const config = `${await readFile(h.config, 'utf8')}\n[profile proc]\ncredential_process = cat ${temporary}\n[profile proc-long]\ncredential_process = cat ${longTerm}\n`;
      await writeFile(h.config, config);

      const proc = await awsprof(['console', 'proc', '--print', '--duration', '1h'], h.env);
      expect(proc.code).toBe(0);
      expect(proc.stderr).toBe('awsprof: --duration ignored: AWS sets a console session length only for a role assumed with long-term keys; this session ends with the credentials of profile proc\n');
      expect((await follow(proc.stdout)).principal).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice-dev`);

      const mark = sts.emulator.requests.length;
      const long = await awsprof(['console', 'proc-long', '--print'], h.env);
      expect(long.code).toBe(0);
      expect(sts.emulator.requests.slice(mark)).toMatchObject([{ action: 'GetFederationToken', accessKeyId: ALICE.accessKeyId }]);
      expect((await follow(long.stdout)).principal).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:federated-user/`));
    }));

  it('a role that needs MFA: --token-code answers it', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['console', 'mfa', '--print', '--token-code', sts.emulator.totp(ALICE.mfaSerial)], h.env);
      expect(result.code).toBe(0);
      expect(sts.emulator.requests.slice(mark)).toMatchObject([{ action: 'AssumeRole', params: { SerialNumber: ALICE.mfaSerial, TokenCode: '<redacted>' }, status: 200 }]);
      expect((await follow(result.stdout)).principal).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/MfaRole/`));
    }));

  it('--service and --region pick the page; an aws-cn region gives the .cn console; --destination lands where asked', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      const s3 = await awsprof(['console', 'dev-keys', '--print', '--service', 's3', '--region', 'us-west-2'], h.env);
      expect(s3.code).toBe(0);
      expect((await follow(s3.stdout)).location).toBe('https://us-west-2.console.aws.amazon.com/s3/home?region=us-west-2');
      const china = await awsprof(['console', 'dev-keys', '--print', '--region', 'cn-north-1'], h.env);
      expect(china.code).toBe(0);
      expect(parseLogin(china.stdout).destination).toBe('https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1');
      const page = 'https://console.aws.amazon.com/iam/home#/users?filter=a%20b';
      const destination = await awsprof(['console', 'dev-keys', '--print', '--destination', page], h.env);
      expect(destination.code).toBe(0);
      expect((await follow(destination.stdout)).location).toBe(page);
    }));
});

describe('awsprof console: refusals', () => {
  it.each([
    [['--destination', 'https://evil.example.com/'], '--destination: "https://evil.example.com/" is not a page of the aws console'],
    [['--destination', 'https://console.amazonaws.cn/'], '--destination: "https://console.amazonaws.cn/" is not a page of the aws console'],
    [['--service', 's3', '--destination', 'https://console.aws.amazon.com/'], '--service and --destination cannot be used together'],
    [['--service', 'S3/../x'], '--service: "S3/../x" is not a console service name'],
    [['--duration', '10m'], '--duration: 600 seconds is outside what STS allows'],
    [['--region', 'moon-1'], '--region: "moon-1" is not an AWS region name'],
  ])('%j: exit 2, nothing asked of STS or sign-in', (args, message) =>
    withHome(async (h) => {
      const marks = [sts.emulator.requests.length, sts.emulator.federationRequests.length];
      const result = await awsprof(['console', 'dev', '--print', ...args], h.env);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`awsprof: ${message}`);
      expect([sts.emulator.requests.length, sts.emulator.federationRequests.length]).toEqual(marks);
    }),
  );

  it('no region and long-term keys: a bad --destination is refused before GetFederationToken', () =>
    withHome(
      async (h) => {
        const marks = [sts.emulator.requests.length, sts.emulator.federationRequests.length];
        const result = await awsprof(['console', '--print', '--destination', 'https://evil.example.com/'], h.env);
        expect(result).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('--destination: "https://evil.example.com/" is not a page of the AWS console') });
        expect([sts.emulator.requests.length, sts.emulator.federationRequests.length]).toEqual(marks);
      },
      { config: '' },
    ));

  it('an unknown profile: not found, with a suggestion (exit 1, as every command)', () =>
    withHome(async (h) => {
      const result = await awsprof(['console', 'deb', '--print'], h.env);
      expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'awsprof: profile deb not found in config or credentials (did you mean dev?)\n' });
    }));

  it('expired keys awsprof wrote: a refresh hint, no network', () =>
    withHome(
      async (h) => {
        const marks = [sts.emulator.requests.length, sts.emulator.federationRequests.length];
        const result = await awsprof(['console', 'old', '--print'], h.env);
        expect(result).toMatchObject({ code: 1, stdout: '' });
        expect(result.stderr).toMatch(/^awsprof: the temporary keys of profile old expired \d+d ago \(run awsprof refresh old first\)\n$/);
        expect([sts.emulator.requests.length, sts.emulator.federationRequests.length]).toEqual(marks);
      },
      {
        config: '[profile old]\nawsprof_source_profile = dev\n',
        credentials: `${CREDENTIALS}\n[old]\naws_access_key_id = ASIAOLD0EXAMPLE00001\naws_secret_access_key = oldSecret/EXAMPLEKEY0000000000000000000000\naws_session_token = oldToken/EXAMPLE\nx_security_token_expires = 2020-01-01T00:00:00Z\n`,
      },
    ));

  it('keys the endpoint refuses: one line naming the endpoint, never the request or a secret', () =>
    withHome(
      async (h) => {
        const result = await awsprof(['console', 'stolen', '--print'], h.env);
        expect(result).toMatchObject({ code: 1, stdout: '' });
        expect(result.stderr).toBe(
          `awsprof: the sign-in endpoint ${sts.url}/federation refused the credentials (HTTP 400) (the credentials may have expired or been revoked; refresh them and try again)\n`,
        );
        expectNoSecret(result, await secretsOf(h));
      },
      { credentials: `${CREDENTIALS}\n[stolen]\naws_access_key_id = ASIASTOLEN0EXAMPLE01\naws_secret_access_key = stolenSecret/EXAMPLEKEY000000000000000000\naws_session_token = stolenToken/EXAMPLE000000000000000\n` },
    ));
});

describe('awsprof console: a hostile sign-in endpoint', () => {
  let server: Server;
  let url: string;
  let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end();
  beforeAll(async () => {
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const dev = (h: SeededHome) => awsprof(['console', 'dev', '--print'], { ...h.env, AWSPROF_SIGNIN_URL: `${url}/federation`, AWSPROF_HTTP_TIMEOUT_MS: '400' });

  it('a SigninToken with characters no token has is not used', () =>
    withHome(async (h) => {
      answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ SigninToken: 'x'.repeat(40) + '\u001b]8;;https://evil\u0007' }));
      const result = await dev(h);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(
        `awsprof: the answer from the sign-in endpoint ${url}/federation has no usable SigninToken (check AWSPROF_SIGNIN_URL points at the AWS sign-in federation endpoint)\n`,
      );
    }));

  it('an endless answer is cut off at the size cap; a silent one at the response timeout', () =>
    withHome(async (h) => {
      answer = (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      };
      const big = await dev(h);
      expect(big).toMatchObject({ code: 1, stdout: '' });
      expect(big.stderr).toContain(`the answer from the sign-in endpoint ${url}/federation is larger than 256 KiB`);
      answer = () => undefined;
      const silent = await dev(h);
      expect(silent).toMatchObject({ code: 1, stdout: '' });
      expect(silent.stderr).toContain(`the sign-in endpoint ${url}/federation did not answer`);
    }));
});

describe('awsprof console: the browser', () => {
  async function fakeOpener(dir: string, script: string): Promise<string> {
    const bin = join(dir, 'fakebin');
    await import('node:fs/promises').then((fs) => fs.mkdir(bin));
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\n${script}\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    return `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  }

  it('with a display: the URL goes to the opener only, nothing on stdout', () =>
    withHome(async (h) => {
      const seen = join(h.home, 'opened');
      const PATH = await fakeOpener(h.home, `printf '%s\\n' "$@" > '${seen}'`);
      const result = await awsprof(['console', 'dev'], { ...h.env, PATH, DISPLAY: ':99' });
      expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'Opened the AWS console for profile dev.\n' });
      const opened = await readFile(seen, 'utf8');
      expect((await follow(opened)).location).toBe(HOME_EU_WEST_1);
    }));

  it('no display, or an opener that fails: the URL is printed on stdout with one line on stderr', () =>
    withHome(async (h) => {
      const noDisplay = await awsprof(['console', 'dev'], h.env);
      expect(noDisplay.code).toBe(0);
      expect(noDisplay.stderr).toBe('awsprof: no browser could be opened; the sign-in URL follows (it signs in whoever opens it within 15 minutes)\n');
      expect((await follow(noDisplay.stdout)).location).toBe(HOME_EU_WEST_1);
      const PATH = await fakeOpener(h.home, 'exit 3');
      const failing = await awsprof(['console', 'dev'], { ...h.env, PATH, WAYLAND_DISPLAY: 'wayland-0' });
      expect(failing.code).toBe(0);
      expect(failing.stderr).toBe(noDisplay.stderr);
      parseLogin(failing.stdout);
    }));
});
