// The state machine's driver: design → analyze → implement (batch by batch) → verify → merge.
// It decides with pure functions (decideNext, syncBatches, callBudget), acts through AgentCaller, and
// moves on only when the agent's ending and the project's files agree (dual confirmation, FR-022).
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { AgentActivity } from '../agent/agentActivity';
import type { ClassifiedOutcome } from '../agent/classifyOutcome';
import type { AgentRun, BatchItem, OrchestrationExecution, StepName } from '../model/execution';
import type { StatusProvider } from '../status/statusProvider';
import type { StatusSnapshot } from '../status/statusSchema';
import type { ExecutionStore } from '../store/executionStore';
import { parseTasks, type ParsedTasks } from '../tasks/parseTasks';
import { AgentCaller, type CallResult } from './agentCalls';
import { batchesFromPlan, openTasksOf, planFromParsed, syncBatches } from './batchSync';
import { decideNext } from './decide';
import { Decider } from './decisions';
import { HealingLoop } from './healing';
import { batchPrompt, stepPrompt, type PromptContext } from './prompts';
import { invocationsFor } from './skillProfiles';
import { BudgetStop, CancelStop, FailStop } from './stops';
import { logEntry, transition } from './transitions';
import { budgetHitMessage, isTotalSpent, totalSpentMessage } from './budget';
import { describeIds } from './wording';

export interface EngineLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerDeps {
  projectPath: string;
  store: ExecutionStore;
  status: StatusProvider;
  claudePath: string;
  /** Extra environment for every agent (on top of config.agentEnv). */
  env?: Record<string, string>;
  logger: EngineLogger;
  onChange?: (exec: OrchestrationExecution) => void;
  onActivity?: (exec: OrchestrationExecution, run: AgentRun, activity: AgentActivity) => void;
}

export type BatchVerdict = { ok: true } | { ok: false; failure: ClassifiedOutcome; run: AgentRun; openIds: string[] };

export class OrchestrationRunner {
  private readonly abort = new AbortController();
  readonly caller: AgentCaller;
  private readonly decider: Decider;
  private cancelReason: string | undefined;

  constructor(
    private readonly deps: RunnerDeps,
    readonly exec: OrchestrationExecution,
  ) {
    this.caller = new AgentCaller({
      projectPath: deps.projectPath,
      claudePath: deps.claudePath,
      env: deps.env ?? {},
      exec,
      signal: this.abort.signal,
      save: () => this.save(),
      onActivity: (run, activity) => {
        this.noticeTasksEdit(activity);
        deps.onActivity?.(exec, run, activity);
      },
      log: (level, m) => deps.logger[level](m),
    });
    this.decider = new Decider(this.caller, exec, deps.logger);
  }

  get projectPath(): string {
    return this.deps.projectPath;
  }

  private tasksRecount: NodeJS.Timeout | undefined;

  /** An agent edited tasks.md: recount it (debounced) so "Tasks: 12/35" moves during a batch, not only at its end. */
  private noticeTasksEdit(activity: AgentActivity): void {
    const tool = activity.currentTool;
    if (!tool?.target || !this.exec.tasksPath || !['Edit', 'Write', 'MultiEdit'].includes(tool.name)) return;
    if (!tool.target.endsWith(this.exec.tasksPath)) return;
    clearTimeout(this.tasksRecount);
    this.tasksRecount = setTimeout(() => {
      void this.readTasks()
        .then(() => this.deps.onChange?.(this.exec))
        .catch(() => undefined);
    }, 200);
  }

  private detached = false;

  async save(): Promise<void> {
    if (this.detached) return;
    await this.deps.store.save(this.exec);
    this.deps.onChange?.(this.exec);
  }

  /**
   * Stops driving from this process without touching the state or the agent (window reload, terminal
   * closed): the agent keeps working and the next owner re-attaches to it.
   */
  detach(): void {
    this.detached = true;
  }

  /** Stops the current agent (its whole tree) and ends the drive as cancelled. */
  cancel(reason = 'cancelled by the user'): void {
    this.cancelReason = reason;
    this.abort.abort();
  }

  get cancelling(): boolean {
    return this.abort.signal.aborted;
  }

