import { readdirSync, readFileSync } from 'node:fs';
import { fsAsync } from './fs-async.js';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { withLock } from './lock.js';

/**
 * The credential cache's files: `~/.aws/awsprof/cache/` beside the AWS CLI's own `~/.aws/cli/cache`. This module knows
 * names and bytes only; what an entry means lives in src/credentials/cache-rules.ts.
 */
export function resolveCacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.HOME || homedir(), '.aws', 'awsprof', 'cache');
}

const PRIVATE_DIR = 0o700;

/** Creates the directory 0700 (and tightens one found wider: it holds secrets). */
async function ensureCacheDir(dir: string): Promise<void> {
  await fsAsync().mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await fsAsync().chmod(dir, PRIVATE_DIR);
}

/** A cache file's text, or undefined when there is none. Synchronous: the credential_process hit path is one read. */
export function readCacheFileSync(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** Atomic, 0600 (writeFileAtomic creates new files 0600 and keeps the mode of the one it replaces, also 0600). */
export async function writeCacheFile(dir: string, name: string, text: string): Promise<void> {
  await ensureCacheDir(dir);
  await writeFileAtomic(join(dir, name), text);
}

export async function removeCacheFile(dir: string, name: string): Promise<boolean> {
  try {
    await fsAsync().unlink(join(dir, name));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The names in the cache directory (none when it does not exist). */
export function listCacheFilesSync(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export async function readCacheFiles(dir: string, accept: (name: string) => boolean): Promise<{ name: string; text: string }[]> {
  let names: string[];
  try {
    names = await fsAsync().readdir(dir);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names.filter(accept).map(async (name) => ({ name, text: await fsAsync().readFile(join(dir, name), 'utf8').catch(() => undefined) })),
  );
  return files.filter((file): file is { name: string; text: string } => file.text !== undefined);
}

/**
 * Runs `work` holding the lock of one entry, so ten processes that all miss the cache make one STS call: the first
 * fetches and writes, the others wait and then find the entry. Waits up to two minutes, long enough for the holder
 * to read an MFA code off a phone.
 */
export async function withCacheLock<T>(dir: string, name: string, work: () => Promise<T>): Promise<T> {
  const created = await fsAsync().mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await fsAsync().chmod(dir, PRIVATE_DIR);
  try {
    return await withLock(join(dir, `${name}.lock`), work, { timeoutMs: 120_000 });
  } catch (error) {
    // A failed first call (a wrong code, STS unreachable) leaves ~/.aws as it found it: no empty cache directories.
    if (created !== undefined) {
      for (let directory = dir; ; directory = dirname(directory)) {
        if (!(await fsAsync().rmdir(directory).then(() => true, () => false)) || directory === created) break;
      }
    }
    throw error;
  }
}
