// The engine's front door for one project, shared by the headless CLI, the extension host and the HTTP
// API (the seed's routes FR-080…085: start, status, list, cancel, resume, merge). It decides which run to
// act on and takes the ownership lock; the run record, the drive, an undriven cancel and the wait for
// another owner each live in their own module beside this one.
import { inspectClaude, resolveClaude } from '../agent/claudeVersion';
import { formatIssues, mergeConfig, type OrchestrationConfig, type OrchestrationConfigInput } from '../model/config';
import type { OrchestrationExecution } from '../model/execution';
import { assertValidId, InvalidIdError } from '../model/ids';
import { newOrchestrationId } from '../model/newIds';
import { canCancel, canMerge, canPause, canResume, holdsProject, isActive } from '../model/statusPolicy';
import { logEntry } from '../engine/decisionLog';
import type { DriverDeps } from '../engine/driver';
import { EngineEvents } from '../engine/events';
import { change, reopenForResume } from '../engine/lifecycle';
import { endWait } from '../engine/waits';
import { processAgents, type AgentPort, type Clock, type EngineLogger } from '../engine/ports';
import { createStatusProvider, type StatusProvider } from '../status/statusProvider';
import { ExecutionStore, OrchestrationNotFoundError } from '../store/executionStore';
import { isLockLive, LockHeldError, readLock, type OwnershipLock } from '../store/ownershipLock';
import { awaitStatus } from './awaitStatus';
import { sendControlRequest } from './controlChannel';
import { startDriveSession, type DriveSession } from './driveSession';
import { AlreadyInProgressError, ClaudeNotFoundError, InputError, StateConflictError } from './errors';
import { newOrchestration } from './newOrchestration';
import { cancelUndriven } from './offlineCancel';
import { runPreflight, type Preflight } from './preflight';
import { revertBatchIn, type RevertOutcome } from './revertBatch';
import { writeRunReport } from './runReport';
import { takeRunLock } from './runLock';

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
  /** Ports for in-process tests; the real clock and processes otherwise. */
  clock?: Clock;
  agents?: AgentPort;
}

export interface DriveHandle {
  readonly execution: OrchestrationExecution;
  readonly done: Promise<OrchestrationExecution>;
}

