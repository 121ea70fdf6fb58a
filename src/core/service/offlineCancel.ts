// Cancelling a run nobody drives (its owner is gone): stop any agent it left running, then record the
// cancellation. Runs under the project's lock, taken by the caller.
import type { OrchestrationExecution } from '../model/execution';
import { change } from '../engine/lifecycle';
import { endWait } from '../engine/waits';
import type { AgentPort } from '../engine/ports';
import { killProcessTree } from '../process/killTree';

export async function cancelUndriven(orch: OrchestrationExecution, agents: AgentPort, by: string): Promise<void> {
  for (const run of orch.agentRuns.filter((r) => r.state !== 'exited')) {
    // An agent whose pid was never saved (its owner died just after spawning it) is found by its marker.
    const pids = run.pid ? [run.pid] : agents.findByMarker(run.executionId);
    for (const pid of pids) {
      const startTime = run.pid ? run.pidStartTime : undefined;
      if (agents.isAlive(pid, startTime)) await killProcessTree(pid, startTime ? { startTime } : {});
    }
    run.state = 'exited';
    run.applied = true;
    run.outcome = 'cancelled';
    run.endedAt = new Date().toISOString();
  }
  const running = orch.batches.find((b) => b.status === 'running');
  endWait(orch, Date.now());
  change(
    orch,
    { status: 'cancelled', ...(running ? { batch: { item: running, to: 'cancelled' as const } } : {}) },
    `cancelled by ${by} (no live owner was driving it)`,
    {
      batch: running?.index,
    },
  );
}
