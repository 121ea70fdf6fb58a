// A wait in the run's state (usage limit, API trouble, a user gate or a pause): it is saved, so a restart
// during it keeps waiting, and it stops the active-time clock. When it ends it moves to the wait log that
// the report's timeline draws.
import type { OrchestrationExecution, Wait } from '../model/execution';
import { isActive } from '../model/statusPolicy';
import { currentBatch } from './decisionLog';

/** Active time: running or healing, and not waiting. */
export function stopActiveClock(orch: OrchestrationExecution, at: number): void {
  if (!orch.activeSince) return;
  orch.activeMs += Math.max(0, at - Date.parse(orch.activeSince));
  delete orch.activeSince;
}

export function startActiveClock(orch: OrchestrationExecution, at: number): void {
  if (orch.activeSince || orch.wait || !isActive(orch.status)) return;
  orch.activeSince = new Date(at).toISOString();
}

/** Active time so far, including the part since the clock last started. */
export function activeTimeMs(orch: Pick<OrchestrationExecution, 'activeMs' | 'activeSince'>, now: number): number {
  return orch.activeMs + (orch.activeSince ? Math.max(0, now - Date.parse(orch.activeSince)) : 0);
}

export function beginWait(orch: OrchestrationExecution, wait: Wait, at: number): void {
  if (orch.wait) endWait(orch, at);
  stopActiveClock(orch, at);
  orch.wait = wait;
}

export function endWait(orch: OrchestrationExecution, at: number): void {
  const wait = orch.wait;
  if (!wait) return;
  const batch = currentBatch(orch);
  orch.waitLog.push({ ...wait, endedAt: new Date(at).toISOString(), ...(batch !== undefined ? { batchIndex: batch } : {}) });
  delete orch.wait;
  startActiveClock(orch, at);
}
