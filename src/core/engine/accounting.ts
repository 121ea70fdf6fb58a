// Folds an agent's ending into its run record and the money totals (run, batch or step, orchestration).
import type { AgentOutcome } from '../agent/agentProcess';
import { classifyOutcome, type ClassifiedOutcome } from '../agent/classifyOutcome';
import type { AgentRun, OrchestrationExecution } from '../model/execution';
import type { EngineLogger } from './ports';

export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** Returns SpecFlow's reading of the ending (classifyOutcome). */
export function recordOutcome(orch: OrchestrationExecution, run: AgentRun, o: AgentOutcome, logger: EngineLogger): ClassifiedOutcome {
  const c = classifyOutcome(o);
  const r = o.activity.result;
  run.state = 'exited';
  run.endedAt = new Date().toISOString();
  run.exitCode = o.exitCode;
  run.signal = o.signal;
  run.durationMs = o.durationMs;
  run.costUsd = c.costUsd;
  run.outcome = c.kind;
  run.outcomeMessage = c.message;
  if (o.activity.sessionId) run.sessionId = o.activity.sessionId;
  if (o.activity.model) run.model = o.activity.model;
  if (r) {
    run.subtype = r.subtype;
    run.isError = r.is_error;
    if (r.num_turns !== undefined) run.numTurns = r.num_turns;
    const text = r.result ?? (r.errors ?? []).join('\n');
    if (text) run.resultText = text.slice(0, 4000);
    run.permissionDenials = r.permission_denials.map((d) => ({ tool: d.tool_name, input: JSON.stringify(d.tool_input ?? {}).slice(0, 300) }));
  }
  run.toolErrors = o.activity.toolErrors.slice(-5);
  if (o.stderrTail) run.stderrTail = o.stderrTail.slice(-2000);
  addCost(orch, run, c.costUsd);
  if (run.permissionDenials.length) {
    logger.warn(
      `agent ${run.executionId} was denied ${run.permissionDenials.length} tool call(s): ${run.permissionDenials.map((d) => d.tool).join(', ')} — allow them in the permission settings if the agent needs them`,
    );
  }
  return c;
}

function addCost(orch: OrchestrationExecution, run: AgentRun, usd: number): void {
  orch.totalCostUsd = roundUsd(orch.totalCostUsd + usd);
  if (run.batchIndex !== undefined) {
    const b = orch.batches[run.batchIndex - 1];
    if (b) b.costUsd = roundUsd(b.costUsd + usd);
    const unit = run.unit !== undefined ? b?.units?.find((u) => u.index === run.unit) : undefined;
    if (unit) unit.costUsd = roundUsd(unit.costUsd + usd);
  } else if (run.kind !== 'decision' && run.kind !== 'implement' && run.kind !== 'heal') {
    orch.steps[run.kind].costUsd = roundUsd(orch.steps[run.kind].costUsd + usd);
  }
}
