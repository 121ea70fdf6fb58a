// Orphan adoption by the API server (issue 15): a process that holds a project open continues a run whose
// owner stopped heartbeating — a `start` whose terminal was closed or that was killed. Every ~10 s each served
// project is reconciled: an active run with no live owner is resumed here, re-attaching to its agent if that
// still works. A run with a live owner is left alone; the lock decides, so two adopters cannot both win.
import type { EngineLogger } from '../core/engine/ports';
import { isActive } from '../core/model/statusPolicy';
import type { ProjectOrchestrator } from '../core/service/projectOrchestrator';
import { HEARTBEAT_MS, isLockLive, readLock } from '../core/store/ownershipLock';

/** With a dead owner's lock this adopts within about 10 s of the owner's death (issue: within 30 s). */
const ADOPT_EVERY_MS = 10_000;
/**
 * A missing lock file is not a dead owner: a `git clean` may have removed it under a live one, which writes it
 * again at its next heartbeat. Adopting then would drive the run twice (two agents on one batch), so such a run
 * is adopted only if its lock is still missing this long after it was first seen missing.
 */
const MISSING_LOCK_GRACE_MS = HEARTBEAT_MS + 5_000;

export interface Adoption {
  /** Stops the sweeps and waits for one in progress, so nothing is adopted after the server has let go. */
  stop(): Promise<void>;
}

type Orphan = { id: string; lock: 'dead' | 'missing' };

/** The active run nobody here drives, with its owner's lock dead or missing; undefined while it has a live owner. */
async function orphanOf(o: ProjectOrchestrator): Promise<Orphan | undefined> {
  const run = (await o.list()).find((e) => isActive(e.status) && !o.isDriving(e.id));
  if (!run) return undefined;
  const lock = await readLock(o.projectPath);
  if (!lock) return { id: run.id, lock: 'missing' };
  return isLockLive(lock) ? undefined : { id: run.id, lock: 'dead' };
}

class Sweeper {
  private readonly lastError = new Map<string, string>();
  private readonly missingSince = new Map<string, { id: string; at: number }>();

  constructor(
    private readonly orchestrators: readonly ProjectOrchestrator[],
    private readonly logger: EngineLogger,
  ) {}

  async sweep(): Promise<void> {
    for (const o of this.orchestrators) {
      try {
        if (await this.due(o)) await this.adopt(o);
        this.lastError.delete(o.projectPath);
      } catch (e) {
        // Said once, not every sweep: a project that cannot be adopted (no claude, a broken state file) stays so.
        const message = (e as Error)?.message ?? String(e);
        if (this.lastError.get(o.projectPath) !== message) this.logger.error(`cannot adopt the orphaned run in ${o.projectPath}: ${message}`);
        this.lastError.set(o.projectPath, message);
      }
    }
  }

  /** A dead owner's run is due at once; a run whose lock file is missing only after the grace. */
  private async due(o: ProjectOrchestrator): Promise<boolean> {
    const orphan = await orphanOf(o);
    const seen = this.missingSince.get(o.projectPath);
    if (orphan?.lock !== 'missing') this.missingSince.delete(o.projectPath);
    if (!orphan) return false;
    if (orphan.lock === 'dead') return true;
    if (seen?.id !== orphan.id) {
      this.missingSince.set(o.projectPath, { id: orphan.id, at: Date.now() });
      return false;
    }
    return Date.now() - seen.at >= MISSING_LOCK_GRACE_MS;
  }

  private async adopt(o: ProjectOrchestrator): Promise<void> {
    const handle = await o.reconcile(); // re-checks the owner under the project's mutex
    this.missingSince.delete(o.projectPath);
    if (!handle) return;
    const id = handle.execution.id;
    this.logger.info(`adopted orchestration ${id} in ${o.projectPath}: its owner is gone, this server continues it`);
    handle.done.catch((e: Error) => this.logger.error(`orchestration ${id} (adopted): ${e.message}`));
  }
}

/** Sweeps at once (a server started after a crash adopts right away), then every ~10 s. */
export function startAdoption(orchestrators: readonly ProjectOrchestrator[], logger: EngineLogger): Adoption {
  const sweeper = new Sweeper(orchestrators, logger);
  let stopped = false;
  let busy: Promise<void> | undefined;
  const tick = () => {
    // Never two sweeps at once: a slow one (a resume spawning claude) makes the next tick skip.
    if (stopped || busy) return;
    busy = sweeper.sweep().finally(() => (busy = undefined));
  };
  const timer = setInterval(tick, ADOPT_EVERY_MS);
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await busy;
    },
  };
}