  /** Takes effect at the next batch boundary, so no agent's work is cut in half. */
  async requestPause(): Promise<void> {
    if (this.exec.pauseRequested) return;
    this.exec.pauseRequested = true;
    logEntry(this.exec, 'note', 'pause requested: the run pauses when the current batch ends');
    await this.save();
  }

  promptContext(): PromptContext {
    return {
      featureDir: this.exec.featureDir ?? '(the feature directory design creates)',
      tasksFile: this.exec.tasksPath ?? '(tasks.md in the feature directory)',
      additionalContext: this.exec.config.additionalContext,
    };
  }

  async readTasks(): Promise<ParsedTasks> {
    if (!this.exec.tasksPath)
      throw new FailStop('no tasks.md: the project has no feature directory with a tasks.md (run design, or create it)', 'missing_tasks');
    let text: string;
    try {
      text = await readFile(join(this.projectPath, this.exec.tasksPath), 'utf8');
    } catch {
      throw new FailStop(`tasks.md not found at ${this.exec.tasksPath}: run design or create it`, 'missing_tasks');
    }
    const parsed = parseTasks(text);
    this.exec.taskProgress = { completed: parsed.tasks.filter((t) => t.status === 'done').length, total: parsed.tasks.length };
    return parsed;
  }

  private adoptLocation(snap: StatusSnapshot): void {
    if (!snap.featureDir) return;
    const rel = relative(this.projectPath, snap.featureDir) || '.';
    this.exec.featureDir = rel;
    this.exec.tasksPath = rel === '.' ? 'tasks.md' : `${rel}/tasks.md`;
  }

  private async snapshot(): Promise<StatusSnapshot> {
    const snap = await this.deps.status.snapshot(this.projectPath);
    for (const w of snap.warnings) this.deps.logger.warn(w);
    this.adoptLocation(snap);
    return snap;
  }

  /** Drives until the run rests (paused, waiting, merge ready, failed, cancelled…) or completes. */
  async drive(opts: { mergeRequested?: boolean } = {}): Promise<OrchestrationExecution> {
    try {
      for (;;) {
        if (this.cancelling) throw new CancelStop(this.cancelReason);
        const snap = await this.snapshot();
        const next = decideNext({ ...this.exec, planned: Boolean(this.exec.plannedAt) }, snap, opts);
        switch (next.kind) {
          case 'skip':
            this.exec.steps[next.step].status = 'skipped';
            this.exec.steps[next.step].note = next.reason;
            transition(this.exec, {}, `${next.step} skipped: ${next.reason}`, { hasSpec: snap.hasSpec, hasTasks: snap.hasTasks });
            await this.save();
            break;
          case 'step':
            await this.runStep(next.step, snap);
            if (next.step === 'merge') opts = { ...opts, mergeRequested: false };
            break;
          case 'plan':
            await this.plan();
            break;
          case 'batch':
            if (!(await this.runBatch(next.index))) return this.exec;
            break;
          case 'gate':
            this.exec.wait = { reason: 'user_gate', message: 'Waiting at the USER GATE: confirm the phase, then merge', since: new Date().toISOString() };
            transition(this.exec, { status: 'waiting', phase: 'verify' }, 'the phase has a USER GATE: waiting for the user to confirm before merging', {
              hasUserGate: snap.hasUserGate,
              userGateStatus: snap.userGateStatus,
            });
            await this.save();
            return this.exec;
          case 'merge_ready':
            transition(this.exec, { status: 'merge_ready', phase: 'merge' }, 'verify passed and auto-merge is off: merge ready, waiting for the user (US4-4)');
            await this.save();
            return this.exec;
          case 'done':
            this.exec.completedAt = new Date().toISOString();
            transition(this.exec, { status: 'completed', phase: 'merge' }, 'merge finished: the phase is complete', { totalCostUsd: this.exec.totalCostUsd });
            await this.save();
            return this.exec;
        }
      }
    } catch (e) {
      await this.stopOn(e);
      return this.exec;
    }
  }

