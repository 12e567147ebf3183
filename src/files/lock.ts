import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { fsAsync } from './fs-async.js';
import { LockTimeoutError } from '../errors.js';
import { isProcessAlive, ownerForNewFileIn, removeOrphanedTempFiles, tempPathFor } from './atomic-write.js';

export interface LockOptions {
  /** Give up after this long rather than hang; AWSPROF_LOCK_TIMEOUT_MS overrides the default. */
  timeoutMs?: number;
  /**
   * A lock whose holder awsprof cannot check (it names another host, or no owner at all) is taken over once it has
   * stood this long while we waited; AWSPROF_LOCK_TAKEOVER_MS overrides the default.
   */
  takeoverMs?: number;
  /** Told about every lock taken from another holder, so the command can say so (files/ formats no messages). */
  onTakeover?: (takeover: LockTakeover) => void;
}

export interface LockOwner {
  pid: number;
  host: string;
  created: number;
}

/** Why a lock held by someone else was taken: its process is gone, or it could not be checked and stood too long. */
export type TakeoverReason = 'process-gone' | 'other-host' | 'no-owner';

export interface LockTakeover {
  lockPath: string;
  reason: TakeoverReason;
  /** The holder the lock file named, if it named one. */
  holder?: LockOwner;
  /** How long the lock had existed: by its file time, and never less than we watched it. */
  ageMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * awsprof holds a lock only around reading and writing two small files (STS calls happen before), so a lock that
 * stands for seconds is almost surely left by a process killed on another host or container sharing ~/.aws.
 */
const DEFAULT_TAKEOVER_MS = 5_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface LockFacts {
  /** This host's name, compared with the holder's. */
  host: string;
  isAlive: (pid: number) => boolean;
  /** How long we have been watching this same lock (same content). */
  watchedMs: number;
  takeoverMs: number;
}

/**
 * Whether to take a lock from its holder. A holder on this host is checked directly: gone means take it now, alive
 * means wait (and time out). A holder on another host (its pid means nothing here) or a lock file naming no owner
 * cannot be checked, so it is taken once we have watched it for `takeoverMs`: measured by us, not from the lock's
 * own times, so clocks that disagree between hosts cannot make a fresh lock look old.
 */
export function judgeLock(holder: LockOwner | undefined, facts: LockFacts): TakeoverReason | undefined {
  if (holder && holder.host === facts.host) return facts.isAlive(holder.pid) ? undefined : 'process-gone';
  if (facts.watchedMs < facts.takeoverMs) return undefined;
  return holder ? 'other-host' : 'no-owner';
}

/**
 * An exclusive-create lock file beside the target (`<file>.lock`). Exclusive create is atomic on every local file
 * system, needs no native module, and leaves a visible file naming its owner if something goes wrong.
 */
export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const takeoverMs = options.takeoverMs ?? DEFAULT_TAKEOVER_MS;
  const started = Date.now();
  const deadline = started + timeoutMs;
  const host = hostname();
  const owner: LockOwner = { pid: process.pid, host, created: Date.now() };
  const body = JSON.stringify(owner);
  // The lock content we are watching and since when: a new holder (new content) starts the clock again.
  let watched: { content: string; since: number } | undefined;
  let delay = 5;
  for (;;) {
    if (await createWithContent(lockPath, body)) {
      // A writer killed between writing its temp file and linking it leaves the temp file behind.
      await removeOrphanedTempFiles(lockPath);
      return async () => {
        // Only remove the lock if it is still ours (it could have been taken over by someone else).
        const current = await fsAsync().readFile(lockPath, 'utf8').catch(() => undefined);
        if (current === body) await fsAsync().unlink(lockPath).catch(() => undefined);
      };
    }
    const seen = await inspectLock(lockPath);
    if (seen) {
      if (watched?.content !== seen.content) watched = { content: seen.content, since: Date.now() };
      const watchedMs = Date.now() - watched.since;
      const reason = judgeLock(seen.holder, { host, isAlive: isProcessAlive, watchedMs, takeoverMs });
      if (reason) {
        if (await moveAsideIfUnchanged(lockPath, seen.content)) {
          const ageMs = Math.max(Date.now() - seen.modifiedMs, watchedMs, 0);
          options.onTakeover?.({ lockPath, reason, holder: seen.holder, ageMs });
        }
        continue;
      }
    }
    // Gone already (seen undefined): try again at once.
    if (!seen) continue;
    if (Date.now() >= deadline) {
      const holder = seen.holder;
      const where = holder ? ` held by pid ${holder.pid}${holder.host === host ? '' : ` on host ${holder.host}`}` : '';
      throw new LockTimeoutError(`timed out after ${timeoutMs} ms waiting for the lock ${lockPath}${where}`, {
        hint: `if no awsprof process is running, delete ${lockPath}`,
      });
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
  const handle = await fsAsync().open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(body);
    // Root's lock in a user's ~/.aws belongs to that user, so their own awsprof can read it if root's is killed.
    const owner = await ownerForNewFileIn(dirname(lockPath));
    if (owner) await handle.chown(owner.uid, owner.gid);
  } finally {
    await handle.close();
  }
  try {
    await fsAsync().link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fsAsync().unlink(temp).catch(() => undefined);
  }
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(content) as Partial<LockOwner> | null;
    if (parsed && Number.isInteger(parsed.pid) && typeof parsed.host === 'string') {
      return { pid: parsed.pid!, host: parsed.host, created: typeof parsed.created === 'number' ? parsed.created : Number.NaN };
    }
  } catch {
    // Unreadable or foreign: a lock with no owner, judged by how long it stands.
  }
  return undefined;
}

/** The lock's content, holder and file time; undefined if it is gone. An unreadable lock counts as naming no owner. */
async function inspectLock(lockPath: string): Promise<{ content: string; holder?: LockOwner; modifiedMs: number } | undefined> {
  let modifiedMs: number;
  try {
    modifiedMs = (await fsAsync().stat(lockPath)).mtimeMs;
  } catch {
    return undefined;
  }
  let content: string;
  try {
    content = await fsAsync().readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    content = `unreadable@${modifiedMs}`;
  }
  return { content, holder: parseOwner(content), modifiedMs };
}

/**
 * Moves the lock aside atomically, then checks it was the lock we judged and not a fresh one that replaced it
 * meanwhile; a fresh one is put back. True when the judged lock is gone.
 */
async function moveAsideIfUnchanged(lockPath: string, content: string): Promise<boolean> {
  const aside = tempPathFor(lockPath);
  try {
    await fsAsync().rename(lockPath, aside);
  } catch {
    return false;
  }
  const moved = await fsAsync().readFile(aside, 'utf8').catch(() => content);
  const unchanged = moved === content;
  if (!unchanged) {
    // We took a live lock by mistake: put it back (link fails if someone created a new one, which is fine too).
    await fsAsync().link(aside, lockPath).catch(() => undefined);
  }
  await fsAsync().unlink(aside).catch(() => undefined);
  return unchanged;
}

export async function withLock<T>(lockPath: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(lockPath, options);
  try {
    return await work();
  } finally {
    await release();
  }
}