export class ProjectOrchestrator {
  readonly store: ExecutionStore;
  /** Run, batch, decision and agent-activity events of every run this process drives. */
  readonly events = new EngineEvents();
  private statusProvider: Promise<StatusProvider> | undefined;
  private readonly active = new Map<string, DriveSession>();

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
        return await this.store.load(assertValidId(id));
      } catch (e) {
        if (e instanceof InvalidIdError || e instanceof OrchestrationNotFoundError) throw new InputError(e.message);
        throw e;
      }
    }
    const all = await this.list();
    const pick = all.find((e) => holdsProject(e.status)) ?? all[0];
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
    let created: OrchestrationExecution | undefined;
    const lock = await this.lockFor(id, async () => {
      const { executions, errors } = await this.store.list();
      for (const e of errors) this.opts.logger.error(e.message); // quarantined files are reported, never silently
      const holding = executions.find((e) => holdsProject(e.status));
      if (holding && isActive(holding.status)) {
        adopt = holding; // its owner is gone (the lock was free): continue it rather than start a second run
        return;
      }
      if (holding) throw new AlreadyInProgressError(holding.id, holding.status, this.projectPath, 'resume or merge it, or cancel it first');
      created = await newOrchestration(this.projectPath, id, config, status);
      await this.store.save(created);
    });
    if (adopt) {
      await lock.retarget(adopt.id);
      logEntry(adopt, 'reconcile', 'a new start found this run active with no live owner: continuing it instead of starting another', { pid: process.pid });
      this.opts.logger.warn(`orchestration ${adopt.id} was left ${adopt.status} by a process that is gone: continuing it`);
      return this.drive(adopt, lock, claudePath, status);
    }
    const orch = created!;
    this.opts.logger.info(`orchestration ${orch.id} started in ${this.projectPath}`);
    void claudeWarning.then((w) => w && orch.warnings.push(w));
    return this.drive(orch, lock, claudePath, status);
  }

  async resume(id?: string, patch?: OrchestrationConfigInput): Promise<DriveHandle> {
    const found = await this.get(id);
    const claudePath = await this.claudePath();
    void this.claudeWarning(claudePath);
    const status = await this.status();
    // A drive of ours that has come to rest (paused) is only writing its report and letting go: the lock waits
    // for it (runLock.ts). One still at work is refused.
    if (this.active.has(found.id) && isActive(found.status)) {
      throw new AlreadyInProgressError(found.id, found.status, this.projectPath, 'this process is driving it');
    }
    let orch = found;
    // Holding the lock means any previous owner is gone: an active run is an orphan we may adopt.
    const lock = await this.lockFor(found.id, async () => {
      orch = await this.store.load(found.id);
      if (!canResume(orch.status, 'gone')) {
        throw new StateConflictError(`orchestration ${orch.id} is ${orch.status}: ${canMerge(orch.status) ? 'merge it instead' : 'nothing to resume'}`, orch);
      }
    });
    try {
      if (patch) orch.config = this.resolveConfig(patch, orch.config);
      if (canResume(orch.status)) {
        reopenForResume(orch, `resumed by the user (was ${orch.status}); continuing from the first unconfirmed step`, {
          budget: orch.config.budget,
          totalCostUsd: orch.totalCostUsd,
        });
      } else logEntry(orch, 'reconcile', 'resume found this run active with no live owner: continuing it', { pid: process.pid });
      await this.store.save(orch);
    } catch (e) {
      await lock.release();
      throw e;
    }
    return this.drive(orch, lock, claudePath, status);
  }

  async merge(id?: string): Promise<DriveHandle> {
    const found = await this.get(id);
    const claudePath = await this.claudePath();
    const status = await this.status();
    let orch = found;
    const lock = await this.lockFor(found.id, async () => {
      orch = await this.store.load(found.id);
      if (!canMerge(orch.status)) throw new StateConflictError(`orchestration ${orch.id} is ${orch.status}, not merge ready: nothing to merge`, orch);
    });
    endWait(orch, Date.now());
    const reason = orch.status === 'waiting' ? 'merge requested by the user past the USER GATE' : 'merge requested by the user';
    change(orch, { status: 'running', phase: 'merge', step: { name: 'merge', to: 'pending' } }, reason);
    await this.store.save(orch);
    return this.drive(orch, lock, claudePath, status, { mergeRequested: true });
  }

  /**
   * Restart recovery (US6): an orchestration left running or healing by an owner that is gone is taken
   * over and continued — re-attaching to its agent if that still runs. One with a live owner is left alone.
   */
  async reconcile(): Promise<DriveHandle | undefined> {
    const all = await this.list();
    const orphan = all.find((e) => isActive(e.status) && !this.active.has(e.id));
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

  private lockFor(id: string, check: () => Promise<void>): Promise<OwnershipLock> {
    return takeRunLock({ projectPath: this.projectPath, owner: this.opts.owner, store: this.store }, id, check);
  }

  private driverDeps(claudePath: string, status: StatusProvider): DriverDeps {
    return {
      projectPath: this.projectPath,
      store: this.store,
      status,
      claudePath,
      ...(this.opts.agentEnv ? { env: this.opts.agentEnv } : {}),
      logger: this.opts.logger,
      events: this.events,
      ...(this.opts.clock ? { clock: this.opts.clock } : {}),
      ...(this.opts.agents ? { agents: this.opts.agents } : {}),
    };
  }

  private drive(
    orch: OrchestrationExecution,
    lock: OwnershipLock,
    claudePath: string,
    status: StatusProvider,
    opts: { mergeRequested?: boolean } = {},
  ): DriveHandle {
    const session = startDriveSession(this.driverDeps(claudePath, status), orch, lock, opts, () => this.active.delete(orch.id));
    this.active.set(orch.id, session);
    return { execution: orch, done: session.done };
  }

  // ---- revert ----------------------------------------------------------------------------------------

  /** Undoes batch `index` of run `id` (or the newest run); refused while any run is active here or elsewhere. */
  async revertBatch(index: number, id?: string): Promise<{ execution: OrchestrationExecution; outcome: RevertOutcome }> {
    const found = await this.get(id);
    const refuse = (o: OrchestrationExecution) => {
      if (isActive(o.status))
        throw new AlreadyInProgressError(o.id, o.status, this.projectPath, 'revert refuses while a run is active: pause or cancel it first');
    };
    refuse(found);
    let orch = found;
    const lock = await this.lockFor(found.id, async () => {
      orch = await this.store.load(found.id);
      refuse(orch);
    });
    try {
      const outcome = await revertBatchIn(this.projectPath, orch, index);
      await this.store.save(orch);
      await writeRunReport(this.projectPath, orch, this.store, this.opts.logger);
      this.events.emit('run', { orchestration: orch });
      return { execution: orch, outcome };
    } finally {
      await lock.release();
    }
  }

  // ---- cancel / pause --------------------------------------------------------------------------------

  async pause(id?: string): Promise<OrchestrationExecution> {
    const orch = await this.get(id);
    const mine = this.active.get(orch.id);
    if (mine) {
      await mine.driver.requestPause();
      return mine.driver.orch;
    }
    if (!canPause(orch.status)) throw new StateConflictError(`orchestration ${orch.id} is ${orch.status}: nothing to pause`, orch);
    await sendControlRequest(this.projectPath, orch.id, 'pause', this.opts.owner);
    return orch;
  }

  /** Cancels wherever the run is driven from: here, another process (control request), or nobody. */
  async cancel(id?: string, opts: { timeoutMs?: number } = {}): Promise<OrchestrationExecution> {
    const orch = await this.get(id);
    if (!canCancel(orch.status)) throw new StateConflictError(`orchestration ${orch.id} is ${orch.status}: nothing to cancel`, orch);
    const mine = this.active.get(orch.id);
    if (mine) {
      mine.driver.cancel();
      return mine.done;
    }
    const holder = await readLock(this.projectPath);
    if (holder && holder.orchestrationId === orch.id && isLockLive(holder)) {
      await sendControlRequest(this.projectPath, orch.id, 'cancel', this.opts.owner);
      return awaitStatus(this.store, orch.id, ['cancelled', 'failed', 'completed', 'budget_exceeded'], opts.timeoutMs ?? 15_000);
    }
    let current = orch;
    const lock = await this.lockFor(orch.id, async () => {
      current = await this.store.load(orch.id);
    });
    try {
      await cancelUndriven(current, this.opts.agents ?? processAgents, this.opts.owner);
      await this.store.save(current);
      await writeRunReport(this.projectPath, current, this.store, this.opts.logger);
      this.events.emit('run', { orchestration: current });
      return current;
    } finally {
      await lock.release();
    }
  }

  /**
   * Lets go of every run this process drives without changing its state or stopping its agent (window
   * reload, terminal closed). The agents keep working; the next owner re-attaches to them.
   */
  async detachAll(): Promise<void> {
    const sessions = [...this.active.values()];
    this.active.clear();
    for (const s of sessions) s.driver.detach();
    await Promise.all(sessions.map((s) => s.release()));
  }
}
