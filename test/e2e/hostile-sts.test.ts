// A broken or hostile STS endpoint (#7): the built CLI against the emulator serving answers that do not play fair.
// Each case asserts the exit code, one escaped line on stderr naming the field (or status) and the endpoint, and both
// files byte-for-byte as they were: above all, no `credential_process` line smuggled into the credentials file.
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerOverride } from '../sts-emulator/index.js';
import { awsprof, type CliResult, withTempDir } from '../support/cli.js';
import { type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

function withHome(work: (h: SeededHome) => Promise<void>): Promise<void> {
  return withTempDir(async (dir) => work(await seedHome(dir, sts.url)));
}

async function snapshot(h: SeededHome) {
  return {
    config: await readFile(h.config),
    credentials: await readFile(h.credentials),
    entries: (await readdir(join(h.home, '.aws'))).sort(),
  };
}

async function expectUnchanged(h: SeededHome, before: Awaited<ReturnType<typeof snapshot>>): Promise<void> {
  const after = await snapshot(h);
  expect(after.entries).toEqual(before.entries);
  expect(after.config.equals(before.config), 'config changed').toBe(true);
  expect(after.credentials.equals(before.credentials), 'credentials changed').toBe(true);
  expect(after.credentials.toString('utf8')).not.toContain('credential_process');
}

/** One line, ending in a newline, with no raw control character (ESC, BEL, CR, C1, U+2028) anywhere. */
function expectOneCleanLine(result: CliResult): void {
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.slice(0, -1)).not.toContain('\n');
  // eslint-disable-next-line no-control-regex
  expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
}

async function withAnswer(answer: AnswerOverride, work: () => Promise<void>): Promise<void> {
  sts.emulator.setAnswer(answer);
  try {
    await work();
  } finally {
    sts.emulator.setAnswer(undefined);
  }
}

const INJECTED = 'credential_process = sh -c "touch /tmp/awsprof-pwned"';

