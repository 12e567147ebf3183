import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { fsAsync } from './fs-async.js';
import { basename, dirname, join, resolve } from 'node:path';
import { AwsprofError } from '../errors.js';

const NEW_FILE_MODE = 0o600;
const NEW_DIR_MODE = 0o700;
const MAX_LINK_HOPS = 40;

/**
 * The path that really gets written: dotfile managers symlink ~/.aws/config into a repository, and replacing the
 * link with a regular file would silently detach it. Dangling links are followed too, so the target gets created.
 */
export async function resolveWriteTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    let info;
    try {
      info = await fsAsync().lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await fsAsync().readlink(current));
  }
  throw new AwsprofError('too many levels of symbolic links', { file: path });
}

/**
 * Creates the parent directory the way the AWS CLI would, but private: ~/.aws holds secrets. Directories created by
 * root inside another user's directory (`sudo -E awsprof set` making ~alice/.aws) go to that user, as new files do.
 */
export async function ensureParentDirectory(target: string): Promise<void> {
  const directory = dirname(target);
  const first = await fsAsync().mkdir(directory, { recursive: true, mode: NEW_DIR_MODE });
  if (first === undefined) return;
  const owner = await ownerForNewFileIn(dirname(first));
  if (!owner) return;
  for (let created = directory; ; created = dirname(created)) {
    await fsAsync().chown(created, owner.uid, owner.gid);
    if (created === first || created === dirname(created)) break;
  }
}

export interface FileOwner {
  uid: number;
  gid: number;
}

/** How an existing file is replaced, or a new one created: the bits and owner its replacement must get. */
export interface ReplacementPlan {
  mode: number;
  /** Given to the temporary file before the rename; undefined where the creating process's own ids are right. */
  owner?: FileOwner;
}

/**
 * Who should own a file awsprof creates in `directory`. Normally the process itself, as for any program. Root
 * creating a file in a directory that belongs to someone else is almost always `sudo -E awsprof ...` acting on that
 * user's ~/.aws: a root-owned 0600 config there would lock its user out of their own file, so it goes to the
 * directory's owner and group instead. (The AWS CLI leaves such a file to root.)
 */
export async function ownerForNewFileIn(directory: string): Promise<FileOwner | undefined> {
  if (process.geteuid?.() !== 0) return undefined;
  const info = await fsAsync().stat(directory).catch(() => undefined);
  if (!info || info.uid === 0) return undefined;
  return { uid: info.uid, gid: info.gid };
}

/**
 * Checks that `target` (already symlink-resolved) can be replaced without changing what its owner set up, and says how.
 * The AWS CLI writes in place, which keeps owner, group and mode by construction, and fails with EACCES on a file
 * without write permission. A rename replaces the inode, so awsprof must carry all three over itself, and refuses
 * where it cannot: a file its owner made read-only (even for root, who could write it: renaming over it would
 * silently defeat that choice), and a file whose owner or group this process cannot give to the replacement.
 */
export async function planReplacement(target: string): Promise<ReplacementPlan> {
  let info: Stats;
  try {
    info = await fsAsync().stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { mode: NEW_FILE_MODE, owner: await ownerForNewFileIn(dirname(target)) };
  }
  assertRegularFile(info, target);
  const mode = info.mode & 0o7777;
  if ((mode & 0o200) === 0) {
    throw new AwsprofError(`is read-only (mode ${formatMode(mode)}); refusing to replace it`, {
      file: target,
      hint: 'run chmod u+w on it to allow edits',
    });
  }
  assertOwnershipKeepable(info, target);
  return { mode, owner: { uid: info.uid, gid: info.gid } };
}

/**
 * Refuses a file whose owner or group this process cannot give to its replacement: only root may fchown to another
 * user, and others only to groups they are in. The AWS CLI, writing in place, could edit such a file (a shared 0660
 * file, or one whose group the user left); a rename would hand it to this user and their group, so that its owner or
 * its group's members could lose access to it. Refusing keeps the promise that an edit changes only the lines asked.
 */
