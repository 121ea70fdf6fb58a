// Where the engine asks Claude (read-only, through claudeHelper) instead of guessing:
// 1. after a failed batch: what kind of failure is it, is it recoverable, what is done and what is left;
// 2. when the agent said "success" but tasks.md disagrees: was the work done and left unchecked, or not done?
// Each answer is logged with its structured content; a failed decision never stops the run.
import * as z from 'zod';
import type { ClassifiedOutcome } from '../agent/classifyOutcome';
import { claudeHelper, READ_ONLY_TOOLS, type HelperInvoker } from '../agent/claudeHelper';
import type { AgentRun, BatchItem, OrchestrationExecution } from '../model/execution';
import { markApplied } from './agentCall';
import { callBudget } from './budget';
import type { CallAgent } from './callSpec';
import { logEntry } from './decisionLog';

export const FailureClassificationSchema = z.object({
  recoverable: z.boolean(),
  kind: z.enum(['missing_file', 'syntax_error', 'failing_test', 'dependency', 'rate_limit', 'other']),
  summary: z.string().max(2000),
  tasksDone: z.array(z.string()),
  tasksLeft: z.array(z.string()),
  suggestion: z.string().max(2000),
});
export type FailureClassification = z.infer<typeof FailureClassificationSchema>;

export const DisagreementSchema = z.object({
  verdict: z.enum(['work_not_done', 'work_done_unchecked', 'partially_done', 'unclear']),
  tasksActuallyDone: z.array(z.string()),
  evidence: z.string().max(2000),
});
export type Disagreement = z.infer<typeof DisagreementSchema>;

const DECISION_TIMEOUT_MS = 5 * 60_000;

export class Decider {
  constructor(
    private readonly call: CallAgent,
    private readonly orch: OrchestrationExecution,
    private readonly logger: { warn(m: string): void },
  ) {}

  private invoker(batchIndex: number): HelperInvoker {
    return async (inv, timeoutMs) => {
      const { run, outcome, activity } = await this.call({
        kind: 'decision',
        batchIndex,
        skill: 'claudeHelper',
        prompt: inv.prompt,
        tools: inv.tools ?? READ_ONLY_TOOLS,
        allowedTools: inv.allowedTools ?? READ_ONLY_TOOLS,
        permissionMode: inv.permissionMode ?? 'default',
        jsonSchema: inv.jsonSchema,
        ...(inv.model ? { model: inv.model } : {}),
        ...(inv.resume ? { resume: inv.resume, forkSession: inv.forkSession ?? false } : {}),
        timeoutMs,
      });
      markApplied(run);
      return { classified: outcome, activity, durationMs: run.durationMs ?? 0, timedOut: outcome.kind === 'cancelled', stderrTail: run.stderrTail ?? '' };
    };
  }

  private async ask<T>(batch: BatchItem, schema: z.ZodType<T>, prompt: string, purpose: string): Promise<T | undefined> {
    const cfg = this.orch.config;
    if (!cfg.decisions) return undefined;
    const budget = callBudget(cfg, this.orch.totalCostUsd, 'decision', { index: batch.index, spentUsd: batch.costUsd });
    if (!budget.ok) return undefined;
    const answer = await claudeHelper({
      prompt,
      schema,
      tools: READ_ONLY_TOOLS,
      ...(cfg.decisionModel ? { model: cfg.decisionModel } : {}),
      maxBudgetUsd: budget.maxBudgetUsd,
      timeoutMs: DECISION_TIMEOUT_MS,
      invoke: this.invoker(batch.index),
    });
    if (answer.ok) {
      logEntry(this.orch, 'decision', `${purpose}: ${JSON.stringify(answer.result).slice(0, 300)}`, {
        purpose,
        answer: answer.result,
        costUsd: answer.costUsd,
        sessionId: answer.sessionId,
        model: answer.model,
        repaired: answer.repaired,
      });
      return answer.result;
    }
    logEntry(this.orch, 'note', `${purpose}: the decision call failed (${answer.error}): ${answer.message}; going on without it`, {
      purpose,
      error: answer.error,
      costUsd: answer.costUsd,
    });
    this.logger.warn(`decision call failed (${answer.error}): ${answer.message}`);
    return undefined;
  }

  async classifyFailure(batch: BatchItem, run: AgentRun, failure: ClassifiedOutcome, openIds: string[]): Promise<FailureClassification | undefined> {
    const prompt = [
      'SpecFlow decision: classify why an implement batch failed. You may only read files (Read, Grep, Glob); change nothing.',
      `Tasks file: ${this.orch.tasksPath}`,
      `Batch ${batch.index}: "${batch.name}" with tasks ${batch.taskIds.join(', ')}; still open: ${openIds.join(', ') || 'none'}.`,
      `Failure: ${failure.message}`,
      ...(run.resultText ? ['Agent result:', run.resultText.slice(0, 3000)] : []),
      ...(run.toolErrors.length ? ['Last tool errors:', ...run.toolErrors.slice(-3)] : []),
      ...(run.stderrTail ? ['Stderr tail:', run.stderrTail.slice(-1500)] : []),
      'Answer with: recoverable (can another agent run fix it?), kind (missing_file, syntax_error, failing_test, dependency, rate_limit or other), a one-paragraph summary, tasksDone, tasksLeft, and a concrete suggestion for the fix.',
    ].join('\n');
    return this.ask(batch, FailureClassificationSchema, prompt, `batch ${batch.index} failure classified`);
  }

  async settleDisagreement(batch: BatchItem, run: AgentRun, openIds: string[]): Promise<Disagreement | undefined> {
    const prompt = [
      'SpecFlow decision: an agent reported success, but tasks in tasks.md are still unchecked. Find out whether the work was done. You may only read files (Read, Grep, Glob); change nothing.',
      `Tasks file: ${this.orch.tasksPath}`,
      `Batch ${batch.index}: "${batch.name}". Still unchecked: ${openIds.join(', ')}.`,
      ...(run.resultText ? ['The agent said:', run.resultText.slice(0, 3000)] : []),
      'Answer with a verdict (work_not_done, work_done_unchecked, partially_done or unclear), the task IDs whose work is really in the code, and the evidence.',
    ].join('\n');
    return this.ask(batch, DisagreementSchema, prompt, `batch ${batch.index} success/status disagreement`);
  }
}
