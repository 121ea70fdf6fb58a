// One agent call as the engine sees it: record it before spawning, spawn (or re-attach after a restart),
// fold its outcome into the state (cost, session, result), and wait out transient API trouble without
// spending a heal attempt. A call is identified by its slot (kind, skill, batch, heal attempt), which is
// how a restarted owner finds the run it must re-attach to instead of starting a duplicate.
import { existsSync, readFileSync } from 'node:fs';
import { activityFromLog } from '../agent/agentActivity';
import { attachAgent, EXECUTION_ENV, spawnAgent, type AgentOutcome } from '../agent/agentRunner';
import { buildClaudeArgs, type ClaudeInvocation } from '../agent/claudeArgs';
import { classifyOutcome, type ClassifiedOutcome } from '../agent/classifyOutcome';
import type { AgentActivity } from '../agent/agentActivity';
import type { AgentRun, OrchestrationExecution, RunKind } from '../model/execution';
import { newExecutionId } from '../model/newIds';
import { findProcessesByEnv, isProcessAlive, processStartTime } from '../process/processInfo';
import { projectRelative, runLogFile, runStderrFile } from '../store/paths';
import { callBudget } from './budget';
import { abortableSleep, BudgetStop, CancelStop } from './stops';
import { logEntry } from './transitions';

export interface CallSpec {
  kind: RunKind;
  skill?: string;
  batchIndex?: number;
  healAttempt?: number;
  prompt: string;
  resume?: string;
  forkSession?: boolean;
  /** Decision calls: restricted tools, schema, own model. */
  tools?: readonly string[];
  jsonSchema?: unknown;
  model?: string;
  permissionMode?: string;
  allowedTools?: readonly string[];
  /** Decision calls end after this long (reported as cancelled; the helper calls it a timeout). */
  timeoutMs?: number;
}

export interface CallResult {
  run: AgentRun;
  outcome: ClassifiedOutcome;
  activity: AgentActivity;
}

export interface CallerHost {
  readonly projectPath: string;
  readonly claudePath: string;
  readonly env: Record<string, string>;
  readonly exec: OrchestrationExecution;
  readonly signal: AbortSignal;
  save(): Promise<void>;
  onActivity?(run: AgentRun, activity: AgentActivity): void;
  log(level: 'info' | 'warn', message: string): void;
}

const MAX_BACKOFF_MS = 15 * 60_000;
const MAX_TRANSIENT_RETRIES = 50;

function sameSlot(run: AgentRun, spec: CallSpec): boolean {
  return run.kind === spec.kind && run.batchIndex === spec.batchIndex && run.healAttempt === spec.healAttempt && run.skill === spec.skill;
}

/** What a stored run says about its ending (used when a restart finds an exited run not yet acted on). */
export function storedOutcome(run: AgentRun): ClassifiedOutcome {
  const kind = run.outcome === 'schema_invalid' ? 'error' : (run.outcome ?? 'crashed');
  return {
    kind,
    message: run.outcomeMessage ?? run.resultText ?? `the agent ended (${kind})`,
    costUsd: run.costUsd,
    healable: kind === 'error' || kind === 'crashed' || kind === 'stale',
  };
}

export class AgentCaller {
  constructor(private readonly host: CallerHost) {}

  private get exec() {
    return this.host.exec;
  }