  private async stopOn(e: unknown): Promise<void> {
    const running = this.exec.batches.find((b) => b.status === 'running');
    const step = (['design', 'analyze', 'verify', 'merge'] as const).find((s) => this.exec.steps[s].status === 'running');
    delete this.exec.wait;
    this.exec.pauseRequested = false;
    if (e instanceof CancelStop) {
      const stop = () => {
        if (running) running.status = 'cancelled';
        if (step) this.exec.steps[step].status = 'cancelled';
      };
      transition(this.exec, { status: 'cancelled', mutate: stop }, e.message, { batch: running?.index, step });
    } else if (e instanceof BudgetStop) {
      const stop = () => {
        if (running) ((running.status = 'failed'), (running.error = `stopped: ${e.message}`));
        if (step) this.exec.steps[step].status = 'failed';
      };
      this.exec.error = { message: e.message, kind: 'budget_exceeded', at: new Date().toISOString(), details: e.evidence, logPaths: this.recentLogs() };
      transition(this.exec, { status: 'budget_exceeded', mutate: stop }, `budget exceeded: ${e.message}. Raise the budget and resume.`, {
        ...e.evidence,
        totalCostUsd: this.exec.totalCostUsd,
      });
    } else {
      const fail = e instanceof FailStop ? e : new FailStop(`internal error: ${(e as Error)?.message ?? String(e)}`, 'internal');
      const stop = () => {
        if (running) ((running.status = 'failed'), (running.error = fail.message));
        if (step) ((this.exec.steps[step].status = 'failed'), (this.exec.steps[step].error = fail.message));
      };
      this.exec.error = {
        message: fail.message,
        kind: fail.kind,
        at: new Date().toISOString(),
        ...(running ? { batchIndex: running.index } : {}),
        details: fail.evidence,
        logPaths: this.recentLogs(),
      };
      transition(this.exec, { status: 'failed', mutate: stop }, fail.message, fail.evidence);
      if (fail.kind === 'internal') this.deps.logger.error(String((e as Error)?.stack ?? e));
    }
    await this.save();
  }

  recentLogs(): string[] {
    return this.exec.runs.slice(-3).map((r) => r.logPath);
  }

