// The engine's front door for one project, shared by the headless CLI and the extension host (the
// seed's API routes FR-080…085: start, status, list, cancel, resume, merge). It owns the ownership
// lock, the control channel and restart recovery; the state machine itself is OrchestrationRunner.
import { basename } from 'node:path';
import type { AgentActivity } from '../agent/agentActivity';
import { EXECUTION_ENV } from '../agent/agentRunner';
import { inspectClaude, resolveClaude } from '../agent/claudeVersion';
import { formatIssues, mergeConfig, type OrchestrationConfig, type OrchestrationConfigInput } from '../model/config';
import { ACTIVE_STATUSES, HOLDING_STATUSES, SCHEMA_VERSION, type AgentRun, type OrchestrationExecution, type RunStatus } from '../model/execution';
import { assertValidId, InvalidIdError } from '../model/ids';
import { newOrchestrationId } from '../model/newIds';
import { killProcessTree } from '../process/killTree';
import { findProcessesByEnv, isProcessAlive } from '../process/processInfo';
import { createStatusProvider, type StatusProvider } from '../status/statusProvider';
import { ExecutionStore, OrchestrationNotFoundError } from '../store/executionStore';
import { acquireOwnership, isLockLive, LockHeldError, readLock, type OwnershipLock } from '../store/ownershipLock';
import { OrchestrationRunner, type EngineLogger } from '../engine/runner';
import { logEntry, transition } from '../engine/transitions';
import { ControlListener, sendControlRequest } from './controlChannel';
import { AlreadyInProgressError, ClaudeNotFoundError, InputError, StateConflictError } from './errors';
import { runPreflight, type Preflight } from './preflight';
import { stateFile } from '../store/paths';
import { watch } from 'node:fs';

export interface OrchestratorOptions {
  /** Who drives, shown to other processes ("specflow-orchestrate", "VS Code window"). */
  owner: string;
  claudePath?: string;
  specflowPath?: string;
  /** Where SPECFLOW_CLAUDE_PATH / PATH are read from. */
  env?: NodeJS.ProcessEnv;
  /** Extra environment for agents on top of config.agentEnv. */
  agentEnv?: Record<string, string>;
  logger: EngineLogger;
  onChange?: (exec: OrchestrationExecution) => void;
  onActivity?: (exec: OrchestrationExecution, run: AgentRun, activity: AgentActivity) => void;
}

export interface DriveHandle {
  readonly execution: OrchestrationExecution;
  readonly done: Promise<OrchestrationExecution>;
}

const CANCELLABLE: readonly RunStatus[] = ['running', 'healing', 'paused', 'waiting', 'merge_ready'];
const RESUMABLE: readonly RunStatus[] = ['paused', 'waiting', 'failed', 'cancelled', 'budget_exceeded'];

export class ProjectOrchestrator {
  readonly store: ExecutionStore;
  private statusProvider: Promise<StatusProvider> | undefined;
  private readonly active = new Map<string, { runner: OrchestrationRunner; done: Promise<OrchestrationExecution>; release: () => Promise<void> }>();

  constructor(
    readonly projectPath: string,
    private readonly opts: OrchestratorOptions,
  ) {
    this.store = new ExecutionStore(projectPath);
  }

  private status(): Promise<StatusProvider> {
    this.statusProvider ??= createStatusProvider(this.opts.specflowPath, this.opts.env);
    return this.statusProvider;
  }

  resolveConfig(input: OrchestrationConfigInput | undefined, base: OrchestrationConfigInput = {}): OrchestrationConfig {
    const parsed = mergeConfig(base, input);
    if (!parsed.success) {
      const issues = formatIssues(parsed.error);
      throw new InputError(`invalid configuration: ${issues.join('; ')}`, issues);
    }
    return parsed.data;
  }

  private async claudePath(): Promise<string> {
    const { requested, path } = await resolveClaude(this.opts.claudePath, this.opts.env);
    if (!path) throw new ClaudeNotFoundError(requested);
    return path;
  }

  /** Reads `claude --version` and warns (never fails) when it is older than supported or unreadable. */
  private async claudeWarning(claudePath: string): Promise<string | undefined> {
    const { warning } = await inspectClaude(claudePath);
    if (warning) this.opts.logger.warn(warning);
    return warning;
  }

  async preflight(input?: OrchestrationConfigInput): Promise<Preflight> {
    const config = this.resolveConfig(input);
    const { path } = await resolveClaude(this.opts.claudePath, this.opts.env);
    return runPreflight(this.projectPath, config, {
      status: await this.status(),
      ...(path ? { claudePath: path } : {}),
      ...(this.opts.env ? { env: this.opts.env } : {}),
    });
  }

  // ---- queries ---------------------------------------------------------------------------------------