  /** Runs the call to a non-transient ending. Throws CancelStop or BudgetStop. */
  async call(spec: CallSpec): Promise<CallResult> {
    let transientWaitedMs = 0;
    let transientCount = 0;
    let model = spec.model ?? this.exec.config.model;
    await this.finishInterruptedWait();
    for (;;) {
      if (this.host.signal.aborted) throw new CancelStop();
      const slot = this.exec.runs.filter((r) => sameSlot(r, spec) && !r.applied).at(-1);
      let run: AgentRun;
      let outcome: ClassifiedOutcome;
      let activity: AgentActivity;
      if (slot?.state === 'exited') {
        // Exited before a restart, never acted on: act on it now instead of running it again.
        run = slot;
        outcome = storedOutcome(slot);
        activity = activityFromLog(this.readLog(slot));
      } else {
        const resumed = slot ? await this.resume(slot) : undefined;
        if (resumed) {
          ({ run, activity } = resumed);
          outcome = this.record(run, resumed.outcome, spec.skill);
        } else {
          if (slot) this.markNeverStarted(slot);
          const started = await this.start(spec, model);
          ({ run, activity } = started);
          outcome = this.record(run, started.outcome, spec.skill);
        }
        await this.host.save();
      }

      if (outcome.kind === 'transient') {
        transientCount++;
        const limitMs = this.exec.config.maxRateLimitWaitMinutes * 60_000;
        const backoff = Math.min(this.exec.config.retryBackoffSeconds * 1000 * 2 ** (transientCount - 1), MAX_BACKOFF_MS);
        const waitMs = outcome.retryAt ? Math.max(0, outcome.retryAt - Date.now()) + 5_000 : backoff;
        run.applied = true;
        // Bounded by time and by count (a zero backoff must not spin forever).
        if (transientWaitedMs + waitMs > limitMs || transientCount > MAX_TRANSIENT_RETRIES) {
          await this.host.save();
          return {
            run,
            outcome: {
              ...outcome,
              kind: 'error',
              healable: false,
              message: `${outcome.message} (gave up after ${transientCount - 1} retries over ${Math.round(transientWaitedMs / 60_000)} min)`,
            },
            activity,
          };
        }
        transientWaitedMs += waitMs;
        const until = new Date(Date.now() + waitMs).toISOString();
        const reason = outcome.transientReason === 'rate_limit' || outcome.transientReason === 'usage_limit' ? 'rate_limit' : 'transient_error';
        this.exec.wait = {
          reason,
          message: `Waiting for the API (${outcome.transientReason?.replace('_', ' ')}): retrying at ${until.slice(11, 19)} UTC`,
          since: new Date().toISOString(),
          until,
        };
        logEntry(
          this.exec,
          'note',
          `transient failure, not counted as a failure: ${outcome.message}; retry ${transientCount} in ${Math.round(waitMs / 1000)} s`,
          {
            executionId: run.executionId,
            transientReason: outcome.transientReason,
            waitMs,
            until,
            healAttemptsUsed: spec.batchIndex ? this.exec.batches[spec.batchIndex - 1]?.healAttempts : undefined,
          },
        );
        await this.host.save();
        this.host.log('warn', `${outcome.message}; waiting ${Math.round(waitMs / 1000)} s before retrying`);
        try {
          await abortableSleep(waitMs, this.host.signal);
        } finally {
          delete this.exec.wait;
        }
        continue;
      }

      const fallback = this.exec.config.fallbackModel;
      if (outcome.kind === 'model_unavailable' && fallback && model !== fallback) {
        run.applied = true;
        logEntry(this.exec, 'decision', `model ${model || '(default)'} is unavailable; retrying with the fallback model ${fallback}`, {
          executionId: run.executionId,
          result: outcome.message,
        });
        await this.host.save();
        model = fallback;
        continue;
      }
      return { run, outcome, activity };
    }
  }

  /**
   * A previous owner stopped in the middle of an API wait (rate limit, overload) and left it in the state:
   * wait out what is left of it before calling again, then clear it — it must not outlive the wait.
   */
  private async finishInterruptedWait(): Promise<void> {
    const wait = this.exec.wait;
    if (!wait || (wait.reason !== 'rate_limit' && wait.reason !== 'transient_error')) return;
    const leftMs = Math.max(0, wait.until ? Date.parse(wait.until) - Date.now() : 0);
    const what = wait.reason.replace('_', ' ');
    logEntry(
      this.exec,
      'reconcile',
      leftMs > 0
        ? `the previous owner stopped while waiting for the API (${what}): waiting the remaining ${Math.ceil(leftMs / 1000)} s before retrying`
        : `the previous owner stopped while waiting for the API (${what}): the wait is over, retrying now`,
      { reason: wait.reason, until: wait.until, leftMs },
    );
    try {
      if (leftMs > 0) {
        await this.host.save();
        await abortableSleep(leftMs, this.host.signal);
      }
    } finally {
      delete this.exec.wait;
    }
  }

  /** Marks a run acted upon; callers do it in the same save as the consequences. */
  markApplied(run: AgentRun): void {
    run.applied = true;
  }

  private readLog(run: AgentRun): string {
    try {
      return readFileSync(`${this.host.projectPath}/${run.logPath}`, 'utf8');
    } catch {
      return '';
    }
  }

