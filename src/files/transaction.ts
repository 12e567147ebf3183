import { AwsprofError, withFile } from '../errors.js';
import { fsAsync } from './fs-async.js';
import { assertRegularFile, ensureParentDirectory, planReplacement, removeOrphanedTempFiles, resolveWriteTarget, writeFileAtomic, type ReplacementPlan } from './atomic-write.js';
import { encodeChange, type FileChange, isNoChange } from './encode-edit.js';
import { acquireLock, type LockOptions, type LockTakeover } from './lock.js';
import { readTextFile } from './read.js';

export interface FileState {
  text: string;
  exists: boolean;
  /** The bytes `text` was decoded from: a write reuses those it does not change (encode-edit.ts). */
  bytes?: Buffer;
}

export type FileEdit<K extends string> = (
  files: Record<K, FileState>,
) => Partial<Record<K, FileChange>> | Promise<Partial<Record<K, FileChange>>>;

/** Something a file operation did that the user should hear about; the command words it. */
export type FileWarning = { kind: 'lock-takeover' } & LockTakeover;

export interface UpdateOptions {
  onWarning?: (warning: FileWarning) => void;
}

function positiveIntegerFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  const parsed = raw ? Number.parseInt(raw, 10) : Number.NaN;
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

function lockOptions(options: UpdateOptions): LockOptions {
  return {
    timeoutMs: positiveIntegerFromEnv('AWSPROF_LOCK_TIMEOUT_MS'),
    takeoverMs: positiveIntegerFromEnv('AWSPROF_LOCK_TAKEOVER_MS'),
    onTakeover: (takeover) => options.onWarning?.({ kind: 'lock-takeover', ...takeover }),
  };
}

/**
 * One read-modify-write of several files under one set of locks, so concurrent awsprof processes never lose each
 * other's updates. `edit` is pure: it gets every file's text and returns the new text of the files it changes.
 * Files whose text is unchanged are not written at all. Returns which files were written.
 */
export async function updateFiles<K extends string>(paths: Record<K, string>, edit: FileEdit<K>, options: UpdateOptions = {}): Promise<K[]> {
  const keys = Object.keys(paths) as K[];
  const targets = {} as Record<K, string>;
  for (const key of keys) {
    targets[key] = await resolveWriteTarget(paths[key]);
    const info = await fsAsync().stat(targets[key]).catch(() => undefined);
    if (info) assertRegularFile(info, paths[key]);
  }
  // Lock in a fixed order so two processes locking the same pair can never deadlock.
  const lockPaths = [...new Set(keys.map((key) => `${targets[key]}.lock`))].sort();
  const releases: Array<() => Promise<void>> = [];
  try {
    for (const lockPath of lockPaths) {
      await ensureParentDirectory(lockPath);
      releases.push(await acquireLock(lockPath, lockOptions(options)));
    }
    const states = {} as Record<K, FileState>;
    for (const key of keys) states[key] = await withFile(paths[key], () => readTextFile(targets[key]));
    const changes = await edit(states);
    // Every file to be written must be replaceable (read-only, owner) before the first is: no half-done transaction.
    const plans = new Map<K, ReplacementPlan>();
    for (const key of keys) {
      const next = changes[key];
      if (next === undefined || isNoChange(states[key].text, next)) continue;
      plans.set(key, await withFile(paths[key], () => planReplacement(targets[key])));
    }
    const written: K[] = [];
    for (const [key, plan] of plans) {
      await withFile(paths[key], async () => {
        await removeOrphanedTempFiles(targets[key]);
        await writeFileAtomic(targets[key], encodeChange(states[key], changes[key]!), plan);
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

/**
 * The checks updateFiles makes on every file before writing, made early without a lock: a command that must call a
 * service before it writes (assume) can refuse a read-only file before spending an STS call or an MFA code on it.
 * updateFiles checks again under the lock.
 */
export async function assertReplaceable<K extends string>(paths: Record<K, string>): Promise<void> {
  for (const path of Object.values<string>(paths)) {
    const target = await resolveWriteTarget(path);
    await withFile(path, () => planReplacement(target));
  }
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