  async list(): Promise<OrchestrationExecution[]> {
    const { executions, errors } = await this.store.list();
    for (const e of errors) this.opts.logger.error(e.message);
    return executions;
  }

  /** The run `id`, or the one holding the project, or the newest. */
  async get(id?: string): Promise<OrchestrationExecution> {
    if (id) {
      try {
        assertValidId(id);
      } catch (e) {
        if (e instanceof InvalidIdError) throw new InputError(e.message);
        throw e;
      }
      try {
        return await this.store.load(id);
      } catch (e) {
        if (e instanceof OrchestrationNotFoundError) throw new InputError(e.message);
        throw e;
      }
    }
    const all = await this.list();
    const pick = all.find((e) => HOLDING_STATUSES.includes(e.status)) ?? all[0];
    if (!pick) throw new InputError(`no orchestration found in ${this.projectPath}`);
    return pick;
  }

  isDriving(id: string): boolean {
    return this.active.has(id);
  }

  // ---- start / resume / merge ------------------------------------------------------------------------

  async start(input?: OrchestrationConfigInput): Promise<DriveHandle> {
    const config = this.resolveConfig(input);
    const claudePath = await this.claudePath();
    // `claude --version` takes a moment (a 245 MB binary): check it alongside the start, not before it.
    const claudeWarning = this.claudeWarning(claudePath);
    const status = await this.status();
    const id = newOrchestrationId();
    let adopt: OrchestrationExecution | undefined;
    let exec: OrchestrationExecution | undefined;
    const lock = await this.lockFor(id, async () => {
      const { executions, errors } = await this.store.list();
      for (const e of errors) this.opts.logger.error(e.message); // quarantined files are reported, never silently
      const holding = executions.find((e) => HOLDING_STATUSES.includes(e.status));
      if (holding && ACTIVE_STATUSES.includes(holding.status)) {
        adopt = holding; // its owner is gone (the lock was free): continue it rather than start a second run
        return;
      }
      if (holding) throw new AlreadyInProgressError(holding.id, holding.status, this.projectPath, 'resume or merge it, or cancel it first');
      exec = await this.newExecution(id, config, status);
      await this.store.save(exec);
    });
    if (adopt) {
      await lock.retarget(adopt.id);
      logEntry(adopt, 'reconcile', 'a new start found this run active with no live owner: continuing it instead of starting another', { pid: process.pid });
      this.opts.logger.warn(`orchestration ${adopt.id} was left ${adopt.status} by a process that is gone: continuing it`);
      return this.drive(adopt, lock, claudePath, status);
    }
    this.opts.logger.info(`orchestration ${exec!.id} started in ${this.projectPath}`);
    const started = exec!;
    void claudeWarning.then((w) => w && started.warnings.push(w));
    return this.drive(exec!, lock, claudePath, status);
  }

  async resume(id?: string, patch?: OrchestrationConfigInput): Promise<DriveHandle> {
    const found = await this.get(id);
    const claudePath = await this.claudePath();
    void this.claudeWarning(claudePath);
    const status = await this.status();
    if (this.active.has(found.id)) throw new AlreadyInProgressError(found.id, found.status, this.projectPath, 'this process is driving it');
    let exec = found;
    const lock = await this.lockFor(found.id, async () => {
      exec = await this.store.load(found.id);
      if (!RESUMABLE.includes(exec.status) && !ACTIVE_STATUSES.includes(exec.status)) {
        throw new StateConflictError(
          `orchestration ${exec.id} is ${exec.status}: ${exec.status === 'merge_ready' ? 'merge it instead' : 'nothing to resume'}`,
          exec,
        );
      }
    });
    try {
      if (patch) exec.config = this.resolveConfig(patch, exec.config);
      if (RESUMABLE.includes(exec.status)) this.resetForResume(exec);
      else logEntry(exec, 'reconcile', 'resume found this run active with no live owner: continuing it', { pid: process.pid });
      await this.store.save(exec);
    } catch (e) {
      await lock.release();
      throw e;
    }
    return this.drive(exec, lock, claudePath, status);
  }

  async merge(id?: string): Promise<DriveHandle> {
    const found = await this.get(id);
    const claudePath = await this.claudePath();
    const status = await this.status();
    let exec = found;
    const lock = await this.lockFor(found.id, async () => {
      exec = await this.store.load(found.id);
      if (exec.status !== 'merge_ready' && exec.status !== 'waiting') {
        throw new StateConflictError(`orchestration ${exec.id} is ${exec.status}, not merge ready: nothing to merge`, exec);
      }
    });
    delete exec.wait;
    exec.steps.merge.status = 'pending';
    transition(
      exec,
      { status: 'running', phase: 'merge' },
      exec.status === 'waiting' ? 'merge requested by the user past the USER GATE' : 'merge requested by the user',
    );
    await this.store.save(exec);
    return this.drive(exec, lock, claudePath, status, { mergeRequested: true });
  }

