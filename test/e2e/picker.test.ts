// The profile picker on a real pseudo-terminal (Python's pty module drives it): type to filter, arrows, Enter, Esc
// (#10). stdout goes to a file of its own, as in `eval "$(awsprof use)"`: only the chosen profile's lines may be there.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, awsprof, installLauncher, withTempDir } from '../support/cli.js';
import { CONFIG, CREDENTIALS, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

/**
 * Runs argv on a pty with stdout sent to a file; for each step waits for its text on the terminal, then types its
 * keys. Reports everything the terminal showed, the exit code, and whether each step's text appeared.
 */
const PTY_DRIVER = String.raw`
import fcntl, json, os, pty, select, struct, sys, termios, time
steps, stdout_path, argv = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    out = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.execvp(argv[0], argv)
# A terminal of 30 lines by 100 columns: a new pty has no size at all.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))
seen = b''
def read(until, timeout):
    global seen
    end = time.time() + timeout
    while (until is None or until not in seen[mark:]) and time.time() < end:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            seen += data
found = []
mark = 0
for wait_for, keys in steps:
    read(wait_for.encode(), 20)
    found.append(wait_for.encode() in seen[mark:])
    mark = len(seen)
    time.sleep(0.1)
    os.write(fd, keys.encode())
read(None, 10)
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:  # still waiting in the picker: kill it so the test fails instead of hanging
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
print(json.dumps({'found': found, 'screen': seen.decode('utf8', 'replace'),
                  'code': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}))
`;

interface PtyResult {
  found: boolean[];
  screen: string;
  code: number | null;
  stdout: string;
}

/** Runs the built CLI with `args` on a pty; `command` runs something else instead (a shell). */
function onPty(dir: string, args: string[], env: NodeJS.ProcessEnv, steps: [waitFor: string, keys: string][], command = [process.execPath, CLI]): Promise<PtyResult> {
  const stdoutFile = join(dir, 'stdout.txt');
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/python3', ['-c', PTY_DRIVER, JSON.stringify(steps), stdoutFile, ...command, ...args], {
      env: { ...env, TERM: 'xterm' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let report = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (report += chunk));
    child.on('error', fail);
    child.on('close', async () => {
      try {
        done({ ...(JSON.parse(report) as Omit<PtyResult, 'stdout'>), stdout: await readFile(stdoutFile, 'utf8') });
      } catch (error) {
        fail(error);
      }
    });
  });
}

const DOWN = '\x1b[B';
const ESC = '\x1b';
const ENTER = '\r';

/** The emulator's organisation, plus temporary keys that expired and a name with a terminal escape in it. */
const PICKER_CONFIG = `${CONFIG}
[profile old-keys]
region = us-east-2
`;
const PICKER_CREDENTIALS = `${CREDENTIALS}
[old-keys]
aws_access_key_id = ASIAOLDKEYSEXAMPLE01
aws_secret_access_key = oldSecretEXAMPLEKEY000000000000000000001
aws_session_token = oldToken
aws_expiration = 2020-01-01T00:00:00Z

[evil\x1b]2;pwned\x07]
aws_access_key_id = AKIAEVILEXAMPLE00001
aws_secret_access_key = evilSecretEXAMPLEKEY00000000000000000001
`;