  private async plan(): Promise<void> {
    const parsed = await this.readTasks();
    const plan = planFromParsed(parsed, this.exec.config.batchSizeFallback);
    this.exec.batches = batchesFromPlan(plan);
    this.exec.fallback = plan.fallback;
    this.exec.plannedAt = new Date().toISOString();
    transition(
      this.exec,
      { phase: 'implement' },
      `Detected ${plan.batches.length} ${plan.batches.length === 1 ? 'batch' : 'batches'} from tasks.md${plan.fallback ? ` (no ## sections: fixed batches of ${plan.batchSize})` : ''}`,
      {
        batches: plan.batches.map((b) => ({ index: b.index, name: b.name, taskIds: b.taskIds })),
        warnings: plan.warnings,
        completedTasks: plan.completedTasks,
        totalTasks: plan.totalTasks,
      },
    );
    await this.save();
  }

  // ---- steps: design, analyze, verify, merge -------------------------------------------------------

  private async runStep(step: StepName, snap: StatusSnapshot): Promise<void> {
    const rec = this.exec.steps[step];
    if (rec.status !== 'running') {
      rec.status = 'running';
      rec.startedAt = new Date().toISOString();
      transition(this.exec, { status: 'running', phase: step }, `running ${step}`, { nextAction: snap.nextAction, source: snap.source });
      await this.save();
    }
    const invocations = invocationsFor(this.exec.config, step);
    for (const inv of invocations) {
      const skill = inv.kind === 'skill' ? inv.name : `(${inv.purpose} prompt)`;
      if (this.exec.runs.some((r) => r.kind === step && r.skill === skill && r.applied && r.outcome === 'success')) continue;
      const { run, outcome } = await this.caller.call({ kind: step, skill, prompt: stepPrompt(inv, step, this.promptContext()) });
      if (outcome.kind !== 'success') {
        this.caller.markApplied(run);
        if (outcome.kind === 'budget') {
          throw new BudgetStop(budgetHitMessage(this.exec.config, run, this.exec.totalCostUsd), {
            executionId: run.executionId,
            result: outcome.message,
            costUsd: run.costUsd,
            maxBudgetUsd: run.maxBudgetUsd,
          });
        }
        if (outcome.kind === 'cancelled') throw new CancelStop(this.cancelReason);
        throw new FailStop(`${step} failed: ${outcome.message}`, outcome.kind, {
          executionId: run.executionId,
          resultText: run.resultText,
          logPath: run.logPath,
        });
      }
      this.caller.markApplied(run);
      await this.save();
    }
    await this.confirmStep(step);
    rec.status = 'completed';
    rec.completedAt = new Date().toISOString();
    transition(this.exec, {}, `${step} completed (agent succeeded and the project agrees)`, { costUsd: rec.costUsd });
    if (isTotalSpent(this.exec.config, this.exec.totalCostUsd))
      throw new BudgetStop(totalSpentMessage(this.exec.config, this.exec.totalCostUsd), { totalCostUsd: this.exec.totalCostUsd });
    await this.save();
  }

  /** The second half of dual confirmation for a step: the files agree with the agent's success. */
  private async confirmStep(step: StepName): Promise<void> {
    const snap = await this.snapshot();
    const evidence = {
      source: snap.source,
      hasSpec: snap.hasSpec,
      hasPlan: snap.hasPlan,
      hasTasks: snap.hasTasks,
      tasks: `${snap.tasksCompleted}/${snap.tasksTotal}`,
    };
    if (step === 'design' && !(snap.hasSpec && snap.hasTasks)) {
      const missing = [!snap.hasSpec && 'spec.md', !snap.hasTasks && 'tasks.md'].filter(Boolean).join(' and ');
      throw new FailStop(
        `design reported success but ${missing} ${missing.includes(' and ') ? 'are' : 'is'} still missing${snap.featureDir ? ` in ${relative(this.projectPath, snap.featureDir) || '.'}` : ''}`,
        'unconfirmed',
        evidence,
      );
    }
    if (step === 'verify') {
      const parsed = await this.readTasks();
      const open = parsed.tasks.filter((t) => t.status === 'open').map((t) => t.id);
      if (open.length)
        throw new FailStop(`verify reported success but ${describeIds(open)} still open in tasks.md`, 'unconfirmed', { ...evidence, openTaskIds: open });
    }
    logEntry(this.exec, 'note', `${step} confirmed by the project status`, evidence);
  }

  // ---- implement batches ---------------------------------------------------------------------------

  /** Returns false when the drive must stop (paused or failed). */
  private async runBatch(index: number): Promise<boolean> {
    const parsed = await this.readTasks();
    // Re-plan from tasks.md only between batches. A batch already running means a restart, maybe with
    // its agent still editing tasks.md (re-attached): a torn read would mark unstarted batches done.
    if (this.exec.batches[index - 1]?.status !== 'running') {
      const synced = syncBatches(this.exec.batches, parsed, { fallback: this.exec.fallback, batchSize: this.exec.config.batchSizeFallback });
      this.exec.batches = synced.batches;
      for (const n of synced.notes) logEntry(this.exec, 'note', n);
    }
    const batch = this.exec.batches[index - 1]!;
    if (batch.status === 'completed') {
      await this.save();
      return true;
    }
    const total = this.exec.batches.length;
    if (batch.status === 'pending') {
      const start = () => {
        batch.status = 'running';
        batch.startedAt = new Date().toISOString();
      };
      transition(this.exec, { status: 'running', phase: 'implement', mutate: start }, `Implementing batch ${index} of ${total}: ${batch.name}`, {
        taskIds: openTasksOf(batch, parsed).map((t) => t.id),
      });
      await this.save();
    }
    let verdict: BatchVerdict;
    if (this.exec.status === 'healing') {
      // restarted while healing: the healing loop picks up its own unfinished run
      verdict = {
        ok: false,
        failure: { kind: 'error', message: batch.error ?? 'resumed while healing', costUsd: 0, healable: true },
        run: this.lastRun(batch)!,
        openIds: openTasksOf(batch, parsed).map((t) => t.id),
      };
    } else {
      const skill = invocationsFor(this.exec.config, 'implement')[0]!;
      const skillName = skill.kind === 'skill' ? skill.name : '/flow.implement';
      const tasks = openTasksOf(batch, parsed);
      const result = await this.caller.call({
        kind: 'implement',
        skill: skillName,
        batchIndex: index,
        prompt: batchPrompt(skillName, { index, total, name: batch.name, tasks }, this.promptContext()),
      });
      verdict = await this.judgeBatch(batch, result);
    }
    if (!verdict.ok) {
      const healed = await new HealingLoop(this, this.decider).heal(batch, verdict);
      if (!healed) return false;
    } else {
      const last = this.lastRun(batch);
      if (last) this.caller.markApplied(last);
      const complete = () => {
        batch.status = 'completed';
        batch.completedAt = new Date().toISOString();
        delete batch.error;
      };
      transition(
        this.exec,
        { status: 'running', mutate: complete },
        `batch ${index} of ${total} "${batch.name}" completed: the agent succeeded and tasks.md shows ${describeIds(batch.taskIds, 'checked')}`,
        {
          executionIds: batch.executionIds,
          costUsd: batch.costUsd,
          tasks: `${this.exec.taskProgress.completed}/${this.exec.taskProgress.total}`,
        },
      );
    }
    if (isTotalSpent(this.exec.config, this.exec.totalCostUsd))
      throw new BudgetStop(totalSpentMessage(this.exec.config, this.exec.totalCostUsd), { totalCostUsd: this.exec.totalCostUsd });
    const morePending = this.exec.batches.some((b) => b.status === 'pending');
    if (this.exec.pauseRequested || (this.exec.config.pauseBetweenBatches && morePending)) {
      const byUser = this.exec.pauseRequested;
      this.exec.pauseRequested = false;
      this.exec.wait = {
        reason: byUser ? 'user_pause' : 'pause_between_batches',
        message: byUser ? 'Paused by the user: resume to continue' : `Paused after batch ${index} (pause between batches): resume to continue`,
        since: new Date().toISOString(),
      };
      transition(
        this.exec,
        { status: 'paused' },
        byUser ? 'paused at the batch boundary as the user asked' : 'pauseBetweenBatches is on: paused until resume',
        { nextBatch: this.exec.batches.find((b) => b.status === 'pending')?.index },
      );
      await this.save();
      return false;
    }
    await this.save();
    return true;
  }

  lastRun(batch: BatchItem): AgentRun | undefined {
    return this.exec.runs.filter((r) => r.batchIndex === batch.index && (r.kind === 'implement' || r.kind === 'heal')).at(-1);
  }

  /** Dual confirmation for a batch: a successful ending AND every task of the batch checked in tasks.md. */
  async judgeBatch(batch: BatchItem, result: CallResult): Promise<BatchVerdict> {
    // The run is marked applied by whoever saves its consequences (completion, healing, failure), so a
    // restart before that save re-judges the same run instead of starting the batch again.
    const { run, outcome } = result;
    if (['cancelled', 'budget', 'unknown_skill'].includes(outcome.kind)) this.caller.markApplied(run);
    if (outcome.kind === 'cancelled') throw new CancelStop(this.cancelReason);
    if (outcome.kind === 'budget') {
      throw new BudgetStop(budgetHitMessage(this.exec.config, run, this.exec.totalCostUsd), {
        executionId: run.executionId,
        result: outcome.message,
        costUsd: run.costUsd,
        maxBudgetUsd: run.maxBudgetUsd,
      });
    }
    if (outcome.kind === 'unknown_skill') {
      throw new FailStop(outcome.message, 'unknown_skill', { executionId: run.executionId, result: run.resultText, missingSkill: outcome.missingSkill });
    }
    const parsed = await this.readTasks();
    const open = openTasksOf(batch, parsed).map((t) => t.id);
    if (outcome.kind === 'success') {
      if (open.length === 0) return { ok: true };
      const failure: ClassifiedOutcome = {
        kind: 'error',
        message: `${describeIds(open)} still open after the agent reported success`,
        costUsd: outcome.costUsd,
        healable: true,
      };
      logEntry(this.exec, 'note', `dual confirmation failed for batch ${batch.index}: ${failure.message}`, {
        executionId: run.executionId,
        openTaskIds: open,
        result: run.resultText,
        tasks: `${this.exec.taskProgress.completed}/${this.exec.taskProgress.total}`,
      });
      await this.decider.settleDisagreement(batch, run, open);
      return { ok: false, failure, run, openIds: open };
    }
    return { ok: false, failure: outcome, run, openIds: open };
  }
}
