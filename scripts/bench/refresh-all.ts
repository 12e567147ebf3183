// `awsprof refresh --all` over 20 expiring profiles (#8; target ≥ 20× faster) against what the seeds do to keep 20
// profiles fresh: the how-to guides' flow (`aws sts assume-role`, jq for each key, four `aws configure set`) once per
// profile, as in scripts/bench/assume.ts. Both against the STS emulator in its own process.
import { readExpiry } from '../../src/profiles/expiry.js';
import { mergedSettings, readAwsFiles, settingText } from '../../src/profiles/view.js';
import { ALICE, ROLE } from '../../test/support/emulator.js';
import type { BenchContext } from '../bench.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.js';
import { benchEnv, join } from './env.js';
import type { BenchGroup } from './groups.js';

const AWS = '/usr/bin/aws';
const JQ = '/usr/bin/jq';
const PROFILES = Array.from({ length: 20 }, (_, index) => `role-${String(index + 1).padStart(2, '0')}`);

const BASE_CONFIG = `[default]
region = eu-west-1

[profile dev]
role_arn = ${ROLE.developer}
source_profile = default
role_session_name = alice-bench
`;
const BASE_CREDENTIALS = `[default]
aws_access_key_id = ${ALICE.accessKeyId}
aws_secret_access_key = ${ALICE.secretAccessKey}
`;

/** The 20 profiles as `awsprof assume dev --as role-NN` left them an hour ago: five minutes left on each. */
function expiringFiles(): { config: string; credentials: string } {
  const expires = new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let config = BASE_CONFIG;
  let credentials = BASE_CREDENTIALS;
  for (const [index, name] of PROFILES.entries()) {
    config += `\n[profile ${name}]\nregion = eu-west-1\nawsprof_source_profile = dev\n`;
    credentials += `\n[${name}]\naws_access_key_id = ASIAOLDKEY${String(index).padStart(10, '0')}\naws_secret_access_key = old\naws_session_token = old\nx_security_token_expires = ${expires}\n`;
  }
  return { config, credentials };
}

/** The guides' flow for each profile in turn, as a user's loop over them would run it. */
const GUIDE_LOOP = `set -eu
for target in ${PROFILES.join(' ')}; do
  creds=$(${AWS} sts assume-role --role-arn "$ROLE_ARN" --role-session-name alice-bench --profile default --endpoint-url "$STS_URL" --output json)
  key=$(printf '%s' "$creds" | ${JQ} -r .Credentials.AccessKeyId)
  secret=$(printf '%s' "$creds" | ${JQ} -r .Credentials.SecretAccessKey)
  token=$(printf '%s' "$creds" | ${JQ} -r .Credentials.SessionToken)
  ${AWS} configure set aws_access_key_id "$key" --profile "$target"
  ${AWS} configure set aws_secret_access_key "$secret" --profile "$target"
  ${AWS} configure set aws_session_token "$token" --profile "$target"
  ${AWS} configure set region eu-west-1 --profile "$target"
done
`;

let emulator: EmulatorProcess | undefined;

/** Which of the 20 profiles hold new temporary keys (not the seeded ASIAOLDKEY ones), and for awsprof an hour left. */
function renewed(context: BenchContext, home: string, checkExpiry: boolean): string[] {
  const view = readAwsFiles(context.read(join(home, 'config')), context.read(join(home, 'credentials')));
  return PROFILES.filter((name) => {
    const profile = view.profiles.get(name);
    const keyId = profile && settingText(profile.credentials, 'aws_access_key_id');
    if (!keyId?.startsWith('ASIA') || keyId.startsWith('ASIAOLDKEY')) return false;
    const expiry = profile && readExpiry(mergedSettings(profile));
    return !checkExpiry || (expiry !== undefined && expiry.getTime() - Date.now() > 50 * 60_000);
  });
}

export const refreshAll: BenchGroup = {
  name: 'refresh-all',
  setup: async (context) => {
    emulator = await startEmulatorProcess(context, 'refresh-all-emulator');
    const { url } = emulator;
    const ours = context.makeDir('refresh-all-awsprof');
    const theirs = context.makeDir('refresh-all-aws');
    const script = join(theirs, 'guide-loop.sh');
    context.write(script, GUIDE_LOOP);
    const fresh = (home: string) => () => {
      const files = expiringFiles();
      context.write(join(home, 'config'), files.config);
      context.write(join(home, 'credentials'), files.credentials);
    };
    return [
      {
        name: `awsprof refresh --all vs the guides’ flow run once per profile, ${PROFILES.length} expiring profiles`,
        subject: {
          label: 'awsprof refresh --all',
          argv: [process.execPath, context.cli, 'refresh', '--all'],
          env: benchEnv(ours, { AWS_ENDPOINT_URL_STS: url }),
          reset: fresh(ours),
        },
        baseline: {
          label: `${PROFILES.length}× (aws sts assume-role | jq ×3; aws configure set ×4)`,
          argv: ['/bin/sh', script],
          env: benchEnv(theirs, { ROLE_ARN: ROLE.developer, STS_URL: url }),
          reset: fresh(theirs),
        },
        target: { kind: 'faster', factor: 20 },
        // Each baseline run starts 100 AWS CLI processes (~70 s of CPU, minutes on a busy machine): one timed run, after
        // bench.ts's warm-up run of each.
        runs: 1,
        verify: () => {
          const a = renewed(context, ours, true);
          const b = renewed(context, theirs, false);
          if (a.length !== PROFILES.length) return `awsprof renewed ${a.length} of ${PROFILES.length} profiles`;
          if (b.length !== PROFILES.length) return `the guide flow renewed ${b.length} of ${PROFILES.length} profiles`;
          return undefined;
        },
      },
    ];
  },
  teardown: async () => {
    await emulator?.stop();
    emulator = undefined;
  },
};
