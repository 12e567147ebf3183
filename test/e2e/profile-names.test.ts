// Every profile name awsprof accepts for `set` reads back by name (#7): through awsprof get and list, through the real
// AWS CLI (`aws configure get`) and through botocore itself; every name it refuses is refused with a usage error and
// nothing written. Names are generated from the characters that break naive headers: quotes, backslashes, spaces,
// `#`, `;`, `=`, `[`, `]`, shell metacharacters and non-ASCII.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsprof, cleanEnv, run } from '../support/cli.js';

const ALPHABET = ['a', 'b', 'Z', '0', '-', '_', '.', '@', "'", '"', ' ', '\\', '#', ';', '=', '[', ']', '$', '(', '*', '!', 'ü', '名', '🚀'];

/** The rule the names are checked against: refused exactly when the AWS CLI or a header line cannot carry them. */
const isRefusable = (name: string) => name.includes(']') || name.trim() !== name || name === '';

/** 30 generated names (fixed seed, so a failure reproduces) plus the cases named in the issue. */
const NAMES = [
  ...new Set([
    "it's",
    'a"b',
    'a b',
    'a\\b',
    '#hash',
    ';semi',
    'x=y',
    '[open',
    '日本語',
    'close]',
    ...fc.sample(
      fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 10 }).map((chars) => chars.join('')),
      { numRuns: 30, seed: 7 },
    ),
  ]),
];

const KEY_ID = (index: number) => `AKIA${String(index).padStart(16, '0')}`;
const REGIONS = ['eu-west-1', 'us-east-2', 'ap-south-1', 'sa-east-1'];

/** Runs `work` over `items`, `width` at a time (the AWS CLI takes ~0.5 s a call; 2 cores are shared). */
async function mapConcurrently<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

let dir: string;
let env: NodeJS.ProcessEnv;
const configPath = () => join(dir, '.aws', 'config');
const credentialsPath = () => join(dir, '.aws', 'credentials');
const accepted: { name: string; index: number }[] = [];
const refused: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awsprof-names-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(configPath(), '[default]\nregion = us-east-1\n');
  writeFileSync(credentialsPath(), '');
  env = cleanEnv(dir);
  // Four names at a time: each set is a locked read-modify-write of the same two files, so they also prove the lock.
  // A refused name must leave nothing behind: `list --json` below finds exactly default and the accepted names.
  const outcomes = await mapConcurrently(NAMES, 4, async (name, index) => {
    const region = await awsprof(['set', 'region', REGIONS[index % REGIONS.length]!, `--profile=${name}`], env);
    if (region.code !== 0) return region;
    expect(await awsprof(['set', 'aws_access_key_id', KEY_ID(index), `--profile=${name}`], env)).toMatchObject({ code: 0, stderr: '' });
    // `aws configure list` wants whole keys before it shows where they come from.
    expect(await awsprof(['set', 'aws_secret_access_key', 'secretEXAMPLEKEY00000000000000000000000', `--profile=${name}`], env)).toMatchObject({ code: 0 });
    return region;
  });
  for (const [index, name] of NAMES.entries()) {
    const region = outcomes[index]!;
    if (region.code === 0) {
      accepted.push({ name, index });
    } else {
      expect(region.code, `${JSON.stringify(name)}: ${region.stderr}`).toBe(2);
      expect(region.stderr).toMatch(/^awsprof: profile name /);
      refused.push(name);
    }
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profile names read back by name (#7)', () => {
  it('accepts exactly the names that can be read back, and generated enough of both kinds', () => {
    expect(accepted.map(({ name }) => name).filter(isRefusable)).toEqual([]);
    expect(refused.filter((name) => !isRefusable(name))).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(25);
    expect(refused.length).toBeGreaterThanOrEqual(2);
  });

  it('awsprof get reads every accepted name back', async () => {
    const results = await mapConcurrently(accepted, 4, ({ name }) => awsprof(['get', 'region', `--profile=${name}`], env));
    expect(results.map((result) => result.stdout)).toEqual(accepted.map(({ index }) => `${REGIONS[index % REGIONS.length]}\n`));
  });

  it('awsprof list --json names every accepted profile once', async () => {
    const result = await awsprof(['list', '--json'], env);
    const names = (JSON.parse(result.stdout) as { name: string }[]).map((row) => row.name);
    expect(names.sort()).toEqual(['default', ...accepted.map(({ name }) => name)].sort());
  });

  it('the real AWS CLI reads every accepted name back, from config and from credentials', async () => {
    // One `aws configure list` per name shows both: the region from config and the key (last 4 characters) from credentials.
    const results = await mapConcurrently(accepted, 6, async ({ name }) => {
      const { stdout } = await aws(['configure', 'list', `--profile=${name}`], env);
      const value = (row: string) => new RegExp(`^\\s*${row}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(stdout)?.slice(1, 3);
      return [value('region'), value('access_key')];
    });
    expect(results).toEqual(
      accepted.map(({ index }) => [
        [REGIONS[index % REGIONS.length], 'config-file'],
        [`****************${KEY_ID(index).slice(-4)}`, 'shared-credentials-file'],
      ]),
    );
  }, 300_000);

  it('botocore (Debian python3-botocore) reads every accepted name back', async () => {
    const script = `
import json, sys, botocore.session, botocore.configloader
session = botocore.session.Session()
profiles = session.full_config['profiles']
credentials = botocore.configloader.raw_config_parse(sys.argv[2])
print(json.dumps([[profiles.get(name, {}).get('region'), credentials.get(name, {}).get('aws_access_key_id')] for name in json.loads(sys.argv[1])]))
`;
    const result = await run('/usr/bin/python3', ['-c', script, JSON.stringify(accepted.map(({ name }) => name)), credentialsPath()], {
      ...env,
      AWS_CONFIG_FILE: configPath(),
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(accepted.map(({ index }) => [REGIONS[index % REGIONS.length], KEY_ID(index)]));
  });

  it('a refused name with "]" indeed does not read back when the AWS CLI itself writes it', async () => {
    const withBracket = refused.filter((name) => name.includes(']') && name.trim() === name).slice(0, 3);
    expect(withBracket.length).toBeGreaterThanOrEqual(1);
    await mapConcurrently(withBracket, 3, async (name) => {
      const folder = mkdtempSync(join(tmpdir(), 'awsprof-bracket-'));
      try {
        const cliEnv = cleanEnv(folder, { AWS_CONFIG_FILE: join(folder, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials') });
        // Setting twice is what a user does; writer.py cannot find the section it wrote and appends another.
        for (const region of ['eu-west-1', 'eu-west-2']) expect((await aws(['configure', 'set', 'region', region, `--profile=${name}`], cliEnv)).code).toBe(0);
        const back = await aws(['configure', 'get', 'region', `--profile=${name}`], cliEnv);
        expect(back.stdout, JSON.stringify(name)).not.toBe('eu-west-2\n');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }, 60_000);
});