// The terminal draws with cursor moves and colours; the text in between is what a person reads.
// eslint-disable-next-line no-control-regex
const text = (screen: string) => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('awsprof use without a profile, on a terminal (#10)', () => {
  it('shows every profile with its kind and expiry, escaped; typing filters fuzzily, Enter prints that profile’s switch on stdout', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url, { config: PICKER_CONFIG, credentials: PICKER_CREDENTIALS });
      const result = await onPty(dir, ['use'], h.env, [
        ['Profile to switch to', 'xt'],
        ['ext', ENTER],
      ]);
      expect(result.found, result.screen).toEqual([true, true]);
      expect(result.code, result.screen).toBe(0);
      expect(result.stdout).toMatch(/^export AWS_PROFILE='ext'$/m);
      expect(result.stdout).toMatch(/^unset AWS_ACCESS_KEY_ID$/m);
      const screen = text(result.screen);
      expect(screen).toMatch(/default\s+static/);
      expect(screen).toMatch(/admin\s+role/);
      expect(screen).toMatch(/old-keys\s+temporary\s+expired \d+d ago/);
      // The name's escape sequence is shown as text, never sent to the terminal raw.
      expect(result.screen).not.toContain('\x1b]2;pwned');
      expect(screen).toMatch(/evil\\e\]2;pwned\\x07\s+static/);
    }));

  it('arrows move through the filtered list: `d` then Down then Enter picks the second name with a d', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      // default, dev, admin: the order of the files; `d` matches all three.
      const result = await onPty(dir, ['use', '--shell', 'fish'], h.env, [
        ['Profile to switch to', 'd'],
        ['admin', DOWN],
        ['dev', ENTER],
      ]);
      expect(result.code, result.screen).toBe(0);
      expect(result.stdout).toContain("set -gx AWS_PROFILE 'dev'");
    }));

  it('starts on the current AWS_PROFILE, so Enter alone keeps it', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const result = await onPty(dir, ['use'], { ...h.env, AWS_PROFILE: 'short' }, [['Profile to switch to', ENTER]]);
      expect(result.code, result.screen).toBe(0);
      expect(result.stdout).toMatch(/^export AWS_PROFILE='short'$/m);
      expect(result.stdout).toMatch(/^export AWS_REGION='ap-southeast-2'$/m);
    }));

  it('Esc cancels: exit 130, nothing on stdout', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const result = await onPty(dir, ['use'], h.env, [['Profile to switch to', ESC]]);
      expect(result.code, result.screen).toBe(130);
      expect(result.stdout).toBe('');
      expect(text(result.screen)).toContain('awsprof: cancelled');
    }));

  it('use with a profile never loads the prompt library, on a terminal or not (start-up cost unchanged)', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const log = join(dir, 'imports.log');
      const hook = join(import.meta.dirname, '..', 'support', 'record-imports.mjs');
      const env = { ...h.env, NODE_OPTIONS: `--import=${hook}`, IMPORT_LOG_FILE: log };
      await writeFile(log, '');
      const onTerminal = await onPty(dir, ['use', 'dev'], env, []);
      expect(onTerminal.code, onTerminal.screen).toBe(0);
      expect(onTerminal.stdout).toMatch(/^export AWS_PROFILE='dev'$/m);
      expect(await awsprof(['use', 'dev'], env)).toMatchObject({ code: 0 });
      const imports = await readFile(log, 'utf8');
      expect(imports).toContain('/dist/cli.js');
      expect(imports).not.toMatch(/@clack/);
      // The check can see it: a picker that opens does load it.
      await onPty(dir, ['use'], env, [['Profile to switch to', ESC]]);
      expect(await readFile(log, 'utf8')).toMatch(/node_modules\/@clack\/prompts\//);
    }));

  it('off a terminal nothing changes: the usage error, exit 2, no picker', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const result = await awsprof(['use'], h.env);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe('awsprof: name a profile (or --unset to return to the default)\n');
    }));
});

describe('the picker inside the shell-init wrapper (#10)', () => {
  it('dash: `awsprof use` picks on the terminal while the wrapper captures stdout, and the shell switches; Esc keeps it', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const path = installLauncher(dir);
      const script = [
        'eval "$(awsprof shell-init sh)"',
        'awsprof use; echo "first=$? profile=${AWS_PROFILE-<unset>}"',
        'awsprof use; echo "second=$? profile=${AWS_PROFILE-<unset>}"',
      ].join('\n');
      const result = await onPty(dir, ['-c', script], { ...h.env, PATH: path }, [
        ['Profile to switch to', 'shrt'],
        ['short', ENTER],
        ['Profile to switch to', ESC],
      ], ['/usr/bin/dash']);
      expect(result.code, result.screen).toBe(0);
      expect(result.stdout).toBe('first=0 profile=short\nsecond=130 profile=short\n');
    }));
});

describe('awsprof assume without a profile, on a terminal (#10)', () => {
  it('picks the role profile, assumes it against the emulator and writes the keys', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const mark = sts.emulator.requests.length;
      const result = await onPty(dir, ['assume', '--as', 'picked'], h.env, [
        ['Profile to assume', 'ext'],
        ['ext', ENTER],
      ]);
      expect(result.code, result.screen).toBe(0);
      // Only role profiles are offered: default (static keys) cannot be assumed without --role-arn.
      expect(text(result.screen)).toMatch(/dev +role/);
      expect(text(result.screen)).not.toMatch(/default +static/);
      expect(text(result.screen)).toMatch(/Assumed arn:aws:sts::111122223333:assumed-role\/ExtRole\/\S+ into profile picked;/);
      expect(sts.emulator.requests.slice(mark).filter((entry) => entry.action === 'AssumeRole')).toHaveLength(1);
      expect(await readFile(h.credentials, 'utf8')).toMatch(/\[picked\]\naws_access_key_id = ASIA/);
    }));

  it('Esc cancels before any STS call: exit 130, files unchanged', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      await writeFile(join(dir, 'marker'), '');
      const before = [await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')];
      const mark = sts.emulator.requests.length;
      const result = await onPty(dir, ['assume', '--as', 'picked'], h.env, [['Profile to assume', ESC]]);
      expect(result.code, result.screen).toBe(130);
      expect(result.stdout).toBe('');
      expect(sts.emulator.requests.slice(mark)).toEqual([]);
      expect([await readFile(h.config, 'utf8'), await readFile(h.credentials, 'utf8')]).toEqual(before);
    }));
});
