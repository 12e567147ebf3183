import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigValue, readAwsFiles } from '../../src/profiles/view.js';
import { anyText, realisticFile } from '../support/ini-arbitraries.js';
import { referenceReadAwsFiles } from '../support/reference-reader.js';

/**
 * The read view is checked against the AWS SDK's own loader (@smithy/shared-ini-file-loader) on files where the SDK
 * and the AWS CLI agree. Where they disagree (docs/differences-from-aws-sdk.md) we follow the AWS CLI, tested below.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'awsprof-view-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Flattens our nested values into the SDK's `parent.child` keys. */
function flatten(values: Record<string, ConfigValue>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    // The SDK drops a key with an empty value (`cli_pager =`); botocore keeps it as ''. Compare the rest.
    if (value === '') continue;
    if (typeof value === 'string') flat[key] = value;
    else for (const [sub, subValue] of Object.entries(value)) flat[`${key}.${sub}`] = subValue;
  }
  return flat;
}

async function sdkView(config: string, credentials: string) {
  const configFilepath = join(dir, 'config');
  const filepath = join(dir, 'credentials');
  await writeFile(configFilepath, config);
  await writeFile(filepath, credentials);
  return loadSharedConfigFiles({ configFilepath, filepath, ignoreCache: true });
}

const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const value = fc.stringMatching(/^[A-Za-z0-9/:+._-]{1,12}$/);
const profileName = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const keys = fc.uniqueArray(key, { maxLength: 5 }).chain((names) =>
  fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), value, fc.constantFrom(' = ', '=', ' =  ')))),
);
const nested = fc.option(fc.tuple(fc.constantFrom('s3', 'sts'), fc.uniqueArray(key, { minLength: 1, maxLength: 3 }), value), { nil: undefined });
const section = fc.record({ name: profileName, keys, nested });
const files = fc.record({
  config: fc.uniqueArray(section, { selector: (s) => s.name, maxLength: 5 }),
  credentials: fc.uniqueArray(section, { selector: (s) => s.name, maxLength: 4 }),
  ending: fc.constantFrom('\n', '\r\n'),
});

function render(sections: { name: string; keys: [string, string, string][]; nested?: [string, string[], string] }[], header: (name: string) => string, eol: string): string {
  return sections
    .map(({ name, keys: entries, nested: block }) => {
      const lines = [`[${header(name)}]`, ...entries.filter(([k]) => k !== block?.[0]).map(([k, v, sep]) => `${k}${sep}${v}`)];
      if (block) lines.push(`${block[0]} =`, ...block[1].map((sub) => `    ${sub} = ${block[2]}`));
      return lines.join(eol) + eol;
    })
    .join(eol);
}

describe('readAwsFiles agrees with the AWS SDK', () => {
  it('on random well-formed files', async () => {
    await fc.assert(
      fc.asyncProperty(files, async ({ config, credentials, ending }) => {
        const configText = render(config, (name) => (name === 'default' ? name : `profile ${name}`), ending);
        const credentialsText = render(credentials, (name) => name, ending);
        const ours = readAwsFiles(configText, credentialsText);
        const sdk = await sdkView(configText, credentialsText);
        for (const [name, profile] of ours.profiles) {
          if (Object.keys(profile.config).length) expect(flatten(profile.config)).toEqual(sdk.configFile[name] ?? {});
          if (Object.keys(profile.credentials).length) expect(flatten(profile.credentials)).toEqual(sdk.credentialsFile[name] ?? {});
        }
        for (const name of Object.keys(sdk.configFile)) {
          if (Object.keys(sdk.configFile[name]!).length) expect(ours.profiles.has(name)).toBe(true);
        }
        expect(ours.problems).toEqual([]);
      }),
      { numRuns: 150, seed: 3 },
    );
  });

  it.each(['fixtures/real-world'])('on the fixture files in %s', async (folder) => {
    const { readFile } = await import('node:fs/promises');
    const configText = await readFile(join(folder, 'config'), 'utf8');
    const credentialsText = await readFile(join(folder, 'credentials'), 'utf8');
    const ours = readAwsFiles(configText, credentialsText);
    const sdk = await sdkView(configText, credentialsText);
    for (const [name, values] of Object.entries(sdk.configFile)) {
      if (name.includes('.')) continue; // sso-session.x / services.x are not profiles
      expect(flatten(ours.profiles.get(name)?.config ?? {}), name).toEqual(values);
    }
  });
});

describe('where the AWS CLI and the SDK differ, awsprof follows the AWS CLI', () => {
  it('folds key case, as configparser does', () => {
    const view = readAwsFiles('[default]\nRegion = x\n', '');
    expect(view.profiles.get('default')?.config).toEqual({ region: 'x' });
  });

  it('keeps text after # in a value (configparser has no inline comments)', () => {
    const view = readAwsFiles('[default]\nregion = us-east-1 # prod\n', '');
    expect(view.profiles.get('default')?.config.region).toBe('us-east-1 # prod');
  });

  it('reads quoted profile names with spaces', () => {
    const view = readAwsFiles(`[profile "a b"]\nk = 1\n[profile 'c d']\nk = 2\n`, '');
    expect([...view.profiles.keys()]).toEqual(['a b', 'c d']);
  });

  it('reports duplicate sections and keys the AWS CLI would reject, with lines', () => {
    const view = readAwsFiles('[default]\nregion = a\nRegion = b\n[default]\n', '');
    expect(view.problems.map((problem) => [problem.kind, problem.line])).toEqual([
      ['duplicate-key', 3],
      ['duplicate-section', 4],
    ]);
  });

  it('treats an indented line after a key as part of its value', () => {
    const view = readAwsFiles('[default]\nk = 1\n  [profile x]\n', '');
    expect(view.profiles.has('x')).toBe(false);
    expect(view.profiles.get('default')?.config.k).toBe('1\n[profile x]');
  });
});

describe('readAwsFiles reads straight into profiles (#7)', () => {
  it('builds what reading both files into views and merging them builds', () => {
    const header = fc.constantFrom('[default]', '[profile a]', '[profile b]', "[profile 'c d']", '[profile default]', '[sso-session s]', '[services x]', '[plugins]', '[a]', '[profile a] x');
    const line = fc.oneof(header, fc.constantFrom('region = x', 'Region=y', 's3 =', '  m = 1', '  bad', '', '# c', 'orphan', 'aws_access_key_id = A', 'aws_session_token = T', 'x_security_token_expires = 2026-01-01T00:00:00Z'));
    const file = fc.oneof(fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n')), realisticFile, anyText);
    fc.assert(
      fc.property(file, file, (config, credentials) => {
        const ours = readAwsFiles(config, credentials);
        const reference = referenceReadAwsFiles(config, credentials);
        expect([...ours.profiles]).toEqual([...reference.profiles]);
        expect([...ours.ssoSessions]).toEqual([...reference.ssoSessions]);
        expect([...ours.otherSections]).toEqual([...reference.otherSections]);
        expect(ours.problems).toEqual(reference.problems);
      }),
      { numRuns: 3000, seed: 9 },
    );
  });
});
