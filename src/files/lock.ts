import { hostname } from 'node:os';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { LockTimeoutError } from '../errors.js';
import { isProcessAlive, removeOrphanedTempFiles, tempPathFor } from './atomic-write.js';

export interface LockOptions {
  /** Give up after this long rather than hang; AWSPROF_LOCK_TIMEOUT_MS overrides the default. */
  timeoutMs?: number;
  /** A lock file with no readable owner older than this is considered abandoned. */
  staleMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  created: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_STALE_MS = 30_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * An exclusive-create lock file beside the target (`<file>.lock`). Exclusive create is atomic on every local file
 * system, needs no native module, and leaves a visible file naming its owner if something goes wrong.
 */
export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + timeoutMs;
  const owner: LockOwner = { pid: process.pid, host: hostname(), created: Date.now() };
  const body = JSON.stringify(owner);
  let delay = 5;
  for (;;) {
    if (await createWithContent(lockPath, body)) {
      // A writer killed between writing its temp file and linking it leaves the temp file behind.
      await removeOrphanedTempFiles(lockPath);
      return async () => {
        // Only remove the lock if it is still ours (it could have been broken as stale by someone else).
        const current = await readFile(lockPath, 'utf8').catch(() => undefined);
        if (current === body) await unlink(lockPath).catch(() => undefined);
      };
    }
    if (await breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) {
      const holder = await readOwner(lockPath);
      throw new LockTimeoutError(
        `timed out after ${timeoutMs} ms waiting for the lock ${lockPath}${holder ? ` held by pid ${holder.pid}` : ''}`,
        { hint: `if no awsprof process is running, delete ${lockPath}` },
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
}

/**
 * Creates the lock file already holding its owner: write a private temp file, then hard-link it into place, which
 * fails if the lock exists. A writer killed at any instant never leaves an empty lock that nobody can judge stale.
 */
async function createWithContent(lockPath: string, body: string): Promise<boolean> {
  const temp = tempPathFor(lockPath);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(body);
  } finally {
    await handle.close();
  }
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return parsed as LockOwner;
  } catch {
    // Unreadable or half-written: judged by age below.
  }
  return undefined;
}

/** A lock whose owner died (kill -9) is stale; break it so the next writer is not stuck forever. */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let content: string;
  let modified: number;
  try {
    content = await readFile(lockPath, 'utf8');
    modified = (await stat(lockPath)).mtimeMs;
  } catch {
    return true; // Gone already: try again at once.
  }
  const owner = await readOwner(lockPath);
  const stale = owner
    ? owner.host === hostname() && !isProcessAlive(owner.pid)
    : Date.now() - modified > staleMs;
  if (!stale) return false;
  // Move it aside atomically, then check we moved the stale lock and not a fresh one that replaced it meanwhile.
  const aside = tempPathFor(lockPath);
  try {
    await rename(lockPath, aside);
  } catch {
    return true;
  }
  const moved = await readFile(aside, 'utf8').catch(() => content);
  if (moved !== content) {
    // We took a live lock by mistake: put it back (link fails if someone created a new one, which is fine too).
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

export async function withLock<T>(lockPath: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(lockPath, options);
  try {
    return await work();
  } finally {
    await release();
  }
}
