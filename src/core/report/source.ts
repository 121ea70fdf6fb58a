// The parts of a run's state that the report reads through an accessor: when the engine renames or adds a
// field, only this file changes.
import type { AgentRun, BatchItem, OrchestrationExecution } from '../model/execution';
import type { ReportLane } from '../model/report';

/** The run's agent runs. */
export function agentRunsOf(orch: OrchestrationExecution): readonly AgentRun[] {
  return orch.agentRuns;
}

/** A batch's parallel lanes: the groups of its [P] waves, one agent each (serial units are the batch's own row). */
export function lanesOf(batch: BatchItem): ReportLane[] {
  return (batch.units ?? [])
    .filter((u) => u.parallel)
    .map((u) => ({
      index: u.index,
      name: `wave ${u.step}, group ${u.group ?? u.index}: ${u.taskIds.join(', ')}`,
      status: u.status,
      ...(u.startedAt ? { startedAt: u.startedAt } : {}),
      ...(u.endedAt ? { endedAt: u.endedAt } : {}),
      ...(u.startedAt && u.endedAt ? { durationMs: Math.max(0, Date.parse(u.endedAt) - Date.parse(u.startedAt)) } : {}),
    }));
}
