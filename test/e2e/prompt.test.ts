// The MFA prompt on a real pseudo-terminal (Python's pty module drives it): Ctrl+C there cancels cleanly (#7).
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, withTempDir } from '../support/cli.js';
import { ALICE, CONFIG, ROLE, type SeededHome, seedHome, startTestEmulator, type TestEmulator } from '../support/emulator.js';

let sts: TestEmulator;
beforeAll(async () => {
  sts = await startTestEmulator();
});
afterAll(() => sts?.close());

/** Runs argv on a pty, waits for `waitFor` in its output, types `keys`, then reads to the end. */
const PTY_DRIVER = String.raw`
import json, os, pty, select, sys, time
wait_for, keys, argv = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b''
def read(until, timeout):
    global out
    end = time.time() + timeout
    while (until is None or until not in out) and time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            out += data
read(wait_for, 20)
prompted = wait_for in out
time.sleep(0.2)
os.write(fd, keys)
read(None, 10)
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:  # still waiting at the prompt: kill it so the test fails instead of hanging
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
print(json.dumps({'prompted': prompted, 'output': out.decode('utf8', 'replace'),
                  'code': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                  'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None}))
`;

interface PtyResult {
  prompted: boolean;
  output: string;
  code: number | null;
  signal: number | null;
}

function onPty(args: string[], env: NodeJS.ProcessEnv, waitFor: string, keys: string): Promise<PtyResult> {
  return onPtyArgv([process.execPath, CLI, ...args], env, waitFor, keys);
}

function onPtyArgv(argv: string[], env: NodeJS.ProcessEnv, waitFor: string, keys: string): Promise<PtyResult> {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/python3', ['-c', PTY_DRIVER, waitFor, keys, ...argv], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', fail);
    child.on('close', () => {
      try {
        done(JSON.parse(stdout) as PtyResult);
      } catch (error) {
        fail(error);
      }
    });
  });
}

/** readline redraws its line with CSI sequences (column moves, clear to end, inverse video) on a terminal. */
// eslint-disable-next-line no-control-regex
const withoutCursorMoves = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

const CHAINED = `${CONFIG}
[profile after-mfa]
role_arn = ${ROLE.admin}
source_profile = mfa
`;

async function files(h: SeededHome) {
  // The MFA prompt runs under the cache's lock (one prompt for many callers, #8), so the cache directory may now
  // exist; nothing may be left in it.
  const cache = await readdir(join(h.home, '.aws', 'awsprof', 'cache')).catch(() => []);
  const entries = (await readdir(join(h.home, '.aws'))).filter((name) => name !== 'awsprof').sort();
  return { config: await readFile(h.config), credentials: await readFile(h.credentials), entries, cache };
}

describe('Ctrl+C at the MFA prompt (#7)', () => {
  it.each([
    ['the role’s own mfa_serial (asked before any call)', 'mfa', 0],
    ['an MFA role in the source chain (asked from inside the SDK)', 'after-mfa', 0],
  ])('%s: prints cancelled, exits 130, writes nothing', (_what, profile) =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url, { config: CHAINED });
      const before = await files(h);
      const mark = sts.emulator.requests.length;
      const result = await onPty(['assume', profile, '--as', 'x'], { ...h.env, TERM: 'xterm' }, `MFA code for ${ALICE.mfaSerial}: `, '12\x03');
      expect(result.prompted, result.output).toBe(true);
      expect(result.code, result.output).toBe(130);
      // The prompt, nothing of the two digits typed (never echoed, #8), then the message on a line of its own.
      expect(withoutCursorMoves(result.output)).toMatch(new RegExp(`^MFA code for ${ALICE.mfaSerial}: \\r*\\n\\r*awsprof: cancelled\\r\\n$`));
      expect(sts.emulator.requests.slice(mark).filter((entry) => entry.action === 'AssumeRole')).toEqual([]);
      expect(await files(h)).toEqual(before);
    }),
  );

  it('Ctrl+D (end of input) at the prompt cancels the same way', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const before = await files(h);
      const result = await onPty(['assume', 'mfa', '--as', 'x'], { ...h.env, TERM: 'xterm' }, 'MFA code for ', '\x04');
      expect(result.code, result.output).toBe(130);
      expect(withoutCursorMoves(result.output)).toMatch(new RegExp(`^MFA code for ${ALICE.mfaSerial}: \\r*\\n\\r*awsprof: cancelled\\r\\n$`));
      expect(await files(h)).toEqual(before);
    }));

  it('a code typed at the prompt is used (the prompt itself works on a terminal)', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const result = await onPty(['assume', 'mfa', '--as', 'mfa-keys'], { ...h.env, TERM: 'xterm' }, 'MFA code for ', `${sts.emulator.totp(ALICE.mfaSerial)}\r`);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/Assumed arn:aws:sts::111122223333:assumed-role\/MfaRole\/\S+ into profile mfa-keys; /);
    }));
});

describe('prompts on the terminal, not stdin (#8)', () => {
  it('credential-process with stdin and stdout redirected asks on /dev/tty, echoes nothing, prints JSON on stdout', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const out = join(dir, 'stdout.json');
      const mark = sts.emulator.requests.length;
      const totp = sts.emulator.totp(ALICE.mfaSerial);
      // As an SDK runs it: stdin is not the terminal (here /dev/null) and stdout is a pipe or file.
      const shell = `exec '${process.execPath}' '${CLI}' credential-process mfa </dev/null >'${out}'`;
      const result = await onPtyArgv(['/bin/sh', '-c', shell], { ...h.env, TERM: 'xterm' }, 'MFA code for ', `${totp}\r`);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(new RegExp(`^MFA code for ${ALICE.mfaSerial}: \\r*\\n$`));
      expect(result.output).not.toContain(totp);
      expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
      // The code went to GetSessionToken; the role was assumed with the MFA session.
      expect(sts.emulator.requests.slice(mark).map((entry) => entry.action)).toEqual(['GetSessionToken', 'AssumeRole']);
    }));

  it('awsprof mfa: Ctrl+C at the prompt exits 130 and caches nothing', () =>
    withTempDir(async (dir) => {
      const h = await seedHome(dir, sts.url);
      const result = await onPty(['mfa', 'mfa'], { ...h.env, TERM: 'xterm' }, 'MFA code for ', '1\x03');
      expect(result.code, result.output).toBe(130);
      expect(result.output).toMatch(new RegExp(`^MFA code for ${ALICE.mfaSerial}: \\r*\\nawsprof: cancelled\\r\\n$`));
      expect(await readdir(join(h.home, '.aws', 'awsprof', 'cache')).catch(() => [])).toEqual([]);
    }));
});