  private async start(spec: CallSpec, model: string): Promise<{ run: AgentRun; outcome: AgentOutcome; activity: AgentActivity }> {
    const cfg = this.exec.config;
    const budget = callBudget(cfg, this.exec.totalCostUsd, spec.kind);
    if (!budget.ok) throw new BudgetStop(budget.message, { totalCostUsd: this.exec.totalCostUsd, totalUsd: cfg.budget.totalUsd });
    const executionId = newExecutionId();
    const logPath = runLogFile(this.host.projectPath, executionId);
    const stderrPath = runStderrFile(this.host.projectPath, executionId);
    const invocation: ClaudeInvocation = {
      prompt: spec.prompt,
      ...(model ? { model } : {}),
      ...(cfg.fallbackModel ? { fallbackModel: cfg.fallbackModel } : {}),
      permissionMode: spec.permissionMode ?? cfg.permissionMode,
      ...(spec.tools ? { tools: spec.tools } : {}),
      allowedTools: spec.allowedTools ?? cfg.allowedTools,
      maxBudgetUsd: budget.maxBudgetUsd,
      ...(spec.resume ? { resume: spec.resume, forkSession: spec.forkSession ?? true } : {}),
      ...(spec.jsonSchema !== undefined ? { jsonSchema: spec.jsonSchema } : {}),
    };
    const run: AgentRun = {
      executionId,
      kind: spec.kind,
      ...(spec.batchIndex !== undefined ? { batchIndex: spec.batchIndex } : {}),
      ...(spec.healAttempt !== undefined ? { healAttempt: spec.healAttempt } : {}),
      ...(spec.skill ? { skill: spec.skill } : {}),
      state: 'starting',
      startedAt: new Date().toISOString(),
      ...(model ? { model } : {}),
      ...(spec.resume ? { resumedSessionId: spec.resume } : {}),
      maxBudgetUsd: budget.maxBudgetUsd,
      costUsd: 0,
      permissionDenials: [],
      toolErrors: [],
      applied: false,
      logPath: projectRelative(this.host.projectPath, logPath),
      stderrPath: projectRelative(this.host.projectPath, stderrPath),
    };
    this.exec.runs.push(run);
    this.linkExecution(spec, executionId);
    await this.host.save();
    // A skill claude does not know is not always an error: dotted names (/flow.implement) are sent to the
    // model as plain text (realcli README). The init line lists the skills it knows: stop early, pay nothing.
    const skillGuard = new AbortController();
    let missingSkill: string | undefined;
    const signals = [this.host.signal, skillGuard.signal, ...(spec.timeoutMs ? [AbortSignal.timeout(spec.timeoutMs)] : [])];
    const outcome = await spawnAgent({
      claudePath: this.host.claudePath,
      cwd: this.host.projectPath,
      args: buildClaudeArgs(invocation),
      env: { ...this.host.env, ...cfg.agentEnv },
      executionId,
      logPath,
      stderrPath,
      staleAfterMs: cfg.staleAfterMinutes * 60_000,
      signal: AbortSignal.any(signals),
      onSpawn: async (pid, pidStartTime) => {
        run.spawnedAt = new Date().toISOString();
        run.pid = pid;
        if (pidStartTime) run.pidStartTime = pidStartTime;
        run.state = 'running';
        await this.host.save();
      },
      onEvent: (e, activity) => {
        if (e.type === 'init' && spec.skill?.startsWith('/') && e.init.slash_commands && !knowsSkill(e.init.slash_commands, spec.skill)) {
          missingSkill = spec.skill;
          skillGuard.abort();
        }
        this.host.onActivity?.(run, activity);
      },
    });
    if (missingSkill && !this.host.signal.aborted) outcome.missingSkill = missingSkill;
    return { run, outcome, activity: outcome.activity };
  }

  private linkExecution(spec: CallSpec, executionId: string): void {
    if (spec.batchIndex !== undefined && (spec.kind === 'implement' || spec.kind === 'heal')) {
      this.exec.batches[spec.batchIndex - 1]?.executionIds.push(executionId);
    } else if (spec.kind === 'design' || spec.kind === 'analyze' || spec.kind === 'verify' || spec.kind === 'merge') {
      this.exec.steps[spec.kind].executionIds.push(executionId);
    }
  }