describe('awsprof assume: a hostile STS answer is refused, nothing written (#7)', () => {
  const cases: [string, string, string, string][] = [
    ['SessionToken', `IQoJb3JpZ2luX2VjEXAMPLE\n${INJECTED}`, 'contains a line break (U+000A)', 'line feed'],
    ['SessionToken', `IQoJb3JpZ2luX2VjEXAMPLE\r${INJECTED}`, 'contains a line break (U+000D)', 'carriage return'],
    ['SessionToken', `IQoJb3JpZ2luX2VjEXAMPLE\u2028${INJECTED}`, 'contains a line break (U+2028)', 'line separator'],
    ['SessionToken', `IQoJb3JpZ2luX2VjEXAMPLE\u0085${INJECTED}`, 'contains a line break (U+0085)', 'NEL'],
    ['SessionToken', 'IQoJb3JpZ2lu\u001b]0;pwned\u0007X', 'contains a control character (U+001B)', 'OSC title sequence'],
    ['SecretAccessKey', `wJalrXUtnFEMI/K7MDENG\n${INJECTED}`, 'contains a line break (U+000A)', 'line feed'],
    ['SecretAccessKey', 'wJalrXUtnFEMI\u001b[31mK7MDENG', 'contains a control character (U+001B)', 'colour sequence'],
    ['AccessKeyId', 'ASIA\u0000EXAMPLE', 'contains a control character (U+0000)', 'NUL'],
    ['AccessKeyId', 'ASIAEXAMPLE\u0007', 'contains a control character (U+0007)', 'BEL'],
    ['SessionToken', ' IQoJb3JpZ2lu ', 'has whitespace at its start or end, which the AWS CLI would strip', 'outer whitespace'],
    ['Arn', 'arn:aws:sts::111122223333:assumed-role/Developer/\u001b[2J\u001b[Hgone', 'contains a control character (U+001B)', 'screen-clearing sequence'],
    ['Arn', 'arn:aws:sts::111122223333:assumed-role/Developer/x\ny', 'contains a line break (U+000A)', 'line feed'],
    ['SessionToken', 'A'.repeat(40_000), 'is 40000 characters long (at most 32768)', 'oversized'],
  ];

  it.each(cases.map(([field, value, reason, what]) => ({ field, value, reason, what })))('a $field with a $what is refused (#7)', ({ field, value, reason }) =>
    withHome((h) =>
      withAnswer({ kind: 'field', field, value, action: 'AssumeRole' }, async () => {
        const before = await snapshot(h);
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        const article = /^[AEIOU]/.test(field) ? 'an' : 'a';
        expect(result.stderr).toBe(
          `awsprof: the STS answer from ${sts.url} has ${article} ${field} that ${reason}; nothing was written (check --endpoint-url, AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL point at the real service)\n`,
        );
        expectOneCleanLine(result);
        await expectUnchanged(h, before);
      }),
    ),
  );

  it('an Expiration that is not a date: refused, naming the field', () =>
    withHome((h) =>
      withAnswer({ kind: 'field', field: 'Expiration', value: `2030-01-01T00:00:00Z\n${INJECTED}`, action: 'AssumeRole' }, async () => {
        const before = await snapshot(h);
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`awsprof: the STS answer from ${sts.url} has an Expiration that is not a date; nothing was written\n`);
        await expectUnchanged(h, before);
      }),
    ));

  it('a token of megabytes is refused at the HTTP layer, before the SDK buffers and parses it', () =>
    withHome((h) =>
      withAnswer({ kind: 'field', field: 'SessionToken', value: 'A'.repeat(4 * 1024 * 1024), action: 'AssumeRole' }, async () => {
        const before = await snapshot(h);
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(
          `awsprof: the STS answer from ${sts.url} is larger than 256 KiB; nothing was written (check --endpoint-url, AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL point at the real service)\n`,
        );
        await expectUnchanged(h, before);
      }),
    ));

  it('refresh refuses the same way (it goes through the same gateway)', () =>
    withHome(async (h) => {
      expect((await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env)).code).toBe(0);
      await withAnswer({ kind: 'field', field: 'SessionToken', value: `x\n${INJECTED}`, action: 'AssumeRole' }, async () => {
        const before = await snapshot(h);
        const result = await awsprof(['refresh', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^awsprof: the STS answer from \S+ has a SessionToken that contains a line break \(U\+000A\); nothing was written/);
        await expectUnchanged(h, before);
      });
    }));

  it('whoami refuses an Arn with an escape sequence instead of printing it', () =>
    withHome((h) =>
      withAnswer({ kind: 'field', field: 'Arn', value: 'arn:aws:iam::111122223333:user/\u001b]0;pwned\u0007alice', action: 'GetCallerIdentity' }, async () => {
        const result = await awsprof(['whoami', '--profile', 'default'], h.env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^awsprof: the STS answer from \S+ has an Arn that contains a control character \(U\+001B\); nothing was written/);
        expectOneCleanLine(result);
      }),
    ));
});

describe('awsprof assume: STS error answers are shown escaped, on one line (#7)', () => {
  it('HTTP 500 with a text/plain body names the status, the endpoint and the body, escaped', () =>
    withHome((h) =>
      withAnswer({ kind: 'status', status: 500, contentType: 'text/plain', body: 'upstream \u001b[31mdown\u001b[0m\r\nretry later' }, async () => {
        const before = await snapshot(h);
        const mark = sts.emulator.requests.length;
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(
          `awsprof: STS at ${sts.url} answered HTTP 500: upstream \\e[31mdown\\e[0m retry later (the service or a proxy in front of it failed; try again later)\n`,
        );
        expectOneCleanLine(result);
        // A 500 is worth retrying: the SDK's three attempts all reached the server.
        expect(sts.emulator.requests.slice(mark)).toHaveLength(3);
        await expectUnchanged(h, before);
      }),
    ));

  it('an STS error whose message carries escape sequences is shown with them escaped', () =>
    withHome((h) =>
      withAnswer({ kind: 'error', code: 'AccessDenied', message: 'not allowed \u001b]0;pwned\u0007\u001b[2J here\nsecond line' }, async () => {
        const before = await snapshot(h);
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], h.env);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^awsprof: access denied: not allowed \\e\]0;pwned\\x07\\e\[2J here \(/);
        expectOneCleanLine(result);
        // --debug adds the stack, whose first line quotes the message again: escaped as well.
        const debug = await awsprof(['assume', 'dev', '--as', 'dev-keys', '--debug'], h.env);
        expect(debug.code).toBe(1);
        expect(debug.stderr.split('\n').length).toBeGreaterThan(2);
        expect(debug.stderr).toContain('\\e]0;pwned');
        // eslint-disable-next-line no-control-regex
        expect(debug.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
        await expectUnchanged(h, before);
      }),
    ));
});