function assertOwnershipKeepable(info: Stats, target: string): void {
  const euid = process.geteuid?.();
  if (euid === undefined || euid === 0) return;
  if (info.uid !== euid) {
    throw new AwsprofError(`belongs to uid ${info.uid}, not to this user (uid ${euid}); a replacement could not keep its owner, so refusing to replace it`, {
      file: target,
      hint: 'run awsprof as its owner',
    });
  }
  const groups = new Set([process.getegid?.(), ...(process.getgroups?.() ?? [])]);
  if (!groups.has(info.gid)) {
    throw new AwsprofError(`belongs to group ${info.gid}, which this user (uid ${euid}) is not in; a replacement could not keep its group, so refusing to replace it`, {
      file: target,
      hint: 'chgrp it to one of your groups, or run awsprof as root',
    });
  }
}

function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

function tempPrefix(target: string): string {
  return `.${basename(target)}.awsprof-`;
}

/** A unique temporary path beside `target`, named so removeOrphanedTempFiles can tell whose it is. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `${tempPrefix(target)}${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/**
 * Replaces `target` (already symlink-resolved) with `text` so that a crash at any moment leaves either the old or the
 * new file: write a temporary file in the same directory, fsync it, rename it over the target, fsync the directory.
 * The replacement keeps the existing file's permission bits, owner and group ({@link planReplacement}, which refuses
 * what it cannot keep); a new file is created 0600. Pass `plan` when it was already made (checked for every file
 * before writing any).
 */
export async function writeFileAtomic(target: string, content: string | readonly Buffer[], plan?: ReplacementPlan): Promise<void> {
  await ensureParentDirectory(target);
  const { mode, owner } = plan ?? (await planReplacement(target));
  const temp = tempPathFor(target);
  const handle = await fsAsync().open(temp, 'wx', mode);
  try {
    if (typeof content === 'string') await handle.writeFile(content, 'utf8');
    else await writeChunks(handle, content);
    // Owner first: chown may clear set-id bits, and the chmod below puts back exactly what the file had.
    if (owner) {
      const created = await handle.stat();
      if (created.uid !== owner.uid || created.gid !== owner.gid) await handle.chown(owner.uid, owner.gid);
    }
    // The process umask may have narrowed the mode at creation; set it exactly.
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsAsync().unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await fsAsync().rename(temp, target);
  } catch (error) {
    await fsAsync().unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Writes every byte of `chunks` in order: writev may write less than asked, like write. */
async function writeChunks(handle: FileHandle, chunks: readonly Buffer[]): Promise<void> {
  let rest = chunks.filter((chunk) => chunk.length > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    while (rest.length > 0 && bytesWritten >= rest[0]!.length) bytesWritten -= rest.shift()!.length;
    if (bytesWritten > 0) rest = [rest[0]!.subarray(bytesWritten), ...rest.slice(1)];
  }
}

/**
 * Renaming over a device, FIFO or socket would replace it with a regular file: `AWS_CONFIG_FILE=/dev/null` is a common
 * trick, and as root that would destroy the system's /dev/null.
 */
export function assertRegularFile(info: Stats, target: string): void {
  if (info.isFile()) return;
  const kind = info.isDirectory() ? 'a directory' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isFIFO() ? 'a named pipe' : 'not a regular file';
  throw new AwsprofError(`is ${kind}, not a regular file; refusing to replace it`, { file: target });
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await fsAsync().open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse to fsync a directory; the rename itself is still atomic.
  }
}

/** Removes temporary files left by writers that were killed before their rename (their pid is gone). */
export async function removeOrphanedTempFiles(target: string): Promise<void> {
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = await fsAsync().readdir(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && !isProcessAlive(pid)) await fsAsync().unlink(join(dirname(target), name)).catch(() => undefined);
  }
}

export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
