// Auto-healing (FR-040…044, US3): a failed batch gets a healer run that sees the error, the section, the
// attempted/completed/failed tasks, and may only do the remaining ones. The cap is maxHealAttempts; the
// attempt after the last one is never made. Success needs dual confirmation again.
import type { BatchItem, OrchestrationExecution } from '../model/execution';
import { openTasksOf } from './batchSync';
import type { Decider, FailureClassification } from './decisions';
import { healerPrompt } from './prompts';
import type { BatchVerdict, OrchestrationRunner } from './runner';
import { logEntry, transition } from './transitions';

/** Outcomes after which the same heal attempt is retried in its slot (transient wait, fallback model, never started). */
const RETRIED_IN_SLOT = ['transient', 'model_unavailable', 'cancelled'];

/** The current heal attempt of `batch` already had a healer run that was judged. */
function attemptJudged(exec: OrchestrationExecution, batch: BatchItem): boolean {
  return exec.runs.some(
    (r) =>
      r.kind === 'heal' &&
      r.batchIndex === batch.index &&
      r.healAttempt === batch.healAttempts &&
      r.applied &&
      !RETRIED_IN_SLOT.includes(r.outcome ?? 'cancelled'),
  );
}

export class HealingLoop {
  constructor(
    private readonly runner: OrchestrationRunner,
    private readonly decider: Decider,
  ) {}

  /** True when the batch ends healed; false when the run stopped as failed. */
  async heal(batch: BatchItem, first: Extract<BatchVerdict, { ok: false }>): Promise<boolean> {
    const exec = this.runner.exec;
    const cfg = exec.config;
    const total = exec.batches.length;
    let verdict: BatchVerdict = first;
    let classification: FailureClassification | undefined;
    let healerAnswer: string | undefined;
    let firstRound = true;
    while (!verdict.ok) {
      // Only the first round can be a restart in the middle of a heal: the attempt was announced (counted
      // and saved) but has no verdict yet — its healer may be running, finished unseen, or never started
      // (the owner died before recording it). Carry that attempt on instead of counting another.
      const resuming = firstRound && exec.status === 'healing' && batch.healAttempts > 0 && !attemptJudged(exec, batch);
      if (resuming && !exec.runs.some((r) => r.kind === 'heal' && r.batchIndex === batch.index && r.healAttempt === batch.healAttempts && !r.applied)) {
        logEntry(
          exec,
          'reconcile',
          `heal attempt ${batch.healAttempts} of batch ${batch.index} was announced but its healer was never started: starting it now`,
          {
            healAttempt: batch.healAttempts,
          },
        );
      }
      if (!resuming) {
        const why = !verdict.failure.healable
          ? 'this kind of failure cannot be healed by an agent'
          : !cfg.autoHeal
            ? 'auto-heal is off'
            : batch.healAttempts >= cfg.maxHealAttempts
              ? `no heal attempts left (${batch.healAttempts} of ${cfg.maxHealAttempts} used)`
              : undefined;
        if (why) return this.fail(batch, first, verdict, why, classification, healerAnswer);
        classification = (await this.decider.classifyFailure(batch, verdict.run, verdict.failure, verdict.openIds)) ?? classification;
        batch.healAttempts++;
        batch.error = verdict.failure.message;
        this.runner.caller.markApplied(verdict.run);
        transition(
          exec,
          { status: 'healing' },
          `Auto-healing batch ${batch.index}... (attempt ${batch.healAttempts} of ${cfg.maxHealAttempts}): ${verdict.failure.message}`,
          {
            failure: verdict.failure.kind,
            executionId: verdict.run.executionId,
            openTaskIds: verdict.openIds,
            ...(classification ? { classification } : {}),
          },
        );
        await this.runner.save();
      }
      firstRound = false;
      const parsed = await this.runner.readTasks();
      const remaining = openTasksOf(batch, parsed);
      const failedRun = verdict.run;
      const prompt = healerPrompt(
        {
          batch: { index: batch.index, total, name: batch.name },
          error: verdict.failure.message,
          ...(failedRun.resultText ? { resultText: failedRun.resultText } : {}),
          ...(failedRun.stderrTail ? { stderrTail: failedRun.stderrTail } : {}),
          toolErrors: failedRun.toolErrors,
          attempted: batch.taskIds,
          completed: batch.taskIds.filter((id) => !remaining.some((t) => t.id === id)),
          remaining,
          ...(classification ? { classification } : {}),
          attempt: batch.healAttempts,
          maxAttempts: cfg.maxHealAttempts,
        },
        this.runner.promptContext(),
      );
      // Continue the failed conversation in a fork when it has one: the healer sees what was tried.
      const session = failedRun.sessionId;
      const result = await this.runner.caller.call({
        kind: 'heal',
        skill: 'healer',
        batchIndex: batch.index,
        healAttempt: batch.healAttempts,
        prompt,
        ...(session ? { resume: session, forkSession: true } : {}),
      });
      healerAnswer = result.run.resultText ?? result.outcome.message;
      verdict = await this.runner.judgeBatch(batch, result);
      if (verdict.ok) {
        this.runner.caller.markApplied(result.run);
        const healed = () => {
          batch.status = 'healed';
          batch.completedAt = new Date().toISOString();
          delete batch.error;
        };
        transition(
          exec,
          { status: 'running', mutate: healed },
          `batch ${batch.index} of ${total} "${batch.name}" healed on attempt ${batch.healAttempts}: the healer succeeded and tasks.md agrees`,
          {
            executionId: result.run.executionId,
            costUsd: batch.costUsd,
          },
        );
        return true;
      }
      this.runner.caller.markApplied(result.run);
    }
    return false;
  }

