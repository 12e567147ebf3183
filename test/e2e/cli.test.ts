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
      expect(viaHelp.stdout).toContain('profile  Profile to switch to (omit with --unset)');
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