  /**
   * Restart recovery (US6): an orchestration left running or healing by an owner that is gone is taken
   * over and continued — re-attaching to its agent if that still runs. One with a live owner is left alone.
   */
  async reconcile(): Promise<DriveHandle | undefined> {
    const all = await this.list();
    const orphan = all.find((e) => ACTIVE_STATUSES.includes(e.status) && !this.active.has(e.id));
    if (!orphan) return undefined;
    const live = await readLock(this.projectPath);
    if (live && isLockLive(live)) return undefined;
    try {
      return await this.resume(orphan.id);
    } catch (e) {
      if (e instanceof LockHeldError || e instanceof AlreadyInProgressError) return undefined;
      throw e;
    }
  }

  private resetForResume(exec: OrchestrationExecution): void {
    const from = exec.status;
    for (const b of exec.batches) {
      if (b.status === 'failed' || b.status === 'cancelled') {
        b.status = 'pending';
        b.healAttempts = 0;
        delete b.error;
      }
    }
    for (const s of ['design', 'analyze', 'verify', 'merge'] as const) {
      if (exec.steps[s].status === 'failed' || exec.steps[s].status === 'cancelled') {
        exec.steps[s].status = 'pending';
        delete exec.steps[s].error;
      }
    }
    delete exec.wait;
    delete exec.error;
    delete exec.completedAt;
    exec.pauseRequested = false;
    transition(exec, { status: 'running' }, `resumed by the user (was ${from}); continuing from the first unconfirmed step`, {
      budget: exec.config.budget,
      totalCostUsd: exec.totalCostUsd,
    });
  }

  private async lockFor(id: string, check: () => Promise<void>): Promise<OwnershipLock> {
    try {
      return await acquireOwnership(this.projectPath, id, this.opts.owner, check);
    } catch (e) {
      if (e instanceof LockHeldError) {
        const held = await this.store.load(e.holder.orchestrationId).catch(() => undefined);
        throw new AlreadyInProgressError(
          e.holder.orchestrationId,
          held?.status ?? 'running',
          this.projectPath,
          `driven by ${e.holder.owner} pid ${e.holder.pid} on ${e.holder.host}`,
        );
      }
      throw e;
    }
  }

  private async newExecution(id: string, config: OrchestrationConfig, status: StatusProvider): Promise<OrchestrationExecution> {
    const pre = await runPreflight(this.projectPath, config, { status, inspect: false, claudePath: 'claude' });
    const now = new Date().toISOString();
    const step = { status: 'pending' as const, executionIds: [], costUsd: 0 };
    const exec: OrchestrationExecution = {
      schemaVersion: SCHEMA_VERSION,
      id,
      projectPath: this.projectPath,
      projectName: basename(this.projectPath),
      ...(pre.featureDir ? { featureDir: pre.featureDir } : {}),
      ...(pre.tasksPath ? { tasksPath: pre.tasksPath } : {}),
      status: 'running',
      phase: 'design',
      config,
      createdAt: now,
      startedAt: now,
      updatedAt: now,
      steps: { design: { ...step }, analyze: { ...step }, verify: { ...step }, merge: { ...step } },
      batches: [],
      fallback: false,
      taskProgress: pre.plan ? { completed: pre.plan.completedTasks, total: pre.plan.totalTasks } : { completed: 0, total: 0 },
      runs: [],
      totalCostUsd: 0,
      warnings: pre.warnings.filter((w) => w.code !== 'claude_missing').map((w) => w.message),
      pauseRequested: false,
      decisionLog: [],
      decisionLogArchived: 0,
    };
    logEntry(exec, 'note', `orchestration started${pre.planText ? `: ${pre.planText}` : ''}`, {
      // agentEnv may hold a key or a token: the log names the variables, never their values
      config: { ...config, agentEnv: Object.fromEntries(Object.keys(config.agentEnv).map((k) => [k, '***'])) },
      featureDir: pre.featureDir,
      statusSource: status.source,
      warnings: exec.warnings,
    });
    return exec;
  }

