// `awsprof assume` against the flow the popular how-to guides give for the same job: `aws sts assume-role`, jq to
// pick the three keys, and four `aws configure set` calls. Both talk to the STS emulator, run as its own process
// (scripts/bench/emulator-process.ts).
import { readAwsFiles, settingText } from '../../src/profiles/view.js';
import { ALICE, ROLE } from '../../test/support/emulator.js';
import type { BenchContext } from '../bench.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.js';
import { benchEnv, join } from './env.js';
import type { BenchGroup } from './groups.js';

const AWS = '/usr/bin/aws';
const JQ = '/usr/bin/jq';
const TARGET = 'assumed-role';

const CONFIG = `[default]
region = eu-west-1

[profile dev]
role_arn = ${ROLE.developer}
source_profile = default
role_session_name = alice-bench
`;
const CREDENTIALS = `[default]
aws_access_key_id = ${ALICE.accessKeyId}
aws_secret_access_key = ${ALICE.secretAccessKey}
`;

/** What the guides tell you to type, as one script. Note it passes the secret key and token as arguments. */
const GUIDE_SCRIPT = `set -eu
creds=$(${AWS} sts assume-role --role-arn "$ROLE_ARN" --role-session-name alice-bench --profile default --endpoint-url "$STS_URL" --output json)
key=$(printf '%s' "$creds" | ${JQ} -r .Credentials.AccessKeyId)
secret=$(printf '%s' "$creds" | ${JQ} -r .Credentials.SecretAccessKey)
token=$(printf '%s' "$creds" | ${JQ} -r .Credentials.SessionToken)
${AWS} configure set aws_access_key_id "$key" --profile ${TARGET}
${AWS} configure set aws_secret_access_key "$secret" --profile ${TARGET}
${AWS} configure set aws_session_token "$token" --profile ${TARGET}
${AWS} configure set region eu-west-1 --profile ${TARGET}
`;

let emulator: EmulatorProcess | undefined;

/** The target profile as the AWS CLI would see it, for comparing the two results. */
function targetSummary(context: BenchContext, home: string): { keys: string[]; region?: string; accessKeyId?: string } {
  const profile = readAwsFiles(context.read(join(home, 'config')), context.read(join(home, 'credentials'))).profiles.get(TARGET);
  const credentials = profile?.credentials ?? {};
  return {
    keys: ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'].filter((key) => settingText(credentials, key)),
    region: profile && settingText(profile.config, 'region'),
    accessKeyId: settingText(credentials, 'aws_access_key_id'),
  };
}

export const assume: BenchGroup = {
  name: 'assume',
  setup: async (context) => {
    emulator = await startEmulatorProcess(context, 'assume-emulator');
    const { url } = emulator;
    const ours = context.makeDir('assume-awsprof');
    const theirs = context.makeDir('assume-aws');
    const script = join(theirs, 'guide-flow.sh');
    context.write(script, GUIDE_SCRIPT);
    const fresh = (home: string) => () => {
      context.write(join(home, 'config'), CONFIG);
      context.write(join(home, 'credentials'), CREDENTIALS);
    };
    return [
      {
        name: 'awsprof assume vs the how-to guides’ aws sts assume-role + jq + 4× aws configure set',
        subject: {
          label: `awsprof assume dev --as ${TARGET}`,
          argv: [process.execPath, context.cli, 'assume', 'dev', '--as', TARGET],
          env: benchEnv(ours, { AWS_ENDPOINT_URL_STS: url }),
          reset: fresh(ours),
        },
        baseline: {
          label: 'aws sts assume-role | jq ×3; aws configure set ×4',
          argv: ['/bin/sh', script],
          env: benchEnv(theirs, { ROLE_ARN: ROLE.developer, STS_URL: url }),
          reset: fresh(theirs),
        },
        target: { kind: 'faster', factor: 10 },
        runs: 5,
        verify: () => {
          const a = targetSummary(context, ours);
          const b = targetSummary(context, theirs);
          if (a.keys.length !== 3 || b.keys.length !== 3) return `missing keys in [${TARGET}]: awsprof wrote ${a.keys.join(', ')}; the guide flow wrote ${b.keys.join(', ')}`;
          if (a.region !== b.region) return `regions differ: awsprof ${a.region}, the guide flow ${b.region}`;
          if (!a.accessKeyId?.startsWith('ASIA') || !b.accessKeyId?.startsWith('ASIA')) return 'expected temporary (ASIA) access keys from both';
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
