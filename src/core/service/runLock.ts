// Taking a project's lock to drive run `id`: refused while a live process holds the lock, and also while the
// run's state names a live owner whose lock file has gone missing (recordedOwner.ts).
import type { ExecutionStore } from '../store/executionStore';
import { acquireOwnership, LockHeldError, type OwnershipLock } from '../store/ownershipLock';
import { AlreadyInProgressError } from './errors';
import { liveRecordedOwner } from './recordedOwner';

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
  try {
    return await acquireOwnership(deps.projectPath, id, deps.owner, guarded);
  } catch (e) {
    if (!(e instanceof LockHeldError)) throw e;
    const held = await deps.store.load(e.holder.orchestrationId).catch(() => undefined);
    throw new AlreadyInProgressError(
      e.holder.orchestrationId,
      held?.status ?? 'running',
      deps.projectPath,
      `driven by ${e.holder.owner} pid ${e.holder.pid} on ${e.holder.host}`,
    );
  }
}
