// The morning-after report of a run, built from its state (and what tasks.md still holds). Pure: the same
// state, tasks and `now` give the same report.
import { describeGate } from '../gate/gateText';
import type { DecisionLogEntry, OrchestrationExecution } from '../model/execution';
import { REPORT_SCHEMA_VERSION, ReportSchema, type Report } from '../model/report';
import { batchSpan, buildBatch } from './batches';
import { buildLeft, type RemainingTasks } from './left';
import { nextStep } from './nextStep';
import { agentRunsOf } from './source';
import { buildSteps } from './steps';
import { buildSummary, isWorking } from './summary';
import { collectWaits } from './waits';

export interface ReportOptions {
  /** Open, blocked and deferred tasks as tasks.md holds them now (the caller reads it). */
  remaining: RemainingTasks;
  /** The whole decision log, archived entries included; the state's own entries when absent. */
  fullDecisionLog?: readonly DecisionLogEntry[];
  now?: Date;
}

export function buildReport(orch: OrchestrationExecution, opts: ReportOptions): Report {
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const log = opts.fullDecisionLog ?? orch.decisionLog;
  const runs = agentRunsOf(orch);
  const working = isWorking(orch.status);
  const src = { runs, log, working };
  const spans = orch.batches.map((b) => batchSpan(b, src));
  const waits = collectWaits(orch, log, spans, nowIso);
  const batches = orch.batches.map((b) => buildBatch(b, src, waits.byBatch.get(b.index) ?? []));
  const gate = orch.gate;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: orch.id,
    projectName: orch.projectName,
    projectPath: orch.projectPath,
    ...(orch.featureDir ? { featureDir: orch.featureDir } : {}),
    ...(orch.tasksPath ? { tasksPath: orch.tasksPath } : {}),
    generatedAt: nowIso,
    summary: buildSummary(orch, batches, now),
    ...(orch.error
      ? {
          error: {
            message: orch.error.message,
            kind: orch.error.kind,
            ...(orch.error.batchIndex ? { batchIndex: orch.error.batchIndex } : {}),
            logPaths: orch.error.logPaths,
          },
        }
      : {}),
    ...(orch.checkpoints ? { checkpoints: { mode: orch.checkpoints.mode, ...(orch.checkpoints.reason ? { reason: orch.checkpoints.reason } : {}) } } : {}),
    gate: gate?.spec ? { command: gate.spec.command, source: gate.source, ...(gate.baseline ? { baseline: describeGate(gate.baseline) } : {}) } : null,
    batches,
    waits: waits.run,
    steps: buildSteps(orch, runs, log),
    left: buildLeft(opts.remaining, orch.batches, working ? undefined : orch.status),
    next: nextStep(orch),
    warnings: orch.warnings,
  };
  return ReportSchema.parse(report);
}
