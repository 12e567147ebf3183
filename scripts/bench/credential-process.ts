// `awsprof credential-process` runs at the start of every SDK client and AWS CLI command of a `--process` profile, so
// a cache hit has to cost about what Node's own start-up does (#8). The cache entry is written here with the same
// functions awsprof uses, so no STS is needed; verify checks the subject really answered from it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { formatCacheEntry, roleCacheName, sourceIdentity } from '../../src/credentials/cache-rules.js';
import { planRole } from '../../src/profiles/assume-plan.js';
import { readAwsFiles } from '../../src/profiles/view.js';
import { ALICE, ROLE } from '../../test/support/emulator.js';
import { benchEnv, join } from './env.js';
import type { BenchGroup } from './groups.js';

const CONFIG = `[default]
region = eu-west-1

[profile dev]
role_arn = ${ROLE.developer}
source_profile = default
role_session_name = alice-bench

[profile live]
region = eu-west-1
credential_process = awsprof credential-process dev
`;
const CREDENTIALS = `[default]
aws_access_key_id = ${ALICE.accessKeyId}
aws_secret_access_key = ${ALICE.secretAccessKey}
`;
const CACHED_KEY_ID = 'ASIABENCH0CACHED0001';

export const credentialProcess: BenchGroup = {
  name: 'credential-process',
  setup: (context) => {
    const home = context.makeDir('credential-process');
    context.write(join(home, 'config'), CONFIG);
    context.write(join(home, 'credentials'), CREDENTIALS);
    const env = benchEnv(home);
    const view = readAwsFiles(CONFIG, CREDENTIALS);
    const plan = planRole(view, { profile: 'dev', flags: {} }, { env, user: 'alice', now: new Date() });
    const dir = join(home, '.aws', 'awsprof', 'cache');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    context.write(
      join(dir, roleCacheName(plan, sourceIdentity(view, plan.source), 'aws')),
      formatCacheEntry({ kind: 'role', profile: 'dev', accessKeyId: CACHED_KEY_ID, secretAccessKey: 'bench-secret', sessionToken: 'bench-token', expiration: new Date(Date.now() + 6 * 3600_000) }),
    );
    // What a line `assume --process` writes runs: dist/credential-process.js, which answers a hit without cli.js.
    const argv = [process.execPath, join(context.root, 'dist', 'credential-process.js'), 'credential-process', 'dev'];
    return [
      {
        name: "awsprof credential-process on a cache hit vs Node's own start-up",
        subject: { label: 'dist/credential-process.js credential-process dev (hit)', argv, env },
        baseline: { label: 'node -e 0', argv: [process.execPath, '-e', '0'], env },
        target: { kind: 'at-most', ratio: 1.3 },
        runs: 40,
        verify: () => {
          const result = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8' });
          return result.status === 0 && JSON.parse(result.stdout).AccessKeyId === CACHED_KEY_ID ? undefined : `not a cache hit: ${result.stderr.trim()}`;
        },
      },
    ];
  },
};
