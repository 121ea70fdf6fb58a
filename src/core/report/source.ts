// The parts of a run's state that the report reads and that are about to change shape, each behind one
// accessor: when the engine renames or adds a field, only this file changes.
import * as z from 'zod';
import type { AgentRun, BatchItem, OrchestrationExecution } from '../model/execution';
import type { ReportLane } from '../model/report';

/** The run's agent runs. The field is to be renamed `agentRuns`: this is the only place that names it. */
export function agentRunsOf(orch: OrchestrationExecution): readonly AgentRun[] {
  return orch.agentRuns;
}

const isoTime = z.string().datetime({ offset: true });

const GroupsSchema = z.array(
  z.object({
    index: z.number().int().positive(),
    name: z.string(),
    status: z.string(),
    startedAt: isoTime.optional(),
    endedAt: isoTime.optional(),
    completedAt: isoTime.optional(),
  }),
);

/** A batch's parallel lanes (`groups`, one per agent of a [P] wave), once the state holds them; none today. */
export function lanesOf(batch: BatchItem): ReportLane[] {
  const parsed = GroupsSchema.safeParse('groups' in batch ? batch.groups : undefined);
  if (!parsed.success) return [];
  return parsed.data.map((g) => {
    const endedAt = g.endedAt ?? g.completedAt;
    return {
      index: g.index,
      name: g.name,
      status: g.status,
      ...(g.startedAt ? { startedAt: g.startedAt } : {}),
      ...(endedAt ? { endedAt } : {}),
      ...(g.startedAt && endedAt ? { durationMs: Math.max(0, Date.parse(endedAt) - Date.parse(g.startedAt)) } : {}),
    };
  });
}
