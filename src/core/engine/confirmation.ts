// The second half of dual confirmation (FR-022): the agent's "success" counts only when the project
// agrees. For a batch: every task of the batch is checked in tasks.md. For a step: the files the step
// should have produced exist (design), no task is left open (verify).
import { relative } from 'node:path';
import type { ClassifiedOutcome } from '../agent/classifyOutcome';
import type { AgentRun, BatchItem, GateEvidence } from '../model/execution';
import type { StepName } from '../model/statuses';
import type { StatusSnapshot } from '../status/statusSchema';
import { markApplied } from './agentCall';
import { isOpenWork, openTasksOf } from './batchSync';
import { budgetHit } from './budget';
import type { CallResult } from './callSpec';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';
import { checkMerged } from './mergeCheck';
import { gateVerdict } from './gateStage';
import { describeGate } from '../gate/gateText';
import type { Decider } from './decisions';
import { BudgetStop, CancelStop, FailStop } from './stops';
import { describeIds } from './wording';

export type BatchVerdict = { ok: true } | { ok: false; failure: ClassifiedOutcome; run: AgentRun; openIds: string[]; gate?: GateEvidence };
export type BatchFailure = Extract<BatchVerdict, { ok: false }>;

/** A call that ran out of money: the stop names the cap to raise (its own, its batch's, or the total). */
export function budgetStop(ctx: DriveContext, run: AgentRun, result: string): BudgetStop {
  const orch = ctx.orch;
  const batchSpent = run.batchIndex !== undefined ? (orch.batches[run.batchIndex - 1]?.costUsd ?? 0) : 0;
  const hit = budgetHit(orch.config, run, orch.totalCostUsd, batchSpent);
  return new BudgetStop(hit.message, { executionId: run.executionId, result, costUsd: run.costUsd, maxBudgetUsd: run.maxBudgetUsd, cap: hit.cap });
}

/** Endings no healer can fix stop the run here: cancelled, out of budget, a skill claude does not know. */
export function stopOnUnhealable(ctx: DriveContext, { run, outcome }: CallResult): void {
  if (['cancelled', 'budget', 'unknown_skill'].includes(outcome.kind)) markApplied(run);
  if (outcome.kind === 'cancelled') throw new CancelStop(ctx.cancelReason());
  if (outcome.kind === 'budget') throw budgetStop(ctx, run, outcome.message);
  if (outcome.kind === 'unknown_skill') {
    throw new FailStop(outcome.message, 'unknown_skill', { executionId: run.executionId, result: run.resultText, missingSkill: outcome.missingSkill });
  }
}

/** The third confirmation: SpecFlow's own test gate is no worse than before the run. */
export async function judgeGate(ctx: DriveContext, batch: BatchItem, run: AgentRun, costUsd: number): Promise<BatchVerdict> {
  const gate = await gateVerdict(ctx, `batch ${batch.index}`, batch.gate);
  if (!gate) return { ok: true };
  batch.gate = gate;
  if (gate.comparison.verdict !== 'worse') return { ok: true };
  const failure: ClassifiedOutcome = {
    kind: 'error',
    message: `the test gate is worse than before the run: ${gate.comparison.reason}`,
    costUsd,
    healable: true,
  };
  return { ok: false, failure, run, openIds: [], gate };
}

/**
 * Dual confirmation for a batch: a successful ending AND every task of the batch checked in tasks.md, and
 * then SpecFlow's own test gate no worse than its baseline. The
 * run is marked applied by whoever saves its consequences (completion, healing, failure), so a restart
 * before that save re-judges the same run instead of starting the batch again.
 */
export async function judgeBatch(ctx: DriveContext, batch: BatchItem, result: CallResult, decider: Decider): Promise<BatchVerdict> {
  stopOnUnhealable(ctx, result);
  const { run, outcome } = result;
  const open = openTasksOf(batch, await ctx.project.tasks()).map((t) => t.id);
  if (outcome.kind !== 'success') return { ok: false, failure: outcome, run, openIds: open };
  if (open.length === 0) return judgeGate(ctx, batch, run, outcome.costUsd);
  const failure: ClassifiedOutcome = {
    kind: 'error',
    message: `${describeIds(open)} still open after the agent reported success`,
    costUsd: outcome.costUsd,
    healable: true,
  };
  logEntry(ctx.orch, 'note', `dual confirmation failed for batch ${batch.index}: ${failure.message}`, {
    executionId: run.executionId,
    openTaskIds: open,
    result: run.resultText,
    tasks: `${ctx.orch.taskProgress.completed}/${ctx.orch.taskProgress.total}`,
  });
  await decider.settleDisagreement(batch, run, open);
  return { ok: false, failure, run, openIds: open };
}

