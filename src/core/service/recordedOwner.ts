// The owner of an active run is written in its state file too, not only in the lock file: a lock file that
// vanished (a `git clean`, a tidy-up) must not let a second process drive the same run while its owner lives
// (it writes the lock again at its next heartbeat).
import { hostname } from 'node:os';
import type { OrchestrationExecution } from '../model/execution';
import { isActive } from '../model/statusPolicy';
import { isProcessAlive } from '../process/processInfo';
import { STALE_AFTER_MS, type LockInfo } from '../store/ownershipLock';

export type RecordedOwner = NonNullable<OrchestrationExecution['drivenBy']>;

export function ownerRecord(lock: LockInfo): RecordedOwner {
  return { pid: lock.pid, ...(lock.pidStartTime ? { pidStartTime: lock.pidStartTime } : {}), host: lock.host, owner: lock.owner };
}

/** The live process other than this one that the state says drives `run`, if any. */
export function liveRecordedOwner(run: OrchestrationExecution | undefined, now = Date.now()): RecordedOwner | undefined {
  const o = run?.drivenBy;
  if (!run || !o || !isActive(run.status)) return undefined;
  if (o.host === hostname()) return o.pid !== process.pid && isProcessAlive(o.pid, o.pidStartTime) ? o : undefined;
  // another host: only its saves say it lives
  return now - Date.parse(run.updatedAt) < STALE_AFTER_MS ? o : undefined;
}
