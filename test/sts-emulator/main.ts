// Runs the emulator as its own process, for demos and for end-to-end tests
// that drive the built CLI:
//
//   npx tsx test/sts-emulator/main.ts --state state.json [--port N] [--latency-ms N] [--log requests.jsonl]
//
// Prints one JSON line once listening: {"url":..., "pid":..., "users":[...]}
// ("users" lists only users whose keys were generated, so they are usable),
// then serves until SIGTERM or SIGINT.
//
// Hostile answers (#7), for trying a client against a server that does not play fair: `--answer '<json>'` at start,
// or `POST /__emulator/answer` with the same JSON later (`null` for honest answers again). See AnswerOverride in
// server.ts, e.g. {"kind":"field","field":"SessionToken","value":"x\ncredential_process = touch /tmp/pwned"},
// {"kind":"hang"}, {"kind":"status","status":500,"contentType":"text/plain","body":"upstream down"}.
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startStsEmulator } from './server.js';
import type { AnswerOverride } from './server.js';
import type { RoleConfig, UserConfig } from './state.js';

interface StateFile {
  users?: UserConfig[];
  roles?: RoleConfig[];
  latencyMs?: number;
  maxClockSkewSeconds?: number;
}

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
  },
  strict: true,
});

let state: StateFile = {};
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
const generated = [];
try {
  for (const user of state.users ?? []) {
    const info = emulator.addUser(user);
    const mfaSeedGenerated =
      user.mfa === true || (typeof user.mfa === 'object' && !user.mfa.totpSecret && !user.mfa.validCodes?.length);
    if (user.accessKeyId === undefined || user.secretAccessKey === undefined || mfaSeedGenerated) {
      generated.push(info);
    }
  }
  for (const role of state.roles ?? []) emulator.addRole(role);
} catch (error) {
  await emulator.close();
  fail(`invalid state: ${(error as Error).message}`);
}

process.stdout.write(
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
