import { lstat, mkdir, open, readdir, readlink, rename, stat, unlink } from 'node:fs/promises';
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
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw new AwsprofError('too many levels of symbolic links', { file: path });
}

/** Creates the parent directory the way the AWS CLI would, but private: ~/.aws holds secrets. */
export async function ensureParentDirectory(target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true, mode: NEW_DIR_MODE });
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
 * The existing file's permission bits are kept; a new file is created 0600.
 */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  await ensureParentDirectory(target);
  let mode = NEW_FILE_MODE;
  try {
    const info = await stat(target);
    assertRegularFile(info, target);
    mode = info.mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    // The process umask may have narrowed the mode at creation; set it exactly.
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
}

/**
 * Renaming over a device, FIFO or socket would replace it with a regular file: `AWS_CONFIG_FILE=/dev/null` is a common
 * trick, and as root that would destroy the system's /dev/null.
 */
export function assertRegularFile(info: import('node:fs').Stats, target: string): void {
  if (info.isFile()) return;
  const kind = info.isDirectory() ? 'a directory' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isFIFO() ? 'a named pipe' : 'not a regular file';
  throw new AwsprofError(`is ${kind}, not a regular file; refusing to replace it`, { file: target });
}

async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
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
    names = await readdir(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && !isProcessAlive(pid)) await unlink(join(dirname(target), name)).catch(() => undefined);
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
