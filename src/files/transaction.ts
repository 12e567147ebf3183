import { AwsprofError, withFile } from '../errors.js';
import { stat } from 'node:fs/promises';
import { assertRegularFile, ensureParentDirectory, removeOrphanedTempFiles, resolveWriteTarget, writeFileAtomic } from './atomic-write.js';
import { acquireLock, type LockOptions } from './lock.js';
import { readTextFile } from './read.js';

export interface FileState {
  text: string;
  exists: boolean;
}

export type FileEdit<K extends string> = (
  files: Record<K, FileState>,
) => Partial<Record<K, string>> | Promise<Partial<Record<K, string>>>;

function lockTimeoutFromEnv(): LockOptions {
  const raw = process.env.AWSPROF_LOCK_TIMEOUT_MS;
  const parsed = raw ? Number.parseInt(raw, 10) : Number.NaN;
  return Number.isFinite(parsed) && parsed > 0 ? { timeoutMs: parsed } : {};
}

/**
 * One read-modify-write of several files under one set of locks, so concurrent awsprof processes never lose each
 * other's updates. `edit` is pure: it gets every file's text and returns the new text of the files it changes.
 * Files whose text is unchanged are not written at all. Returns which files were written.
 */
export async function updateFiles<K extends string>(paths: Record<K, string>, edit: FileEdit<K>): Promise<K[]> {
  const keys = Object.keys(paths) as K[];
  const targets = {} as Record<K, string>;
  for (const key of keys) {
    targets[key] = await resolveWriteTarget(paths[key]);
    const info = await stat(targets[key]).catch(() => undefined);
    if (info) assertRegularFile(info, paths[key]);
  }
  // Lock in a fixed order so two processes locking the same pair can never deadlock.
  const lockPaths = [...new Set(keys.map((key) => `${targets[key]}.lock`))].sort();
  const releases: Array<() => Promise<void>> = [];
  try {
    for (const lockPath of lockPaths) {
      await ensureParentDirectory(lockPath);
      releases.push(await acquireLock(lockPath, lockTimeoutFromEnv()));
    }
    const states = {} as Record<K, FileState>;
    for (const key of keys) states[key] = await withFile(paths[key], () => readTextFile(targets[key]));
    const changes = await edit(states);
    const written: K[] = [];
    for (const key of keys) {
      const next = changes[key];
      if (next === undefined || next === states[key].text) continue;
      await withFile(paths[key], async () => {
        await removeOrphanedTempFiles(targets[key]);
        await writeFileAtomic(targets[key], next);
      });
      written.push(key);
    }
    return written;
  } catch (error) {
    if (!(error instanceof AwsprofError) && isPermissionError(error)) {
      throw new AwsprofError(`permission denied: ${(error as NodeJS.ErrnoException).path ?? 'a file'}`);
    }
    throw error;
  } finally {
    for (const release of releases.reverse()) await release();
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

/** Reads files without locking: readers see either the old or the new file, never a partial one. */
export async function readFiles<K extends string>(paths: Record<K, string>): Promise<Record<K, FileState>> {
  const keys = Object.keys(paths) as K[];
  const states = {} as Record<K, FileState>;
  await Promise.all(
    keys.map(async (key) => {
      states[key] = await withFile(paths[key], () => readTextFile(paths[key]));
    }),
  );
  return states;
}
