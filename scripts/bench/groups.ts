import type { BenchContext, Comparison } from '../bench.js';
import { assume } from './assume.js';
import { credentialProcess } from './credential-process.js';
import { benchEnv, generateConfig, generateCredentials, join } from './env.js';
import { refreshAll } from './refresh-all.js';
import { ssoSync } from './sso.js';
import { switchingGroups } from './switching.js';

export interface BenchGroup {
  name: string;
  setup: (context: BenchContext) => Promise<Comparison[]> | Comparison[];
  teardown?: () => Promise<void> | void;
}

const AWS = '/usr/bin/aws';

const setGroup: BenchGroup = {
  name: 'set',
  setup: (context) => {
    const config = generateConfig(10_000);
    const ours = context.makeDir('set-awsprof');
    const theirs = context.makeDir('set-aws');
    const args = ['set', 'region', 'sa-east-1', '--profile', 'acct-5000'];
    return [
      {
        name: 'awsprof set vs aws configure set, config with 10,000 profiles',
        subject: {
          label: 'awsprof set region sa-east-1 --profile acct-5000',
          argv: [process.execPath, context.cli, ...args],
          env: benchEnv(ours),
          reset: () => context.write(join(ours, 'config'), config),
        },
        baseline: {
          label: '/usr/bin/aws configure set region sa-east-1 --profile acct-5000',
          argv: [AWS, 'configure', ...args],
          env: benchEnv(theirs),
          reset: () => context.write(join(theirs, 'config'), config),
        },
        target: { kind: 'faster', factor: 10 },
        runs: 10,
        verify: () =>
          context.read(join(ours, 'config')) === context.read(join(theirs, 'config'))
            ? undefined
            : 'results differ: awsprof and aws wrote different bytes',
      },
    ];
  },
};

const getGroup: BenchGroup = {
  name: 'get',
  setup: (context) => {
    const home = context.makeDir('get');
    context.write(join(home, 'config'), generateConfig(50));
    context.write(join(home, 'credentials'), generateCredentials(50));
    return [
      {
        name: "awsprof get vs Node's own start-up",
        subject: { label: 'awsprof get region --profile acct-7', argv: [process.execPath, context.cli, 'get', 'region', '--profile', 'acct-7'], env: benchEnv(home) },
        baseline: { label: 'node -e 0', argv: [process.execPath, '-e', '0'], env: benchEnv(home) },
        target: { kind: 'at-most', ratio: 1.5 },
        runs: 40,
      },
    ];
  },
};

export const benchGroups: BenchGroup[] = [setGroup, getGroup, assume, ...switchingGroups, credentialProcess, refreshAll, ssoSync];
