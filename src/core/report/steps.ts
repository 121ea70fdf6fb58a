// The steps around the batches (design, analyze, verify, merge): status, time, cost, skills, and what
// besides the agent's word showed each was done (the confirmation the engine logged).
import type { AgentRun, DecisionLogEntry, OrchestrationExecution } from '../model/execution';
import type { ReportStep } from '../model/report';
import { STEP_NAMES, type StepName } from '../model/statuses';
import { gateOf } from './batches';
import { msBetween, oneLine } from './text';

/** The old engine's one wording, completed from the note's evidence. */
function fromEvidence(step: StepName, ev: Record<string, unknown>): string {
  const tasks = typeof ev.tasks === 'string' ? ev.tasks : undefined;
  if (step === 'verify') return `no open task left in tasks.md${tasks ? ` (${tasks} checked)` : ''}`;
  const files = (
    [
      [ev.hasSpec, 'spec.md'],
      [ev.hasPlan, 'plan.md'],
      [ev.hasTasks, 'tasks.md'],
    ] as const
  )
    .filter(([has]) => has === true)
    .map(([, name]) => name);
  const source = typeof ev.source === 'string' ? ` (${ev.source})` : '';
  const parts = [files.length ? `${files.join(', ')} present` : '', tasks ? `tasks ${tasks} checked` : ''].filter(Boolean);
  return `the project status${source}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * What the engine logged when the step completed: "verify confirmed: no task is open in tasks.md",
 * "analyze confirmed by the specflow status (…)", or "analyze: the agent reported success; no independent
 * check for this step" — an unchecked step is reported as such, never as confirmed.
 */
function confirmation(log: readonly DecisionLogEntry[], step: StepName): Pick<ReportStep, 'confirmedBy' | 'verified'> {
  const said = new RegExp(`^${step}(?: confirmed(?::| by)|:) `);
  const e = log.filter((x) => x.kind === 'note' && said.test(x.reason)).at(-1);
  if (!e) return {};
  if (e.reason === `${step} confirmed by the project status`) return { confirmedBy: fromEvidence(step, e.evidence), verified: true };
  const verified = e.reason.startsWith(`${step} confirmed`);
  const words = e.reason.replace(new RegExp(`^${step}(?: confirmed:|:)? `), '').replace(/^confirmed by /, '');
  return { confirmedBy: oneLine(words, 500), verified };
}

export function buildSteps(orch: OrchestrationExecution, runs: readonly AgentRun[], log: readonly DecisionLogEntry[]): ReportStep[] {
  return STEP_NAMES.map((name) => {
    const rec = orch.steps[name];
    const skills = [...new Set(runs.flatMap((r) => (r.kind === name && r.skill ? [r.skill] : [])))];
    const endedAt = rec.status === 'completed' || rec.status === 'skipped' ? rec.completedAt : undefined;
    return {
      name,
      status: rec.status,
      ...(rec.startedAt ? { startedAt: rec.startedAt } : {}),
      ...(endedAt ? { endedAt } : {}),
      ...(rec.startedAt && endedAt ? { durationMs: msBetween(rec.startedAt, endedAt) } : {}),
      costUsd: rec.costUsd,
      ...(rec.status === 'completed' ? confirmation(log, name) : {}),
      skills,
      ...(name === 'verify' && orch.gate?.verify ? { gate: gateOf(orch.gate.verify) } : {}),
      ...(rec.note ? { note: oneLine(rec.note, 500) } : {}),
      ...(rec.error ? { error: oneLine(rec.error, 1000) } : {}),
    };
  });
}