  /**
   * A run recorded by a previous owner: re-attach to it if it still runs, read its log if it finished
   * while nobody watched, or report it dead. Undefined means it never started: run it afresh.
   */
  private async resume(run: AgentRun): Promise<{ run: AgentRun; outcome: AgentOutcome; activity: AgentActivity } | undefined> {
    const logPath = `${this.host.projectPath}/${run.logPath}`;
    const stderrPath = `${this.host.projectPath}/${run.stderrPath}`;
    let pid = run.pid;
    let startTime = run.pidStartTime;
    if (!pid) {
      // Spawned just before the previous owner died, before its pid was saved: find it by its marker.
      const found = findProcessesByEnv(EXECUTION_ENV, run.executionId);
      if (found.length) {
        pid = found[0]!;
        startTime = processStartTime(pid);
        run.pid = pid;
        if (startTime) run.pidStartTime = startTime;
        run.state = 'running';
        logEntry(this.exec, 'reconcile', `found agent ${run.executionId} running as pid ${pid} (its pid was never recorded): re-attaching`, {
          executionId: run.executionId,
          pid,
        });
      }
    }
    const base = { executionId: run.executionId, logPath, stderrPath, staleAfterMs: this.exec.config.staleAfterMinutes * 60_000, signal: this.host.signal };
    if (pid && isProcessAlive(pid, startTime)) {
      logEntry(this.exec, 'reconcile', `agent ${run.executionId} (pid ${pid}) is still running: re-attaching to it`, { executionId: run.executionId, pid });
      await this.host.save();
      const outcome = await attachAgent({
        ...base,
        pid,
        ...(startTime ? { pidStartTime: startTime } : {}),
        startedAt: Date.parse(run.startedAt),
        onEvent: (_e, activity) => this.host.onActivity?.(run, activity),
      });
      return { run, outcome, activity: outcome.activity };
    }
    const text = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
    if (!pid && !text.trim()) {
      logEntry(this.exec, 'reconcile', `agent ${run.executionId} never started (no process, empty log): starting the call again`, {
        executionId: run.executionId,
      });
      return undefined;
    }
    const activity = activityFromLog(text);
    logEntry(
      this.exec,
      'reconcile',
      activity.result
        ? `agent ${run.executionId} finished while no owner was watching: applying its result`
        : `agent ${run.executionId} is gone without a result: counting it as failed`,
      { executionId: run.executionId, pid, subtype: activity.result?.subtype, isError: activity.result?.is_error },
    );
    const outcome: AgentOutcome = {
      executionId: run.executionId,
      exitCode: null,
      signal: null,
      activity,
      stale: false,
      cancelled: false,
      attached: true,
      durationMs: Date.now() - Date.parse(run.startedAt),
      stderrTail: existsSync(stderrPath) ? readFileSync(stderrPath, 'utf8').slice(-4000).trim() : '',
    };
    return { run, outcome, activity };
  }

  private markNeverStarted(run: AgentRun): void {
    run.state = 'exited';
    run.applied = true;
    run.outcome = 'cancelled';
    run.outcomeMessage = 'never started (its owner stopped before spawning it)';
    run.endedAt = new Date().toISOString();
  }

  /** Folds an outcome into the run record and the money totals; returns SpecFlow's reading of it. */
  private record(run: AgentRun, o: AgentOutcome, skill: string | undefined): ClassifiedOutcome {
    const c = classifyOutcome(o, skill ? { skill } : {});
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
    this.exec.totalCostUsd = round(this.exec.totalCostUsd + c.costUsd);
    if (run.batchIndex !== undefined) {
      const b = this.exec.batches[run.batchIndex - 1];
      if (b) b.costUsd = round(b.costUsd + c.costUsd);
    } else if (run.kind !== 'decision' && run.kind !== 'implement' && run.kind !== 'heal') {
      this.exec.steps[run.kind].costUsd = round(this.exec.steps[run.kind].costUsd + c.costUsd);
    }
    if (run.permissionDenials.length) {
      this.host.log(
        'warn',
        `agent ${run.executionId} was denied ${run.permissionDenials.length} tool call(s): ${run.permissionDenials.map((d) => d.tool).join(', ')} — allow them in the permission settings if the agent needs them`,
      );
    }
    return c;
  }
}

/** spec-kit installs `/speckit.plan` as the skill folder `speckit-plan`: compare names with . : - alike. */
export function knowsSkill(slashCommands: readonly string[], skill: string): boolean {
  const norm = (n: string) => n.replace(/^\//, '').replace(/[.:-]/g, '-').toLowerCase();
  const want = norm(skill);
  return slashCommands.some((c) => norm(c) === want);
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
