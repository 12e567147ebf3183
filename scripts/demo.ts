/**
 * `npm run demo`: the everyday flow end to end, against the local STS emulator instead of AWS. A throwaway HOME gets
 * a `default` profile with alice's keys and a `dev` role profile; then awsprof assumes the role, lists, switches and
 * asks STS who it is, and the real AWS CLI (when installed) confirms it sees the same identity; then `sso add` and
 * `sso login`, `sso sync` and `list` against the emulator's IAM Identity Center. Exits non-zero if any
 * step fails. Never prints secrets: every line shown is checked against the keys in the throwaway files first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanEnv } from '../test/support/cli.js';
import { ALICE, ROLE, SSO, seedHome, startTestEmulator } from '../test/support/emulator.js';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const AWS_CLI = '/usr/bin/aws';

const CONFIG = `[default]
region = eu-west-1

[profile dev]
role_arn = ${ROLE.developer}
source_profile = default
role_session_name = alice-demo
`;
const CREDENTIALS = `[default]
aws_access_key_id = ${ALICE.accessKeyId}
aws_secret_access_key = ${ALICE.secretAccessKey}
`;

interface Outcome {
  code: number | null;
  output: string;
}

/** Runs a command without blocking the event loop (the emulator answers from this process), stdout and stderr interleaved. */
function capture(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

const sts = await startTestEmulator();
const home = await mkdtemp(join(tmpdir(), 'awsprof-demo-'));
let failed = false;
try {
  const seeded = await seedHome(home, sts.url, { config: CONFIG, credentials: CREDENTIALS });
  const env = seeded.env;

  /** Secrets the demo must never show: alice's secret, whatever temporary keys awsprof writes, and SSO tokens. */
  const secrets = async (): Promise<string[]> => {
    const text = await readFile(seeded.credentials, 'utf8');
    const values = [...text.matchAll(/^\s*aws_(?:secret_access_key|session_token)\s*=\s*(\S+)/gm)].map((match) => match[1]!);
    const cache = join(home, '.aws', 'sso', 'cache');
    for (const file of existsSync(cache) ? await readdir(cache) : []) {
      const token = JSON.parse(await readFile(join(cache, file), 'utf8')) as Record<string, string>;
      values.push(...[token.accessToken, token.refreshToken, token.clientSecret].filter((value): value is string => Boolean(value)));
    }
    return [ALICE.secretAccessKey, ...values];
  };
  const show = async (display: string, outcome: Outcome): Promise<void> => {
    let output = outcome.output;
    for (const secret of await secrets()) {
      if (output.includes(secret)) {
        output = output.split(secret).join('<SECRET REDACTED>');
        failed = true;
        console.log('!! a secret appeared in the output below; it has been redacted');
      }
    }
    console.log(`$ ${display}`);
    if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    if (outcome.code !== 0) {
      failed = true;
      console.log(`!! exit code ${outcome.code}`);
    }
    console.log();
  };
  const step = async (args: string[], stepEnv: NodeJS.ProcessEnv = env): Promise<Outcome> => {
    const outcome = await capture(process.execPath, [cli, ...args], stepEnv);
    await show(`awsprof ${args.join(' ')}`, outcome);
    return outcome;
  };

  console.log(`awsprof demo: STS emulator at ${sts.url}, HOME=${home}`);
  console.log(`(the emulator knows user alice, whose keys are in [default], and the role ${ROLE.developer})\n`);

  await show('cat ~/.aws/config', { code: 0, output: await readFile(seeded.config, 'utf8') });
  await step(['assume', 'dev', '--as', 'assumed-role']);

  const help = await capture(process.execPath, [cli, '--help'], env);
  if (/awsprof list\b/.test(help.output)) await step(['list']);
  else console.log('$ awsprof list\n(skipped: this build has no list command yet)\n');

  await step(['use', 'assumed-role']);
  await step(['whoami', '--profile', 'assumed-role']);

  if (existsSync(AWS_CLI)) {
    // The AWS CLI 2.9 ignores AWS_ENDPOINT_URL_STS; --endpoint-url says where STS is.
    const awsEnv = cleanEnv(home);
    const args = ['sts', 'get-caller-identity', '--profile', 'assumed-role', '--endpoint-url', sts.url];
    await show(`aws ${args.join(' ')}`, await capture(AWS_CLI, args, awsEnv));
  } else {
    console.log(`(skipped the AWS CLI check: ${AWS_CLI} is not installed)\n`);
  }

  // IAM Identity Center (#9): the emulator serves SSO OIDC and the portal on the same port, and approves the login
  // code at once, as if it had been confirmed in the browser.
  sts.emulator.sso.configureOidc({ autoApprove: true });
  const ssoEnv = { ...env, AWS_ENDPOINT_URL: sts.url };
  await step(['sso', 'add', 'demo', '--start-url', SSO.startUrl, '--region', SSO.region], ssoEnv);
  await step(['sso', 'login', 'demo', '--no-browser'], ssoEnv);
  // One profile per account and role of the login, then the listing with the login's expiry.
  await step(['sso', 'sync', 'demo'], ssoEnv);
  await step(['list'], ssoEnv);

  await show('cat ~/.aws/config', { code: 0, output: await readFile(seeded.config, 'utf8') });
} catch (error) {
  failed = true;
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await sts.close();
  await rm(home, { recursive: true, force: true });
}
console.log(failed ? 'Demo FAILED (see !! above).' : 'Demo finished; the emulator is stopped and the throwaway HOME deleted.');
process.exitCode = failed ? 1 : 0;
