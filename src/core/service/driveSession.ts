// Drives one run from this process: the driver, plus what ties it to the outside while it runs — the
// control channel (cancel/pause from other processes) and the ownership lock (a real takeover stops us).
// The lock is released however the drive ends.
import type { OrchestrationExecution } from '../model/execution';
import { OrchestrationDriver, type DriverDeps } from '../engine/driver';
import type { OwnershipLock } from '../store/ownershipLock';
import { ControlListener } from './controlChannel';
import { writeRunReport } from './runReport';
import { tidyWorktrees } from './tidyWorktrees';
import { ownerRecord } from './recordedOwner';

export interface DriveSession {
  readonly driver: OrchestrationDriver;
  readonly done: Promise<OrchestrationExecution>;
  /** Let go without touching the run (detach): stops listening and releases the lock. */
  release(): Promise<void>;
}

export function startDriveSession(
  deps: DriverDeps,
  orch: OrchestrationExecution,
  lock: OwnershipLock,
  opts: { mergeRequested?: boolean },
  onEnd: () => void,
): DriveSession {
  orch.drivenBy = ownerRecord(lock.info);
  const driver = new OrchestrationDriver(deps, orch);
  const control = new ControlListener(deps.projectPath, orch.id, async (r) => {
    deps.logger.info(`${r.action} requested by ${r.by} (pid ${r.pid})`);
    if (r.action === 'cancel') driver.cancel(`cancelled by ${r.by} (pid ${r.pid})`);
    if (r.action === 'pause') await driver.requestPause();
  });
  lock.onLost(() => {
    // A real takeover: the new owner re-attaches to the agent and owns the state now. Stop without saving
    // over its state and without killing its agent.
    deps.logger.warn(`another live process took over orchestration ${orch.id}; this process lets go of it`);
    driver.detach();
  });
  lock.onRecreated(() => driver.note('the ownership lock file had disappeared (a git clean, a tidy-up?); this owner wrote it again and goes on'));
  const done = (async (): Promise<OrchestrationExecution> => {
    await control.start();
    try {
      deps.events.emit('run', { orchestration: orch });
      const ended = await driver.drive(opts);
      if (!driver.detached) {
        await tidyWorktrees(deps.projectPath, ended, deps.logger);
        await writeRunReport(deps.projectPath, ended, deps.store, deps.logger);
      }
      return ended;
    } finally {
      control.close();
      onEnd();
      await lock.release();
    }
  })();
  return { driver, done, release: () => (control.close(), lock.release()) };
}
