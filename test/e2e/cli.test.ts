import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsprof, CLI, cleanEnv, run, withTempDir } from '../support/cli.js';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;

describe('the command line itself', () => {
  it.each([
    ['no command', [], 2, 'awsprof: name a command (see awsprof --help)\n'],
    ['a typo', ['lst'], 2, 'awsprof: did you mean list? (see awsprof --help)\n'],
    ['an unknown flag, without a camelCase twin', ['--confg-file', 'x', 'list'], 2, 'awsprof: unknown argument: confg-file (see awsprof --help)\n'],
    ['a flag missing its value', ['get', 'region', '--profile'], 2, 'awsprof: not enough arguments following: profile (see awsprof --help)\n'],
    ['a flag given twice', ['assume', 'dev', '--as', 'a', '--as', 'b'], 2, 'awsprof: --as may be given once\n'],
    ['missing arguments, named', ['set', 'region'], 2, 'awsprof: set needs VARNAME and VALUE (see awsprof set --help)\n'],
    ['a missing argument of a subcommand, after a global option', ['--config-file', 'x', 'sso', 'add'], 2, 'awsprof: sso add needs NAME (see awsprof sso add --help)\n'],
  ])('%s: one line, exit %i', (_name, args, code, stderr) =>
    withTempDir(async (home) => {
      const result = await awsprof(args as string[], cleanEnv(home));
      expect([result.code, result.stdout, result.stderr]).toEqual([code, '', stderr]);
    }));

  it('prints the version from package.json', () =>
    withTempDir(async (home) => {
      expect((await awsprof(['--version'], cleanEnv(home))).stdout).toBe(`${version}\n`);
    }));

  it('awsprof help COMMAND is COMMAND --help, with positionals described', () =>
    withTempDir(async (home) => {
      const viaHelp = await awsprof(['help', 'use'], cleanEnv(home));
      const viaFlag = await awsprof(['use', '--help'], cleanEnv(home));
      expect(viaHelp).toEqual(viaFlag);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toContain('profile  Profile to switch to (omitted: a picker on a terminal; omit with --unset)');
    }));

  it('lists every command in --help, and not the hidden completion helper', () =>
    withTempDir(async (home) => {
      const help = (await awsprof(['--help'], cleanEnv(home))).stdout;
      for (const command of ['assume', 'use', 'list', 'refresh', 'whoami', 'console', 'clean', 'set', 'get', 'rm', 'shell-init', 'completion']) {
        expect(help).toMatch(new RegExp(`^  awsprof ${command}\\b`, 'm'));
      }
      expect(help).not.toContain('__complete-profiles');
    }));
});

describe('a reader that stops early', () => {
  it('awsprof list | head -1: no EPIPE error, exit 0', () =>
    withTempDir(async (home) => {
      mkdirSync(join(home, '.aws'));
      // Far more than a pipe buffer (64 KiB), so awsprof is still writing when head exits.
      let config = '';
      for (let index = 0; index < 5000; index++) config += `[profile p${index}]\nregion = eu-west-1\n`;
      writeFileSync(join(home, '.aws', 'config'), config);
      const result = await run('/bin/sh', ['-c', `'${process.execPath}' '${CLI}' list | head -1`], cleanEnv(home));
      const piped = await run('/bin/bash', ['-c', `set -o pipefail; '${process.execPath}' '${CLI}' list | head -1 >/dev/null`], cleanEnv(home));
      expect(result.stdout).toMatch(/^ +PROFILE +KIND/);
      expect(result.stderr).toBe('');
      expect(piped.stderr).toBe('');
      expect(piped.code).toBe(0);
    }));
});

describe('output written straight to the descriptor', () => {
  const config = Array.from({ length: 5000 }, (_, index) => `[profile p${index}]\nregion = eu-west-1\n`).join('');

  it('a non-blocking pipe read slowly still gets every byte, in order (the EAGAIN hand-over to the stream)', () =>
    withTempDir(async (home) => {
      mkdirSync(join(home, '.aws'));
      writeFileSync(join(home, '.aws', 'config'), config);
      const expected = await awsprof(['list'], cleanEnv(home));
      expect(expected.stdout.length).toBeGreaterThan(200_000);
      // A pipe in O_NONBLOCK mode, as some shells and tools leave it, filled faster than it is read.
      const script = [
        'import os, subprocess, sys, time',
        'r, w = os.pipe()',
        'os.set_blocking(w, False)',
        `child = subprocess.Popen([sys.argv[1], sys.argv[2], "list"], stdout=w)`,
        'os.close(w)',
        'time.sleep(0.3)',
        'chunks = []',
        'while True:',
        '    chunk = os.read(r, 4096)',
        '    if not chunk: break',
        '    chunks.append(chunk)',
        '    time.sleep(0.001)',
        'sys.stdout.buffer.write(b"".join(chunks))',
        'sys.exit(child.wait())',
      ].join('\n');
      const result = await run('/usr/bin/python3', ['-c', script, process.execPath, CLI], cleanEnv(home));
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(expected.stdout);
    }));

  it('the prompt commands answer into a pipe or /dev/null without loading Node streams, net or fs/promises (ms of every prompt)', () =>
    withTempDir(async (home) => {
      mkdirSync(join(home, '.aws'));
      writeFileSync(join(home, '.aws', 'config'), '[profile dev]\nregion = eu-west-1\n');
      const record = join(home, 'record.cjs');
      writeFileSync(record, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(join(home, 'modules.txt'))}, process.moduleLoadList.join('\\n')));\n`);
      for (const args of [['use', 'dev', '--shell', 'bash'], ['get', 'region', '--profile', 'dev'], ['list']]) {
        const result = await run(process.execPath, ['-r', record, CLI, ...args], cleanEnv(home));
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/eu-west-1/);
        const loaded = () => readFileSync(join(home, 'modules.txt'), 'utf8').split('\n');
        const modules = loaded();
        const quoted = [process.execPath, '-r', record, CLI, ...args].map((word) => `'${word}'`).join(' ');
        expect((await run('/bin/sh', ['-c', `${quoted} > /dev/null`], cleanEnv(home))).code).toBe(0);
        for (const [label, list] of [['pipe', modules], ['/dev/null', loaded()]] as const) {
          for (const module of ['NativeModule net', 'NativeModule stream', 'NativeModule fs/promises', 'NativeModule tty']) {
            expect(list, `${args.join(' ')} into ${label}`).not.toContain(module);
          }
        }
      }
    }));
});
