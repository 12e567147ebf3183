// Runs the emulator as its own process, for demos, for trying awsprof by hand and for end-to-end tests that drive
// the built CLI. One port serves STS, SSO OIDC and the SSO portal:
//
//   npm run emulator -- [--port N] [--auto-approve] [--state state.json] [--format ini|json] [--latency-ms N] [--log requests.jsonl]
//
// Without --state it serves the test organisation of test/support/emulator.ts (user alice, her roles, an Identity
// Center organisation). --auto-approve approves SSO device codes as soon as they are issued; without it, opening the
// verification URL (GET /device?user_code=...) approves one.
//
// Once listening it prints either (--format ini, the default without --state) `key = value` lines a person can paste:
// endpoint_url, a test user's aws_access_key_id and aws_secret_access_key, a role_arn that user may assume, and an
// sso_start_url and sso_region whose accounts and roles it serves; or (--format json, the default with --state, as
// scripts/bench reads it) one JSON line {"url":..., "pid":..., "users":[...]} ("users" lists only users whose keys
// were generated, so they are usable). Then it serves until SIGTERM or SIGINT.
//
// Hostile answers (#7), for trying a client against a server that does not play fair: `--answer '<json>'` at start,
// or `POST /__emulator/answer` with the same JSON later (`null` for honest answers again). See AnswerOverride in
// server.ts, e.g. {"kind":"field","field":"SessionToken","value":"x\ncredential_process = touch /tmp/pwned"},
// {"kind":"hang"}, {"kind":"status","status":500,"contentType":"text/plain","body":"upstream down"}.
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startStsEmulator } from './server.js';
import type { AnswerOverride, UserInfo } from './server.js';
import type { RoleConfig, UserConfig } from './state.js';
import type { SsoAccountConfig } from './sso-state.js';
import { generateSsoAccounts } from './sso-state.js';
import { emulatorState } from '../support/emulator.js';

interface StateFile {
  users?: UserConfig[];
  roles?: RoleConfig[];
  latencyMs?: number;
  maxClockSkewSeconds?: number;
  /** Identity Center organisations: listed accounts, or `generate` for a large one. */
  sso?: { organisations?: Array<{ startUrl: string; region?: string; accounts?: SsoAccountConfig[]; generate?: { count: number; roles?: string[] } }> };
}

/** The region printed with an organisation's start URL: any works, the emulator serves all of them. */
const DEFAULT_SSO_REGION = 'eu-west-1';

function fail(message: string): never {
  process.stderr.write(`sts-emulator: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    state: { type: 'string' },
    port: { type: 'string' },
    'latency-ms': { type: 'string' },
    log: { type: 'string' },
    answer: { type: 'string' },
    'auto-approve': { type: 'boolean' },
    format: { type: 'string' },
  },
  strict: true,
});

let state: StateFile = emulatorState();
if (values.state !== undefined) {
  try {
    state = JSON.parse(readFileSync(values.state, 'utf8')) as StateFile;
  } catch (error) {
    fail(`cannot read state file ${values.state}: ${(error as Error).message}`);
  }
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${values.port}`);
const latencyMs = values['latency-ms'] === undefined ? state.latencyMs : Number(values['latency-ms']);
if (latencyMs !== undefined && !(latencyMs >= 0)) fail(`invalid latency ${latencyMs}`);
const logFile = values.log;
const format = values.format ?? (values.state === undefined ? 'ini' : 'json');
if (format !== 'ini' && format !== 'json') fail(`invalid --format ${format} (ini or json)`);

const emulator = await startStsEmulator({
  port,
  latencyMs,
  maxClockSkewSeconds: state.maxClockSkewSeconds,
  onRequest: logFile === undefined ? undefined : (entry) => appendFileSync(logFile, JSON.stringify(entry) + '\n'),
});
if (values.answer !== undefined) {
  try {
    emulator.setAnswer(JSON.parse(values.answer) as AnswerOverride);
  } catch (error) {
    await emulator.close();
    fail(`invalid --answer: ${(error as Error).message}`);
  }
}
const generated: UserInfo[] = [];
const added: UserInfo[] = [];
try {
  for (const user of state.users ?? []) {
    const info = emulator.addUser(user);
    added.push(info);
    const mfaSeedGenerated =
      user.mfa === true || (typeof user.mfa === 'object' && !user.mfa.totpSecret && !user.mfa.validCodes?.length);
    if (user.accessKeyId === undefined || user.secretAccessKey === undefined || mfaSeedGenerated) {
      generated.push(info);
    }
  }
  for (const role of state.roles ?? []) emulator.addRole(role);
  for (const organisation of state.sso?.organisations ?? []) {
    const { startUrl, accounts, generate } = organisation;
    emulator.sso.addOrganisation(startUrl, generate ? generateSsoAccounts(generate.count, generate.roles) : (accounts ?? []));
  }
} catch (error) {
  await emulator.close();
  fail(`invalid state: ${(error as Error).message}`);
}

if (values['auto-approve']) emulator.sso.configureOidc({ autoApprove: true });

/** What a person needs to point awsprof or the AWS CLI at this emulator, as lines of an AWS config file. */
function iniLines(): string {
  const user = added[0];
  // A role the user can assume with nothing more than the keys: no MFA, no external id.
  const role = (state.roles ?? []).find((r) => !r.requireMfa && r.externalId === undefined && user !== undefined && r.trust.includes(user.arn));
  const organisation = state.sso?.organisations?.[0];
  const lines = [`# awsprof emulator: STS, SSO OIDC and the SSO portal at ${emulator.url} (pid ${process.pid})`, `endpoint_url = ${emulator.url}`];
  if (user) lines.push(`aws_access_key_id = ${user.accessKeyId}`, `aws_secret_access_key = ${user.secretAccessKey}`);
  if (role) lines.push(`role_arn = ${role.arn}`);
  if (organisation) lines.push(`sso_start_url = ${organisation.startUrl}`, `sso_region = ${organisation.region ?? DEFAULT_SSO_REGION}`);
  return lines.join('\n') + '\n';
}

if (format === 'ini') process.stdout.write(iniLines());
else process.stdout.write(
  JSON.stringify({
    url: emulator.url,
    pid: process.pid,
    users: generated.map((u) => ({
      name: u.name,
      arn: u.arn,
      accessKeyId: u.accessKeyId,
      secretAccessKey: u.secretAccessKey,
      mfaSerial: u.mfaSerial,
      totpSecret: u.totpSecret,
    })),
  }) + '\n',
);

const shutdown = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
