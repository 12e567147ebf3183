import { join } from 'node:path';
import { listCacheFilesSync, readCacheFiles, readCacheFileSync, removeCacheFile, resolveCacheDir } from '../files/cache.js';
import { type CacheEntry, isCacheFileName, parseCacheEntry } from './cache-rules.js';

/** The cache as a list, for `list`, `clean` and `logout`; obtain.ts reads single entries by name. */
export interface NamedEntry {
  name: string;
  entry: CacheEntry;
}

export async function readCacheEntries(env: NodeJS.ProcessEnv): Promise<NamedEntry[]> {
  const files = await readCacheFiles(resolveCacheDir(env), isCacheFileName);
  return files.flatMap(({ name, text }) => {
    const entry = parseCacheEntry(text);
    return entry ? [{ name, entry }] : [];
  });
}

/** Removes the entries `select` picks (and their stale lock files' neighbours are left alone: locks clean up themselves). */
export async function removeCacheEntries(env: NodeJS.ProcessEnv, select: (entry: CacheEntry) => boolean): Promise<NamedEntry[]> {
  const dir = resolveCacheDir(env);
  const removed: NamedEntry[] = [];
  for (const named of await readCacheEntries(env)) {
    if (select(named.entry) && (await removeCacheFile(dir, named.name))) removed.push(named);
  }
  return removed;
}

/**
 * When each profile's cached role session expires, for `list`: one directory read, and the files only when there
 * are any (most machines have none, and `list` runs in prompts). The latest entry per profile wins.
 */
export function cachedExpiriesSync(env: NodeJS.ProcessEnv): Map<string, Date> {
  const dir = resolveCacheDir(env);
  const expiries = new Map<string, Date>();
  for (const name of listCacheFilesSync(dir)) {
    if (!name.startsWith('role-') || !isCacheFileName(name)) continue;
    const text = readCacheFileSync(dir, name);
    const entry = text === undefined ? undefined : parseCacheEntry(text);
    if (!entry) continue;
    const known = expiries.get(entry.profile);
    if (!known || known < entry.expiration) expiries.set(entry.profile, entry.expiration);
  }
  return expiries;
}

export function cacheFilePath(env: NodeJS.ProcessEnv, name: string): string {
  return join(resolveCacheDir(env), name);
}