  /**
   * `first` is the batch's own failure, `verdict` the last one (the healer's, when one ran): the state keeps
   * both, so the user sees what broke and what the healer answered (FR-044).
   */
  private async fail(
    batch: BatchItem,
    first: Extract<BatchVerdict, { ok: false }>,
    verdict: Extract<BatchVerdict, { ok: false }>,
    why: string,
    classification: FailureClassification | undefined,
    healerAnswer: string | undefined,
  ): Promise<false> {
    const exec = this.runner.exec;
    const logs = exec.runs.filter((r) => r.batchIndex === batch.index && r.kind !== 'decision').map((r) => r.logPath);
    const healerRan = verdict.run !== first.run;
    const message = healerRan
      ? `Batch ${batch.index} "${batch.name}" failed: ${first.failure.message}; auto-healing did not fix it (${batch.healAttempts} ${batch.healAttempts === 1 ? 'attempt' : 'attempts'}): ${verdict.failure.message}`
      : `Batch ${batch.index} "${batch.name}" failed: ${verdict.failure.message}`;
    this.runner.caller.markApplied(verdict.run);
    batch.error = verdict.failure.message;
    exec.error = {
      message,
      kind: verdict.failure.kind,
      at: new Date().toISOString(),
      batchIndex: batch.index,
      details: {
        why,
        openTaskIds: verdict.openIds,
        error: first.failure.message,
        agentResult: first.run.resultText,
        ...(first.run.toolErrors.length ? { toolErrors: first.run.toolErrors.slice(-3) } : {}),
        ...(healerRan ? { healerError: verdict.failure.message } : {}),
        ...(healerAnswer ? { healerAnswer } : {}),
        ...(classification ? { classification } : {}),
        healAttempts: batch.healAttempts,
      },
      logPaths: logs,
    };
    transition(exec, { status: 'failed', mutate: () => (batch.status = 'failed') }, `${message} (${why})`, {
      executionId: verdict.run.executionId,
      openTaskIds: verdict.openIds,
      logPaths: logs,
    });
    await this.runner.save();
    return false;
  }
}
