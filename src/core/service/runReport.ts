// The morning-after report is written whenever a run comes to rest: completed, merge ready, failed, budget
// exceeded, paused, cancelled, or waiting at a USER GATE (and again after a revert). A report that cannot
// be written never changes how the run ended: the problem is logged.
import { join } from 'node:path';
import type { EngineLogger } from '../engine/ports';
import type { OrchestrationExecution } from '../model/execution';
import { buildReport } from '../report/buildReport';
import type { RemainingTasks } from '../report/left';
import { writeReport, type ReportPaths } from '../report/reportFiles';
import type { ExecutionStore } from '../store/executionStore';
import { readParsedTasks } from '../tasks/readTasksFile';

type Remaining = RemainingTasks['open'][number];

/** What tasks.md still holds: open (optional ones skipped unless included), blocked and deferred tasks. */
async function remainingTasks(projectPath: string, orch: OrchestrationExecution): Promise<RemainingTasks> {
  const empty: RemainingTasks = { open: [], blocked: [], deferred: [] };
  if (!orch.tasksPath) return empty;
  const { parsed } = await readParsedTasks(join(projectPath, orch.tasksPath), { checklistsAreTasks: orch.config.checklistsAreTasks }).catch(() => ({
    parsed: undefined,
  }));
  if (!parsed) return empty;
  const of = (status: string): Remaining[] =>
    parsed.tasks
      .filter((t) => t.status === status && (status !== 'open' || !t.optional || orch.config.includeOptionalTasks))
      .map((t) => ({ id: t.key, text: t.text, line: t.line, ...(t.optional ? { reason: 'optional (not included in this run)' } : {}) }));
  return { open: of('open'), blocked: of('blocked'), deferred: of('deferred') };
}

export async function buildReportNow(projectPath: string, orch: OrchestrationExecution, store: Pick<ExecutionStore, 'fullDecisionLog'>) {
  return buildReport(orch, { remaining: await remainingTasks(projectPath, orch), fullDecisionLog: await store.fullDecisionLog(orch) });
}

export async function writeRunReport(
  projectPath: string,
  orch: OrchestrationExecution,
  store: Pick<ExecutionStore, 'fullDecisionLog'>,
  logger: EngineLogger,
): Promise<ReportPaths | undefined> {
  try {
    return await writeReport(projectPath, await buildReportNow(projectPath, orch, store));
  } catch (e) {
    logger.warn(`the report of orchestration ${orch.id} could not be written: ${(e as Error).message}`);
    return undefined;
  }
}