/** The agent's success, unchecked: said as such, never as "confirmed". */
const UNCHECKED = 'the agent reported success; no independent check for this step';

type StepEvidence = Record<string, unknown>;

/** Design made spec.md and tasks.md. */
function confirmDesign(ctx: DriveContext, snap: StatusSnapshot, evidence: StepEvidence): string {
  if (!(snap.hasSpec && snap.hasTasks)) {
    const missing = [!snap.hasSpec && 'spec.md', !snap.hasTasks && 'tasks.md'].filter(Boolean).join(' and ');
    const where = snap.featureDir ? ` in ${relative(ctx.projectPath, snap.featureDir) || '.'}` : '';
    throw new FailStop(`design reported success but ${missing} ${missing.includes(' and ') ? 'are' : 'is'} still missing${where}`, 'unconfirmed', evidence);
  }
  return `design confirmed: spec.md and tasks.md exist (${snap.source} status)`;
}

/** Analyze is read-only: only the status source can say it finished (specflow's step status, or the
 * analysis SpecFlow records in .specflow/orchestration-state.json). */
function confirmAnalyze(ctx: DriveContext, snap: StatusSnapshot): string {
  if (snap.stepCurrent === 'analyze' && /^complete/.test(snap.stepStatus ?? ''))
    return `analyze confirmed by the ${snap.source} status (step analyze: ${snap.stepStatus})`;
  const started = ctx.orch.steps.analyze.startedAt;
  if (snap.analyzeCompletedAt && started && Date.parse(snap.analyzeCompletedAt) >= Date.parse(started) - 1000) {
    return `analyze confirmed: the project state records an analysis completed at ${snap.analyzeCompletedAt}`;
  }
  return `analyze: ${UNCHECKED}`;
}

async function confirmVerify(ctx: DriveContext, evidence: StepEvidence): Promise<string> {
  const open = (await ctx.project.tasks()).tasks.filter((t) => isOpenWork(t, ctx.orch.config.includeOptionalTasks)).map((t) => t.key);
  if (open.length)
    throw new FailStop(`verify reported success but ${describeIds(open)} still open in tasks.md`, 'unconfirmed', { ...evidence, openTaskIds: open });
  const gate = await gateVerdict(ctx, 'verify');
  if (!gate) return 'verify confirmed: no task is open in tasks.md';
  ctx.orch.gate!.verify = gate;
  if (gate.comparison.verdict === 'worse') {
    throw new FailStop(`verify: the test gate is worse than before the run: ${gate.comparison.reason}`, 'gate', {
      ...evidence,
      gate: describeGate(gate.result),
      logPath: gate.result.logPath,
    });
  }
  return `verify confirmed: no task is open in tasks.md and the test gate is no worse than before the run (${describeGate(gate.result)})`;
}

async function confirmMerge(ctx: DriveContext, snap: StatusSnapshot, evidence: StepEvidence): Promise<string> {
  const verdict = await checkMerged(ctx.projectPath, ctx.orch.steps.merge.baseline, snap);
  if (verdict.confirmed === true) return `merge confirmed: ${verdict.how}`;
  if (verdict.confirmed === 'unchecked') return `merge: ${UNCHECKED} (${verdict.why})`;
  throw new FailStop(`merge reported success but ${verdict.why}`, 'unconfirmed', { ...evidence, baseline: ctx.orch.steps.merge.baseline });
}

/** The second half of dual confirmation for a step: the project agrees with the agent's success, or the
 * log says plainly that nothing could check it. */
export async function confirmStep(ctx: DriveContext, step: StepName): Promise<void> {
  const snap = await ctx.project.snapshot();
  const evidence = {
    source: snap.source,
    hasSpec: snap.hasSpec,
    hasPlan: snap.hasPlan,
    hasTasks: snap.hasTasks,
    tasks: `${snap.tasksCompleted}/${snap.tasksTotal}`,
    step: snap.stepCurrent,
    stepStatus: snap.stepStatus,
  };
  const said =
    step === 'design'
      ? confirmDesign(ctx, snap, evidence)
      : step === 'analyze'
        ? confirmAnalyze(ctx, snap)
        : step === 'verify'
          ? await confirmVerify(ctx, evidence)
          : await confirmMerge(ctx, snap, evidence);
  logEntry(ctx.orch, 'note', said, evidence);
}
