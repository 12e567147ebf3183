import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expectManyObjectsFrom } from '../heap.js';
import type { AwsFilePaths } from './paths.js';
import { decodeText } from './read.js';

/**
 * Below this many bytes in both files together, reading them is quicker than any cache: nothing is kept, and a
 * user with ordinary files never finds a cache file at all.
 */
export const LISTING_CACHE_MIN_BYTES = 256 * 1024;

/**
 * A file's content changes only with its change time (ctime, which no program can set back), except within one tick
 * of the file system's coarse clock. So a listing is kept only for files last changed longer ago than this: any later
 * change then has a later ctime (the rule git uses for its racy index entries).
 */
export const SETTLED_MS = 1_000;

interface FileStamp {
  /** device, inode, size, mtime and ctime in nanoseconds: what changes whenever the content can have. */
  id: string;
  size: number;
  changedMs: number;
}

function stampFile(path: string): FileStamp | undefined {
  try {
    const info = statSync(path, { bigint: true });
    if (!info.isFile()) return undefined;
    const changedNs = info.mtimeNs > info.ctimeNs ? info.mtimeNs : info.ctimeNs;
    return { id: `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`, size: Number(info.size), changedMs: Number(changedNs / 1_000_000n) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { id: 'missing', size: 0, changedMs: 0 };
    return undefined;
  }
}

function stampFiles(paths: AwsFilePaths): FileStamp[] | undefined {
  const stamps = [stampFile(paths.config), stampFile(paths.credentials)];
  return stamps.every((stamp) => stamp !== undefined) ? (stamps as FileStamp[]) : undefined;
}

/** What is kept: the profiles' summaries (`list --json`, filters, colour) and the plain table laid out from them. */
export type ListingEntry = 'list-cache.json' | 'list-table.txt';

export interface ListingCache {
  /** The stored text, when it was stored for these files as they are now; the caller checks its key again. */
  read(entry: ListingEntry): string | undefined;
  /** The same as bytes, for a caller that copies them out as they are. */
  readBytes(entry: ListingEntry): Buffer | undefined;
  /** Stores `text` made from the files as they were when the cache was opened, if they are still so and settled. */
  write(entry: ListingEntry, text: (key: string) => string | Uint8Array): void;
  /** What identifies the files' current state: the caller puts it in the stored text and checks it on reading. */
  readonly key: string;
}

/**
 * The cache for `list` on large files (`~/.aws/awsprof/list-cache.json` and `list-table.txt`), or undefined when the
 * files are small or cannot be identified. One of each entry, for the last pair of files listed. Every failure to read or write it is a
 * miss, never an error: it only ever saves time.
 */
export function openListingCache(paths: AwsFilePaths, env: NodeJS.ProcessEnv, now: () => Date): ListingCache | undefined {
  const stamps = stampFiles(paths);
  if (!stamps || stamps[0]!.size + stamps[1]!.size < LISTING_CACHE_MIN_BYTES) return undefined;
  expectManyObjectsFrom(stamps[0]!.size + stamps[1]!.size);
  const key = `${paths.config}\n${paths.credentials}\n${stamps.map((stamp) => stamp.id).join('\n')}`;
  const directory = join(env.HOME || homedir(), '.aws', 'awsprof');
  if (!isPrivateDirectory(directory)) return undefined;
  const readBytes = (entry: ListingEntry) => readRegularFile(join(directory, entry));
  return {
    key,
    readBytes,
    read: (entry) => {
      const bytes = readBytes(entry);
      try {
        // As the AWS files are decoded: ASCII copied rather than decoded (~20 ms on a 1.5 MB entry), bad bytes refused.
        return bytes === undefined ? undefined : decodeText(bytes, join(directory, entry));
      } catch {
        return undefined;
      }
    },
    write: (entry, text) => {
      const file = join(directory, entry);
      const after = stampFiles(paths);
      if (!after || after.some((stamp, index) => stamp.id !== stamps[index]!.id)) return;
      if (after.some((stamp) => now().getTime() - stamp.changedMs < SETTLED_MS)) return;
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(directory, { recursive: true, mode: 0o700 });
        // wx: never through a file or link that is already there.
        writeFileSync(temporary, text(key), { mode: 0o600, flag: 'wx' });
        renameSync(temporary, file);
      } catch {
        try {
          unlinkSync(temporary);
        } catch {
          // nothing was left behind
        }
      }
    },
  };
}

/** Larger than any listing of files people have (3 MB of files make 1.5 MB); anything bigger is no entry of ours. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of a regular file of a sane size, else undefined: a FIFO put there must not hang `list`, nor a link to
 * /dev/zero fill memory. Opened without following a link and without blocking, then checked on the descriptor.
 */
function readRegularFile(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_ENTRY_BYTES) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether the cache's directory is this user's alone, or not there yet (it is then made 0700). One that others can
 * write, or that another user owns, could hold entries made to mislead: no cache is used or written there.
 */
function isPrivateDirectory(directory: string): boolean {
  try {
    const info = lstatSync(directory);
    const euid = process.geteuid?.();
    return info.isDirectory() && (info.mode & 0o022) === 0 && (euid === undefined || info.uid === euid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