  private drive(
    exec: OrchestrationExecution,
    lock: OwnershipLock,
    claudePath: string,
    status: StatusProvider,
    opts: { mergeRequested?: boolean } = {},
  ): DriveHandle {
    const runner = new OrchestrationRunner(
      {
        projectPath: this.projectPath,
        store: this.store,
        status,
        claudePath,
        ...(this.opts.agentEnv ? { env: this.opts.agentEnv } : {}),
        logger: this.opts.logger,
        ...(this.opts.onChange ? { onChange: this.opts.onChange } : {}),
        ...(this.opts.onActivity ? { onActivity: this.opts.onActivity } : {}),
      },
      exec,
    );
    const control = new ControlListener(this.projectPath, exec.id, async (r) => {
      this.opts.logger.info(`${r.action} requested by ${r.by} (pid ${r.pid})`);
      if (r.action === 'cancel') runner.cancel(`cancelled by ${r.by} (pid ${r.pid})`);
      if (r.action === 'pause') await runner.requestPause();
    });
    lock.onLost(() => {
      this.opts.logger.error(`another process took over orchestration ${exec.id}; this process stops driving it`);
      runner.cancel('ownership lost');
    });
    const done = (async () => {
      await control.start();
      try {
        this.opts.onChange?.(exec);
        return await runner.drive(opts);
      } finally {
        control.close();
        this.active.delete(exec.id);
        await lock.release();
      }
    })();
    this.active.set(exec.id, { runner, done, release: () => (control.close(), lock.release()) });
    return { execution: exec, done };
  }

  // ---- cancel / pause --------------------------------------------------------------------------------

  async pause(id?: string): Promise<OrchestrationExecution> {
    const exec = await this.get(id);
    const mine = this.active.get(exec.id);
    if (mine) {
      await mine.runner.requestPause();
      return mine.runner.exec;
    }
    if (!ACTIVE_STATUSES.includes(exec.status)) throw new StateConflictError(`orchestration ${exec.id} is ${exec.status}: nothing to pause`, exec);
    await sendControlRequest(this.projectPath, exec.id, 'pause', this.opts.owner);
    return exec;
  }

  /** Cancels wherever the run is driven from: here, another process (control request), or nobody. */
  async cancel(id?: string, opts: { timeoutMs?: number } = {}): Promise<OrchestrationExecution> {
    const exec = await this.get(id);
    if (!CANCELLABLE.includes(exec.status)) throw new StateConflictError(`orchestration ${exec.id} is ${exec.status}: nothing to cancel`, exec);
    const mine = this.active.get(exec.id);
    if (mine) {
      mine.runner.cancel();
      return mine.done;
    }
    const holder = await readLock(this.projectPath);
    if (holder && holder.orchestrationId === exec.id && isLockLive(holder)) {
      await sendControlRequest(this.projectPath, exec.id, 'cancel', this.opts.owner);
      return this.waitForStatus(exec.id, ['cancelled', 'failed', 'completed', 'budget_exceeded'], opts.timeoutMs ?? 15_000);
    }
    // Nobody drives it: cancel it here, stopping any agent it left running.
    let current = exec;
    const lock = await this.lockFor(exec.id, async () => {
      current = await this.store.load(exec.id);
    });
    try {
      for (const run of current.runs.filter((r) => r.state !== 'exited')) {
        // An agent whose pid was never saved (its owner died just after spawning it) is found by its marker.
        const pids = run.pid ? [run.pid] : findProcessesByEnv(EXECUTION_ENV, run.executionId);
        for (const pid of pids) {
          if (isProcessAlive(pid, run.pid ? run.pidStartTime : undefined))
            await killProcessTree(pid, { ...(run.pid && run.pidStartTime ? { startTime: run.pidStartTime } : {}) });
        }
        run.state = 'exited';
        run.applied = true;
        run.outcome = 'cancelled';
        run.endedAt = new Date().toISOString();
      }
      const running = current.batches.find((b) => b.status === 'running');
      delete current.wait;
      transition(
        current,
        { status: 'cancelled', mutate: () => running && (running.status = 'cancelled') },
        `cancelled by ${this.opts.owner} (no live owner was driving it)`,
        { batch: running?.index },
      );
      await this.store.save(current);
      this.opts.onChange?.(current);
      return current;
    } finally {
      await lock.release();
    }
  }

  private waitForStatus(id: string, statuses: readonly RunStatus[], timeoutMs: number): Promise<OrchestrationExecution> {
    return new Promise((resolve, reject) => {
      const file = stateFile(this.projectPath, id);
      let settled = false;
      const check = async () => {
        const e = await this.store.load(id).catch(() => undefined);
        if (!settled && e && statuses.includes(e.status)) {
          settled = true;
          cleanup();
          resolve(e);
        }
      };
      const watcher = watch(file, () => void check());
      watcher.on('error', () => undefined);
      const poll = setInterval(() => void check(), 250);
      const timer = setTimeout(async () => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(new Error(`the owner of orchestration ${id} did not act on the request within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const cleanup = () => {
        watcher.close();
        clearInterval(poll);
        clearTimeout(timer);
      };
      void check();
    });
  }

  /**
   * Lets go of every run this process drives without changing its state or stopping its agent (window
   * reload, terminal closed). The agents keep working; the next owner re-attaches to them.
   */
  async detachAll(): Promise<void> {
    const locks = [...this.active.values()];
    this.active.clear();
    for (const a of locks) a.runner.detach();
    await Promise.all(locks.map((a) => a.release()));
  }
}
