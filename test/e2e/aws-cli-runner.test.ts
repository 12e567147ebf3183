// The suite runs most AWS CLI calls in one pre-started Python process (test/support/aws-cli.ts) instead of a new
// /usr/bin/aws each time. That is only sound while both give the same answers: here each kind of call the suite makes
// runs both ways, on identical homes, and everything observable must match: exit code, stdout, stderr, the files.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAwsCli } from '../support/aws-cli.js';
import { cleanEnv, withTempDir } from '../support/cli.js';

const FIXTURE = resolve('fixtures/real-world');

const CALLS: { name: string; args: string[]; env?: Record<string, string> }[] = [
  { name: 'set a new key', args: ['configure', 'set', 'region', 'eu-west-3', '--profile', 'dev'] },
  { name: 'set a nested key in a new profile', args: ['configure', 'set', 'profile.fresh.s3.max_concurrent_requests', '4'] },
  { name: 'set a credentials key', args: ['configure', 'set', 'aws_session_token', 'tok/+=', '--profile', 'brand-new'] },
  { name: 'get', args: ['configure', 'get', 'region', '--profile', 'dev'] },
  { name: 'get a missing key (exit 1)', args: ['configure', 'get', 'nope', '--profile', 'dev'] },
  { name: 'get from a missing profile (exit 255)', args: ['configure', 'get', 'region', '--profile', 'nope'] },
  { name: 'list-profiles', args: ['configure', 'list-profiles'] },
  { name: 'list, with AWS_PROFILE from the environment', args: ['configure', 'list'], env: { AWS_PROFILE: 'dev' } },
  { name: 'a usage error (exit 252)', args: ['configure', 'bogus'] },
  { name: 'export-credentials through credential_process', args: ['configure', 'export-credentials', '--profile', 'proc'] },
];

describe('the pre-started AWS CLI answers as /usr/bin/aws does', () => {
  it.each(CALLS)('$name', async ({ args, env: extra }) => {
    await withTempDir(async (dir) => {
      const results = [];
      for (const mode of ['process', 'runner'] as const) {
        const home = join(dir, mode);
        cpSync(FIXTURE, home, { recursive: true });
        const config = join(home, 'config');
        // A credential_process the CLI runs as a child process, from the runner as from a process.
        writeFileSync(config, `${readFileSync(config, 'utf8')}\n[profile proc]\ncredential_process = ${process.execPath} -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESS000000001',SecretAccessKey:'s'}))"\n`);
        const env = cleanEnv(home, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), ...extra });
        const result = await runAwsCli(args, env, { process: mode === 'process' });
        const files = ['config', 'credentials'].map((name) => readFileSync(join(home, name), 'utf8'));
        // The home's path differs between the two runs; nothing else may.
        results.push(JSON.parse(JSON.stringify({ result, files }).replaceAll(home, '<HOME>')));
      }
      expect(results[1]).toEqual(results[0]);
      expect(results[0].result.stderr).not.toMatch(/aws-cli-runner/);
    });
  });
});
