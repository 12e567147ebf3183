// Region names are checked against the AWS partitions' region patterns (#7): a bad --region or `set region` is a
// usage error (exit 2) and nothing is written; a bad region already in a file is listed with a warning, not refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsprof, cleanEnv } from '../support/cli.js';

const CONFIG = `[default]
region = us-east-1

[profile dev]
role_arn = arn:aws:iam::111122223333:role/Dev
source_profile = default

[profile typo]
region = eu-wset-1x
`;
const CREDENTIALS = `[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

let dir: string;
let env: NodeJS.ProcessEnv;
const files = () => [readFileSync(join(dir, '.aws', 'config'), 'utf8'), readFileSync(join(dir, '.aws', 'credentials'), 'utf8')];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'awsprof-region-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, '.aws', 'config'), CONFIG);
  writeFileSync(join(dir, '.aws', 'credentials'), CREDENTIALS);
  // Any STS call would go here and fail differently: the region check must come first.
  env = cleanEnv(dir, { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('region names (#7)', () => {
  it.each([
    [['set', 'region', 'xx-nowhere-9', '--profile', 'dev']],
    [['set', 'profile.dev.region', 'eu-west-1 x']],
    [['set', 'Region', 'EU-WEST-1', '--profile', 'dev']],
    [['assume', 'dev', '--region', 'xx-nowhere-9']],
    [['assume', 'dev', '--region=us-east-1a', '--as', 'tmp']],
  ])('%j is a usage error and writes nothing', async (args) => {
    const result = await awsprof(args, env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^awsprof: (--region|region|profile\.dev\.region|Region): ".*" is not an AWS region name \(expected a name such as us-east-1, /);
    expect(files()).toEqual([CONFIG, CREDENTIALS]);
  });

  it('set region accepts a region of every partition', async () => {
    try {
      for (const region of ['eu-west-3', 'il-central-1', 'cn-north-1', 'us-gov-west-1', 'us-isob-east-1', 'eusc-de-east-1']) {
        expect(await awsprof(['set', 'region', region, '--profile', 'dev'], env)).toMatchObject({ code: 0, stderr: '' });
        expect((await awsprof(['get', 'region', '--profile', 'dev'], env)).stdout).toBe(`${region}\n`);
      }
    } finally {
      writeFileSync(join(dir, '.aws', 'config'), CONFIG);
    }
  });

  it('list shows a bad region from the file with a warning, and still lists everything', async () => {
    const result = await awsprof(['list'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('awsprof: warning: profile typo: region eu-wset-1x is not an AWS region name\n');
    expect(result.stdout).toMatch(/^ {3}typo +settings +- +eu-wset-1x +-$/m);
    const json = await awsprof(['list', '--json'], env);
    expect(JSON.parse(json.stdout)).toHaveLength(3);
  });
});