describe('awsprof assume: the SDK prints nothing of its own (#7)', () => {
  it('no Node version warning or other SDK notice on stderr, even when the environment asks for them', () =>
    withHome(async (h) => {
      // The SDK's own switch, set the other way: its warning would be shown without awsprof muting the SDK.
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], { ...h.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^Assumed arn:aws:sts::111122223333:assumed-role\/Developer\/alice-dev into profile dev-keys; expires [^\n]*\n$/);
    }));
});

describe('awsprof assume: network trouble fails fast and names the endpoint (#7)', () => {
  it('a server that accepts and never answers: gives up after the timeouts, retries included', () =>
    withHome((h) =>
      withAnswer({ kind: 'hang' }, async () => {
        const before = await snapshot(h);
        const mark = sts.emulator.requests.length;
        const started = Date.now();
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], { ...h.env, AWSPROF_HTTP_TIMEOUT_MS: '700' });
        const elapsed = Date.now() - started;
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(
          `awsprof: STS at ${sts.url} did not answer (no answer within 0.7 s, 3 attempts) (check your network and proxy, and the endpoint if you set one (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL))\n`,
        );
        expect(sts.emulator.requests.slice(mark)).toHaveLength(3);
        // 3 × 0.7 s plus back-off and Node's start (slow on a loaded machine); far from the 20 s default.
        expect(elapsed).toBeGreaterThanOrEqual(2000);
        expect(elapsed).toBeLessThan(12_000);
        await expectUnchanged(h, before);
      }),
    ));

  it('a server that accepts the TCP connection and never reads (not even HTTP): the same bound', async () => {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      await withHome(async (h) => {
        const before = await snapshot(h);
        const started = Date.now();
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys', '--endpoint-url', url], { ...h.env, AWSPROF_HTTP_TIMEOUT_MS: '500' });
        expect(Date.now() - started).toBeLessThan(12_000);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`awsprof: STS at ${url} did not answer (no answer within 0.5 s, 3 attempts) (check your network and proxy, and the endpoint if you set one (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL))\n`);
        await expectUnchanged(h, before);
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  it('a host that does not resolve: names the host (ENOTFOUND)', () =>
    withHome(async (h) => {
      const before = await snapshot(h);
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys', '--endpoint-url', 'https://sts.nonexistent.invalid'], h.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'awsprof: cannot reach STS at https://sts.nonexistent.invalid: host sts.nonexistent.invalid not found (DNS ENOTFOUND) (check your network and proxy, and the endpoint if you set one (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL))\n',
      );
      await expectUnchanged(h, before);
    }));

  it('AWS_ENDPOINT_URL (the all-services variable) is honoured too, and named in errors', () =>
    withHome(async (h) => {
      const env = { ...h.env, AWS_ENDPOINT_URL_STS: undefined, AWS_ENDPOINT_URL: sts.url };
      const mark = sts.emulator.requests.length;
      const ok = await awsprof(['assume', 'dev', '--as', 'dev-keys'], env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(sts.emulator.requests.slice(mark).map((entry) => entry.action)).toEqual(['AssumeRole']);
      await withAnswer({ kind: 'status', status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }, async () => {
        const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], env);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`^awsprof: STS at ${sts.url.replace(/[.]/g, '\\.')} answered HTTP 502: <html><body>Bad gateway</body></html> \\(`));
      });
    }));

  it('AWS_ENDPOINT_URL_STS wins over AWS_ENDPOINT_URL', () =>
    withHome(async (h) => {
      const mark = sts.emulator.requests.length;
      const result = await awsprof(['assume', 'dev', '--as', 'dev-keys'], { ...h.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
      expect(result.code, result.stderr).toBe(0);
      expect(sts.emulator.requests.slice(mark)).toHaveLength(1);
    }));
});
