// Taking a project's lock to drive run `id`: refused while a live process holds the lock, and also while the
// run's state names a live owner whose lock file has gone missing (recordedOwner.ts).
import type { OrchestrationExecution } from '../model/execution';
import type { ExecutionStore } from '../store/executionStore';
import { acquireOwnership, LockHeldError, type OwnershipLock } from '../store/ownershipLock';
import { isActive } from '../model/statusPolicy';
import { AlreadyInProgressError } from './errors';
import { liveRecordedOwner } from './recordedOwner';

/** How long a drive that has come to rest may take to write its report and let go of the lock. */
const ENDING_DRIVE_GRACE_MS = 15_000;
const RETRY_MS = 200;

interface LockDeps {
  projectPath: string;
  owner: string;
  store: Pick<ExecutionStore, 'load'>;
}

export async function takeRunLock(deps: LockDeps, id: string, check: () => Promise<void>): Promise<OwnershipLock> {
  const guarded = async () => {
    const run = await deps.store.load(id).catch(() => undefined);
    const o = liveRecordedOwner(run);
    if (o) {
      const by = `driven by ${o.owner} pid ${o.pid} on ${o.host} (its lock file is missing; it writes it again within seconds)`;
      throw new AlreadyInProgressError(id, run!.status, deps.projectPath, by);
    }
    await check();
  };
  const giveUpAt = Date.now() + ENDING_DRIVE_GRACE_MS;
  for (;;) {
    try {
      return await acquireOwnership(deps.projectPath, id, deps.owner, guarded);
    } catch (e) {
      if (!(e instanceof LockHeldError)) throw e;
      const held = await deps.store.load(e.holder.orchestrationId).catch(() => undefined);
      // The holder's run is at rest (merge ready, paused, done): its drive is only writing the report and
      // letting go, so a Merge clicked the moment the status shows must not be refused for that.
      if (held && !isActive(held.status) && Date.now() < giveUpAt) {
        await new Promise((r) => setTimeout(r, RETRY_MS));
        continue;
      }
      throw inProgress(deps, e, held);
    }
  }
}

function inProgress(deps: LockDeps, e: LockHeldError, held: OrchestrationExecution | undefined): AlreadyInProgressError {
  const by = `driven by ${e.holder.owner} pid ${e.holder.pid} on ${e.holder.host}`;
  return new AlreadyInProgressError(e.holder.orchestrationId, held?.status ?? 'running', deps.projectPath, by);
}
