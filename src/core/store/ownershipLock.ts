// One live owner per project (FR-024, NG-008): `orchestration.lock` names the process that drives the
// project's orchestration. Taking the lock — including taking over a stale one — happens under a short
// proper-lockfile mutex, so two processes racing for it can never both win.
import { readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { mkdirSync } from 'node:fs';
import * as z from 'zod';
import { isProcessAlive, processStartTime } from '../process/processInfo';
import { writeJsonAtomic } from './atomicJson';
import { lockFile, workflowsDir } from './paths';

export const LockInfoSchema = z.object({
  pid: z.number().int().positive(),
  pidStartTime: z.string().optional(),
  host: z.string(),
  orchestrationId: z.string(),
  owner: z.string(),
  acquiredAt: z.string(),
  heartbeatAt: z.string(),
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

/** Heartbeats let an owner on another host (shared folder) be declared dead. */
export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 60_000;

export class LockHeldError extends Error {
  constructor(readonly holder: LockInfo) {
    super(`Orchestration already in progress (id ${holder.orchestrationId}, driven by ${holder.owner} pid ${holder.pid} on ${holder.host})`);
    this.name = 'LockHeldError';
  }
}

export function isLockLive(info: LockInfo, now = Date.now()): boolean {
  if (info.host === hostname()) return isProcessAlive(info.pid, info.pidStartTime);
  return now - Date.parse(info.heartbeatAt) < STALE_AFTER_MS;
}

export async function readLock(projectPath: string): Promise<LockInfo | undefined> {
  try {
    const parsed = LockInfoSchema.safeParse(JSON.parse(await readFile(lockFile(projectPath), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `fn` while holding the project's short-lived mutex (a directory lock beside the lock file). */
export async function withProjectMutex<T>(projectPath: string, fn: () => Promise<T>): Promise<T> {
  const dir = workflowsDir(projectPath);
  mkdirSync(dir, { recursive: true });
  const release = await lockfile.lock(dir, {
    lockfilePath: lockFile(projectPath) + '.mutex',
    realpath: false,
    stale: 5_000,
    update: 1_000,
    retries: { retries: 200, minTimeout: 10, maxTimeout: 100, factor: 1.3 },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

export interface OwnershipLock {
  readonly info: LockInfo;
  /** Points the lock at another orchestration (e.g. after creating it under the same mutex). */
  retarget(orchestrationId: string): Promise<void>;
  release(): Promise<void>;
  /** Fires once if another live process took the lock with a newer record (a real takeover). */
  onLost(listener: () => void): void;
  /** Fires when the lock file had vanished (a `git clean`, a tidy-up) and this owner wrote it again. */
  onRecreated(listener: () => void): void;
}

/**
 * Takes the project's lock for `orchestrationId`, or throws LockHeldError naming the live holder.
 * `check` runs under the mutex after the lock is known to be free: it can refuse (throw) or do work that
 * must not race with another starter, such as creating the state file.
 */
export async function acquireOwnership(
  projectPath: string,
  orchestrationId: string,
  owner: string,
  check?: (previous: LockInfo | undefined) => Promise<void>,
): Promise<OwnershipLock> {
  const info = await withProjectMutex(projectPath, async () => {
    const existing = await readLock(projectPath);
    if (existing && isLockLive(existing)) throw new LockHeldError(existing);
    try {
      await check?.(existing);
    } catch (e) {
      // Refused, but the lock of a dead owner (killed between its last save and letting go) is not left behind.
      if (existing) await rm(lockFile(projectPath), { force: true });
      throw e;
    }
    const now = new Date().toISOString();
    const mine: LockInfo = {
      pid: process.pid,
      ...(processStartTime(process.pid) ? { pidStartTime: processStartTime(process.pid)! } : {}),
      host: hostname(),
      orchestrationId,
      owner,
      acquiredAt: now,
      heartbeatAt: now,
    };
    await writeJsonAtomic(lockFile(projectPath), mine);
    return mine;
  });
  return new HeldLock(projectPath, info);
}

class HeldLock implements OwnershipLock {
  private timer: NodeJS.Timeout | undefined;
  private lostListeners: (() => void)[] = [];
  private recreatedListeners: (() => void)[] = [];
  private released = false;

  constructor(
    private readonly projectPath: string,
    public info: LockInfo,
  ) {
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  onRecreated(listener: () => void): void {
    this.recreatedListeners.push(listener);
  }

  async retarget(orchestrationId: string): Promise<void> {
    this.info = { ...this.info, orchestrationId };
    await writeJsonAtomic(lockFile(this.projectPath), this.info);
  }

  /**
   * The lock belongs to the run, not to a file that can be deleted: a missing lock file is written again.
   * Only another live owner whose record is newer than ours is a takeover; a dead or older record is ours
   * to overwrite.
   */
  private async beat(): Promise<void> {
    if (this.released) return;
    const current = await readLock(this.projectPath);
    const mine = current && current.pid === this.info.pid && current.host === this.info.host;
    if (current && !mine && isLockLive(current) && current.acquiredAt >= this.info.acquiredAt) {
      this.stopTimer();
      for (const l of this.lostListeners.splice(0)) l();
      return;
    }
    this.info = { ...this.info, heartbeatAt: new Date().toISOString() };
    await withProjectMutex(this.projectPath, () => writeJsonAtomic(lockFile(this.projectPath), this.info)).catch(() => undefined);
    if (!current) for (const l of this.recreatedListeners) l();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.stopTimer();
    await withProjectMutex(this.projectPath, async () => {
      const current = await readLock(this.projectPath);
      if (current && current.pid === this.info.pid && current.host === this.info.host) {
        await rm(lockFile(this.projectPath), { force: true });
      }
    }).catch(() => undefined);
  }
}
