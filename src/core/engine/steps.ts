// The steps around the batches: design, analyze, verify and merge. Each runs its profile's invocations
// (a skill, or a plain prompt where the profile has none) and completes only when the project agrees.
import type { StatusSnapshot } from '../status/statusSchema';
import type { StepName } from '../model/statuses';
import { callAgent, markApplied } from './agentCall';
import { isTotalSpent, totalSpentMessage } from './budget';
import { budgetStop, confirmStep } from './confirmation';
import type { DriveContext } from './context';
import { change } from './lifecycle';
import { gateVerdict } from './gateStage';
import { mergeBaseline } from './mergeCheck';
import { promptContext, stepPrompt } from './prompts';
import { invocationsFor } from './skillProfiles';
import { BudgetStop, CancelStop, FailStop } from './stops';

export async function skipStep(ctx: DriveContext, step: StepName, reason: string, snap: StatusSnapshot): Promise<void> {
  change(ctx.orch, { step: { name: step, to: 'skipped', note: reason } }, `${step} skipped: ${reason}`, { hasSpec: snap.hasSpec, hasTasks: snap.hasTasks });
  await ctx.save();
}

async function runInvocations(ctx: DriveContext, step: StepName): Promise<void> {
  for (const inv of invocationsFor(ctx.orch.config, step)) {
    const skill = inv.kind === 'skill' ? inv.name : `(${inv.purpose} prompt)`;
    // After a restart, invocations that already succeeded are not run again.
    if (ctx.orch.agentRuns.some((r) => r.kind === step && r.skill === skill && r.applied && r.outcome === 'success')) continue;
    const { run, outcome } = await callAgent(ctx, { kind: step, skill, prompt: stepPrompt(inv, step, promptContext(ctx.orch)) });
    markApplied(run);
    if (outcome.kind === 'budget') throw budgetStop(ctx, run, outcome.message);
    if (outcome.kind === 'cancelled') throw new CancelStop(ctx.cancelReason());
    if (outcome.kind !== 'success') {
      throw new FailStop(`${step} failed: ${outcome.message}`, outcome.kind, {
        executionId: run.executionId,
        resultText: run.resultText,
        logPath: run.logPath,
      });
    }
    await ctx.save();
  }
}

/** The verify gate is reused when it ran moments ago (auto-merge right after verify); otherwise the gate runs again. */
async function refuseMergeOnRedGate(ctx: DriveContext): Promise<void> {
  const gate = ctx.orch.gate;
  if (!gate?.spec) return;
  const recent = gate.verify && ctx.clock.now() - Date.parse(gate.verify.result.startedAt) < 60_000 + gate.verify.result.durationMs;
  const evidence = recent ? gate.verify! : await gateVerdict(ctx, 'merge');
  if (evidence && evidence.comparison.verdict === 'worse') {
    throw new FailStop(`merge refused: the test gate is worse than before the run (${evidence.comparison.reason})`, 'gate', {
      logPath: evidence.result.logPath,
    });
  }
}

export async function runStep(ctx: DriveContext, step: StepName, snap: StatusSnapshot): Promise<void> {
  const rec = ctx.orch.steps[step];
  if (rec.status !== 'running') {
    // Merge is confirmed by git afterwards: remember where the branch and HEAD stood before it. And it is
    // refused while SpecFlow's test gate is worse than before the run.
    if (step === 'merge') {
      await refuseMergeOnRedGate(ctx);
      const baseline = await mergeBaseline(ctx.projectPath);
      if (baseline) rec.baseline = { ...baseline };
    }
    change(ctx.orch, { status: 'running', phase: step, step: { name: step, to: 'running' } }, `running ${step}`, {
      nextAction: snap.nextAction,
      source: snap.source,
    });
    await ctx.save();
  }
  await runInvocations(ctx, step);
  await confirmStep(ctx, step);
  change(ctx.orch, { step: { name: step, to: 'completed' } }, `${step} completed`, { costUsd: rec.costUsd });
  if (isTotalSpent(ctx.orch.config, ctx.orch.totalCostUsd)) {
    throw new BudgetStop(totalSpentMessage(ctx.orch.config, ctx.orch.totalCostUsd), { totalCostUsd: ctx.orch.totalCostUsd });
  }
  await ctx.save();
}
