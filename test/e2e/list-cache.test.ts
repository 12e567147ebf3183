// `awsprof list` keeps what it read from large files in ~/.aws/awsprof/list-cache.json (#7). The cache may only
// ever save time: every listing below must equal the listing of the files as they are, whatever happened to them.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { generateOrganisationFiles } from '../../scripts/bench/env.js';
import { openListingCache, SETTLED_MS } from '../../src/files/listing-cache.js';
import { decodeListing, encodeListing, listingKey } from '../../src/profiles/summary-cache.js';
import { decodeListTable, encodeListTable, type ExpirySource, expirySource, layoutTable, renderPlainTable } from '../../src/profiles/list-table.js';
import { summarizeProfiles } from '../../src/profiles/summary.js';
import { readAwsFiles } from '../../src/profiles/view.js';
import { awsprof, cleanEnv, withTempDir } from '../support/cli.js';

/** ~330 KB: over the size below which nothing is cached. */
const FILES = generateOrganisationFiles(1_000, 200);
/** Files are cached only once they are older than this (src/files/listing-cache.ts SETTLED_MS). */
const SETTLE = () => sleep(1_100);

async function withHome(work: (paths: { env: NodeJS.ProcessEnv; config: string; credentials: string; cache: string }) => Promise<void>) {
  await withTempDir(async (home) => {
    const config = join(home, 'config');
    const credentials = join(home, 'credentials');
    writeFileSync(config, FILES.config);
    writeFileSync(credentials, FILES.credentials);
    const env = cleanEnv(home, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
    await work({ env, config, credentials, cache: join(home, '.aws', 'awsprof', 'list-cache.json') });
  });
}

/** The listing awsprof gives with the cache out of the way: what every cached listing must equal. */
async function uncachedList(env: NodeJS.ProcessEnv, args: string[] = []) {
  const result = await awsprof(['list', ...args], { ...env, HOME: join(env.HOME!, 'elsewhere') });
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('the listing cache (#7)', () => {
  it('stores settled large files privately, answers from the cache, and sees every change after', async () => {
    await withHome(async ({ env, config, credentials, cache }) => {
      const fresh = await awsprof(['list', '--json'], env);
      await SETTLE();
      // The summaries are kept by the listings that need them: --json, a pattern, --expired, colour.
      expect((await awsprof(['list', '--json'], env)).stdout).toBe(fresh.stdout);
      expect(statSync(cache).mode & 0o777).toBe(0o600);
      expect(statSync(join(cache, '..')).mode & 0o777).toBe(0o700);
      const stored = readFileSync(cache, 'utf8');
      // Nothing secret is kept: no key, no token from the credentials file.
      expect(stored).not.toMatch(/ASIA0|IQoJb3JpZ2lu|AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/);

      // A hit: the cache is what answers (a cache doctored to say so is believed while the files stay as they were)...
      writeFileSync(cache, stored.replace('"acct-7"', '"from-the-cache"'));
      expect((await awsprof(['list', 'from-the-*'], env)).stdout).toMatch(/from-the-cache/);
      // ...and a change of any kind to either file is seen at once: same size, in place, within the same second.
      const text = readFileSync(config, 'utf8');
      writeFileSync(config, text.replace('[profile acct-7]', '[profile acct-X]'));
      expect((await awsprof(['list', 'acct-X'], env)).stdout).toMatch(/acct-X/);
      expect((await awsprof(['list'], env)).stdout).toBe(await uncachedList(env));
      appendFileSync(credentials, '[late]\naws_access_key_id = AKIALATE000000000001\naws_secret_access_key = s\n');
      await SETTLE();
      const listed = await awsprof(['list', '--json'], env);
      expect(listed.stdout).toBe(await uncachedList(env, ['--json']));
      expect(JSON.parse(listed.stdout).map((row: { name: string }) => row.name)).toContain('late');
      expect((await awsprof(['list', '--json'], env)).stdout).toBe(listed.stdout);
    });
  }, 60_000);

  it('treats a damaged cache as a miss and warns about file problems from a hit as from a read', async () => {
    await withHome(async ({ env, config, cache }) => {
      appendFileSync(config, '[profile acct-3]\nregion = eu-west-2\n');
      await SETTLE();
      const first = await awsprof(['list', '--json'], env);
      expect(first.stderr).toMatch(/config:\d+: .*acct-3.*AWS CLI cannot read this file/);
      const second = await awsprof(['list', '--json'], env);
      expect(existsSync(cache)).toBe(true);
      expect(second).toEqual(first);
      for (const damage of ['', '{', '{"key":1}', readFileSync(cache, 'utf8').replace('"role"', '"rogue"')]) {
        writeFileSync(cache, damage);
        expect(await awsprof(['list', '--json'], env)).toEqual(first);
      }
    });
  }, 60_000);

  it('answers a plain list from the laid-out table; the active marker, expiries and warnings are made fresh each time', async () => {
    await withHome(async ({ env, config, cache }) => {
      const table = join(cache, '..', 'list-table.txt');
      appendFileSync(config, '[profile odd-region]\nregion = xx-nowhere-9\n[profile acct-3]\nregion = eu-west-2\n');
      await SETTLE();
      const first = await awsprof(['list'], env);
      expect(first.stderr).toMatch(/odd-region: region xx-nowhere-9 is not an AWS region name/);
      expect(first.stderr).toMatch(/acct-3.*AWS CLI cannot read this file/);
      expect(statSync(table).mode & 0o777).toBe(0o600);
      expect(readFileSync(table, 'utf8')).not.toMatch(/ASIA0|IQoJb3JpZ2lu|AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/);
      // A hit equals the listing of the files as they are (HOME elsewhere: no cache), for whichever profile is active.
      for (const active of [{}, { AWS_PROFILE: 'acct-8' }, { AWS_PROFILE: 'session-1' }]) {
        const hit = await awsprof(['list'], { ...env, ...active });
        const fresh = await awsprof(['list'], { ...env, ...active, HOME: join(env.HOME!, 'elsewhere') });
        expect(hit.stdout).toBe(fresh.stdout);
        expect(hit.stderr).toBe(first.stderr);
      }
      expect((await awsprof(['list'], { ...env, AWS_PROFILE: 'acct-8' })).stdout).toMatch(/^\* +acct-8 /m);
      // The table is what answers: a row doctored in it is believed while the files stay as they were...
      const stored = readFileSync(table);
      writeFileSync(table, Buffer.from(stored.toString('latin1').replace('acct-9 ', 'acct-Z '), 'latin1'));
      expect((await awsprof(['list'], env)).stdout).toMatch(/^ +acct-Z /m);
      // ...and a damaged one is a miss.
      for (const damage of ['', '{}\n', stored.subarray(0, stored.length - 40), Buffer.concat([stored, Buffer.from('extra row\n')])]) {
        writeFileSync(table, damage);
        expect(await awsprof(['list'], env)).toEqual(first);
      }
      // The coloured table (a terminal) is laid out by the same columns: without its colours it is the plain one.
      const coloured = await awsprof(['list', '--color'], env);
      expect(coloured.stdout).toMatch(/\x1b\[/);
      expect(coloured.stdout.replaceAll(/\x1b\[[0-9;]*m/g, '')).toBe(first.stdout);
    });
  }, 60_000);

  it('a kept table that would drive the terminal, a FIFO, a link or a directory others can write is never used', async () => {
    await withHome(async ({ env, cache }) => {
      const directory = join(cache, '..');
      const table = join(directory, 'list-table.txt');
      await SETTLE();
      const first = await awsprof(['list'], env);
      expect(first.stdout).not.toMatch(/\x1b/);
      const stored = readFileSync(table);
      const head = stored.subarray(0, stored.indexOf(10)).toString();
      const rows = stored.subarray(stored.indexOf(10));
      // Valid key and layout, content no listing writes: raw escapes in the header, an expiry text and a row.
      const hostile = [
        Buffer.concat([Buffer.from(head.replace('"PROFILE', '"\\u001b]0;pwned\\u0007PROFILE')), rows]),
        Buffer.concat([Buffer.from(head.replace('"=-"', '"=\\u001b[2J"')), rows]),
        Buffer.concat([Buffer.from(head.replace('"c-"', '"c\\u009b2J"')), rows]),
        Buffer.from(stored.toString('latin1').replace('acct-9 ', 'acct\x1b9 '), 'latin1'),
        Buffer.from(stored.toString('latin1').replace('acct-9 ', 'acct\xc2\x9b9'), 'latin1'),
      ];
      for (const bytes of hostile) {
        expect(bytes.equals(stored)).toBe(false);
        writeFileSync(table, bytes);
        expect(await awsprof(['list'], env)).toEqual(first);
      }
      // A FIFO in its place must not hang list, nor a link to a device fill memory.
      rmSync(table);
      execFileSync('mkfifo', [table]);
      expect(await awsprof(['list'], env)).toEqual(first);
      rmSync(table);
      symlinkSync('/dev/zero', table);
      expect(await awsprof(['list'], env)).toEqual(first);
      rmSync(table);
      // A directory others can write may hold entries made to mislead: no cache is used or written there.
      expect((await awsprof(['list'], env)).code).toBe(0);
      writeFileSync(table, Buffer.from(readFileSync(table).toString('latin1').replace('acct-9 ', 'acct-Z '), 'latin1'));
      expect((await awsprof(['list'], env)).stdout).toMatch(/^ +acct-Z /m);
      chmodSync(directory, 0o777);
      expect(await awsprof(['list'], env)).toEqual(first);
    });
  }, 60_000);

  it('keeps nothing for files changed within the last second: a change in the same clock tick could go unseen', async () => {
    await withHome(async ({ env, config, credentials, cache }) => {
      const changed = Math.max(...[config, credentials].map((path) => Number(statSync(path, { bigint: true }).ctimeNs / 1_000_000n)));
      for (const [after, kept] of [[SETTLED_MS - 50, false], [SETTLED_MS + 50, true]] as const) {
        openListingCache({ config, credentials }, env, () => new Date(changed + after))!.write('list-cache.json', () => 'listing');
        expect(existsSync(cache)).toBe(kept);
      }
    });
  });

  it('small files are never cached', async () => {
    await withTempDir(async (home) => {
      writeFileSync(join(home, 'config'), '[profile a]\nregion = eu-west-1\n');
      const env = cleanEnv(home, { AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') });
      await SETTLE();
      expect((await awsprof(['list'], env)).code).toBe(0);
      expect(existsSync(join(home, '.aws', 'awsprof'))).toBe(false);
    });
  });
});

describe('the cached listing codec', () => {
  const view = readAwsFiles(FILES.config, FILES.credentials);
  const listing = { summaries: summarizeProfiles(view), problems: [{ file: 'config' as const, line: 3, kind: 'duplicate-key' as const, message: 'm' }] };

  it('gives back exactly what it stored, for the key it was stored under only', () => {
    const key = listingKey('files');
    const text = encodeListing(key, listing);
    expect(decodeListing(text, key)).toEqual(listing);
    expect(decodeListing(text, listingKey('other files'))).toBeUndefined();
  });
});

describe('the laid-out table codec', () => {
  const summaries = summarizeProfiles(readAwsFiles(FILES.config, FILES.credentials));
  const cells = summaries.map((summary) => [summary.name, summary.kind, summary.source ?? '-', summary.region ?? '-']);
  const table = {
    ...layoutTable(cells, (text) => text.length),
    names: summaries.map((summary) => summary.name),
    expiries: summaries.map(expirySource),
    problems: [{ file: 'config' as const, line: 3, kind: 'duplicate-key' as const, message: 'm' }],
    unknownRegions: [{ name: 'x', region: 'xx-nowhere-9' }],
  };

  it('gives back exactly what it stored, for the key it was stored under only', () => {
    const bytes = encodeListTable('files', table);
    expect(decodeListTable(bytes, 'files')).toEqual({ ...table, rowEnds: expect.any(Uint32Array) });
    expect(decodeListTable(bytes, 'other files')).toBeUndefined();
  });

  it('keeps every kind of expiry source', () => {
    const small = {
      ...layoutTable([['a', 'role', '-', '-'], ['b', 'process', '-', '-'], ['c', 'sso', '-', '-'], ['d', 'temporary', '-', '-'], ['e', 'static', '-', '-']], (text) => text.length),
      names: ['a', 'b', 'c', 'd', 'e'],
      expiries: ['c-', ['cached', 'a', '-'], ['sso', 'work', '-'], 1_900_000_000_000, '=unknown'] as ExpirySource[],
      problems: [],
      unknownRegions: [],
    };
    expect(decodeListTable(encodeListTable('k', small), 'k')).toEqual({ ...small, rowEnds: expect.any(Uint32Array) });
  });

  it('renders every row once, the active one marked, each with its expiry', () => {
    const now = new Date();
    const text = renderPlainTable(table, 'acct-5', { cached: new Map([['acct-6', new Date(now.getTime() + 3_600_000)]]), sso: new Map() }, now).toString();
    const lines = text.split('\n');
    expect(lines.length).toBe(summaries.length + 2);
    expect(lines.filter((line) => line.startsWith('*'))).toEqual([expect.stringMatching(/^\* +acct-5 /)]);
    expect(lines.find((line) => / acct-6 /.test(line))).toMatch(/ in 1h \(cached\)$/);
  });
});
