// The lock's takeover decision, then acquireLock on real lock files: a holder on another host (a container sharing
// ~/.aws), a dead pid on this host, a lock naming no owner, and a live holder that must still time out.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, judgeLock, type LockOwner, type LockTakeover } from '../../src/files/lock.js';

const HERE = 'box-a';
const alive = new Set([100]);
const facts = (watchedMs: number) => ({ host: HERE, isAlive: (pid: number) => alive.has(pid), watchedMs, takeoverMs: 3000 });
const owner = (pid: number, host: string): LockOwner => ({ pid, host, created: 0 });

describe('judgeLock (#7)', () => {
  it.each([
    ['a live holder on this host: wait, however long', owner(100, HERE), 60_000, undefined],
    ['a dead holder on this host: take at once', owner(200, HERE), 0, 'process-gone'],
    ['a holder on another host, just seen: wait', owner(100, 'box-b'), 0, undefined],
    ['a holder on another host, watched just under the bound: wait', owner(100, 'box-b'), 2999, undefined],
    ['a holder on another host, watched for the bound: take', owner(100, 'box-b'), 3000, 'other-host'],
    ['its pid means nothing here, alive or not: still waits for the bound', owner(200, 'box-b'), 10, undefined],
    ['no owner, just seen: wait', undefined, 0, undefined],
    ['no owner, watched for the bound: take', undefined, 3000, 'no-owner'],
  ] as const)('%s', (_, holder, watchedMs, verdict) => {
    expect(judgeLock(holder, facts(watchedMs))).toBe(verdict);
  });
});

describe('acquireLock takes over what it cannot check (#7)', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awsprof-lock-'));
    lockPath = join(dir, 'config.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function handMadeLock(content: string, ageSeconds: number): Promise<void> {
    await writeFile(lockPath, content);
    const then = new Date(Date.now() - ageSeconds * 1000);
    await utimes(lockPath, then, then);
  }

  async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((done) => child.on('close', done));
    return child.pid!;
  }

  it('a lock from another host is taken after the bound, reporting host, pid and age (#7)', async () => {
    await handMadeLock(JSON.stringify({ pid: 4242, host: 'box-b', created: Date.now() - 12_000 }), 12);
    const takeovers: LockTakeover[] = [];
    const started = Date.now();
    const release = await acquireLock(lockPath, { takeoverMs: 400, timeoutMs: 5000, onTakeover: (t) => takeovers.push(t) });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(3000);
    expect(takeovers).toHaveLength(1);
    expect(takeovers[0]).toMatchObject({ lockPath, reason: 'other-host', holder: { pid: 4242, host: 'box-b' } });
    expect(takeovers[0]!.ageMs).toBeGreaterThanOrEqual(12_000);
    expect(takeovers[0]!.ageMs).toBeLessThan(20_000);
    // The lock is ours now.
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await release();
  });

  it('a dead holder on this host is taken at once, and reported (#7)', async () => {
    const pid = await deadPid();
    await handMadeLock(JSON.stringify({ pid, host: hostname(), created: Date.now() }), 2);
    const takeovers: LockTakeover[] = [];
    const started = Date.now();
    const release = await acquireLock(lockPath, { takeoverMs: 60_000, onTakeover: (t) => takeovers.push(t) });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(takeovers).toMatchObject([{ reason: 'process-gone', holder: { pid, host: hostname() } }]);
    await release();
  });

  it('a lock file naming no owner is taken after the bound (#7)', async () => {
    await handMadeLock('not json', 0);
    const takeovers: LockTakeover[] = [];
    const release = await acquireLock(lockPath, { takeoverMs: 300, timeoutMs: 5000, onTakeover: (t) => takeovers.push(t) });
    expect(takeovers).toMatchObject([{ reason: 'no-owner' }]);
    expect(takeovers[0]!.holder).toBeUndefined();
    await release();
  });

  it('a live holder on this host still times out, even past the takeover bound (#7)', async () => {
    const lock = JSON.stringify({ pid: process.pid, host: hostname(), created: Date.now() });
    await handMadeLock(lock, 60);
    const takeovers: LockTakeover[] = [];
    await expect(acquireLock(lockPath, { takeoverMs: 50, timeoutMs: 400, onTakeover: (t) => takeovers.push(t) })).rejects.toThrow(
      `timed out after 400 ms waiting for the lock ${lockPath} held by pid ${process.pid}`,
    );
    expect(takeovers).toEqual([]);
    expect(await readFile(lockPath, 'utf8')).toBe(lock);
  });

  it('the bound restarts when another holder replaces the lock meanwhile (#7)', async () => {
    await handMadeLock(JSON.stringify({ pid: 1, host: 'box-b', created: 0 }), 0);
    // Another host's process takes the lock anew after 250 ms: we must watch the new holder for the full bound.
    const replace = setTimeout(() => void writeFile(lockPath, JSON.stringify({ pid: 2, host: 'box-c', created: 0 })), 250);
    const takeovers: LockTakeover[] = [];
    const started = Date.now();
    const release = await acquireLock(lockPath, { takeoverMs: 400, timeoutMs: 5000, onTakeover: (t) => takeovers.push(t) });
    clearTimeout(replace);
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    expect(takeovers).toMatchObject([{ reason: 'other-host', holder: { pid: 2, host: 'box-c' } }]);
    await release();
  });
});
