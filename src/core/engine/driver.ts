// The state machine's driver: design → analyze → implement (batch by batch) → verify → merge. It only
// sequences: decideNext (pure) says what comes next, a stage module does it, lifecycle.ts records it. Stops
// thrown inside a stage (cancel, budget, failure) end the drive in driveStops.ts.
import type { AgentActivity } from '../agent/agentActivity';
import type { AgentRun, OrchestrationExecution } from '../model/execution';
import type { StatusProvider } from '../status/statusProvider';
import type { ExecutionStore } from '../store/executionStore';
import { callAgent } from './agentCall';
import { runBatch } from './batchStage';
import type { DriveContext } from './context';
import { decideNext } from './decide';
import { Decider } from './decisions';
import { logEntry } from './decisionLog';
import { stopDrive } from './driveStops';
import { RunEventPublisher, type EngineEvents } from './events';
import { change } from './lifecycle';
import { LiveTaskCount } from './liveTaskCount';
import { pauseAtStepBoundary } from './pausePoint';
import { planBatchesStage } from './planStage';
import { processAgents, systemClock, type AgentPort, type Clock, type EngineLogger } from './ports';
import { ProjectReader } from './projectReader';
import { runStep, skipStep } from './steps';
import { CancelStop, DetachStop } from './stops';
import { beginWait } from './waits';

export interface DriverDeps {
  projectPath: string;
  store: Pick<ExecutionStore, 'save' | 'fullDecisionLog'>;
  status: StatusProvider;
  claudePath: string;
  /** Extra environment for every agent (on top of config.agentEnv). */
  env?: Record<string, string>;
  logger: EngineLogger;
  events: EngineEvents;
  clock?: Clock;
  agents?: AgentPort;
}

export class OrchestrationDriver {
  private readonly abort = new AbortController();
  private readonly letGo = new AbortController();
  private readonly pauseNow = new AbortController();
  private reason: string | undefined;
  private isDetached = false;
  private readonly ctx: DriveContext;
  private readonly decider: Decider;
  private readonly liveTasks: LiveTaskCount;

  constructor(
    deps: DriverDeps,
    readonly orch: OrchestrationExecution,
  ) {
    const publisher = new RunEventPublisher(deps.events);
    // Saves are queued: the groups of a wave save at the same moments, and the store archives the decision
    // log as part of a save, which must not interleave.
    let queue: Promise<void> = Promise.resolve();
    const saveNow = async () => {
      if (this.isDetached) return;
      await deps.store.save(orch);
      publisher.publish(orch);
    };
    const save = () => (queue = queue.then(saveNow, saveNow));
    this.liveTasks = new LiveTaskCount(orch, () => publisher.publish(orch));
    this.ctx = {
      orch,
      projectPath: deps.projectPath,
      claudePath: deps.claudePath,
      env: deps.env ?? {},
      signal: this.abort.signal,
      release: this.letGo.signal,
      pause: this.pauseNow.signal,
      clock: deps.clock ?? systemClock,
      agents: deps.agents ?? processAgents,
      status: deps.status,
      logger: deps.logger,
      project: new ProjectReader(deps.projectPath, orch, deps.status, deps.logger),
      save,
      activity: (run: AgentRun, activity: AgentActivity) => {
        this.liveTasks.notice(activity, this.ctx.project);
        deps.events.emit('activity', { orchestrationId: orch.id, run, activity });
      },
      cancelReason: () => this.reason,
    };
    this.decider = new Decider((spec) => callAgent(this.ctx, spec), orch, deps.logger);
  }

  /** Stops driving from this process without touching the state or the agent (window reload, terminal
   * closed, another owner took over): the agent keeps working and the next owner re-attaches to it. */
  detach(): void {
    this.isDetached = true;
    this.letGo.abort();
  }

  /** Stops the current agent (its whole tree) and ends the drive as cancelled. */
  cancel(reason = 'cancelled by the user'): void {
    this.reason = reason;
    this.abort.abort();
  }

  /** This process let go of the run: nothing more may be saved or written for it here. */
  get detached(): boolean {
    return this.isDetached;
  }

  /** A note in the decision log from outside the drive (the lock, the control channel). */
  note(reason: string): void {
    logEntry(this.orch, 'note', reason);
    void this.ctx.save().catch(() => undefined);
  }

  /** Takes effect at the next batch boundary, so no agent's work is cut in half. */
  async requestPause(): Promise<void> {
    if (this.orch.pauseRequested) return;
    this.orch.pauseRequested = true;
    logEntry(this.orch, 'note', 'pause requested: the run pauses when the current step or batch ends, or now if it is waiting');
    await this.ctx.save();
    this.pauseNow.abort();
  }

  /** Drives until the run rests (paused, waiting, merge ready, failed, cancelled…) or completes. */
  async drive(opts: { mergeRequested?: boolean } = {}): Promise<OrchestrationExecution> {
    try {
      await this.loop(opts);
    } catch (e) {
      await stopDrive(this.ctx, e);
    } finally {
      this.liveTasks.dispose();
    }
    return this.orch;
  }

  private async loop(opts: { mergeRequested?: boolean }): Promise<void> {
    const ctx = this.ctx;
    for (;;) {
      if (this.letGo.signal.aborted) throw new DetachStop('this process let go of the run');
      if (this.abort.signal.aborted) throw new CancelStop(this.reason);
      const snap = await ctx.project.snapshot();
      const next = decideNext({ ...this.orch, planned: Boolean(this.orch.plannedAt) }, snap, opts);
      switch (next.kind) {
        case 'skip':
          await skipStep(ctx, next.step, next.reason, snap);
          break;
        case 'step':
          await runStep(ctx, next.step, snap);
          if (next.step === 'merge') opts = { ...opts, mergeRequested: false };
          if (next.step !== 'merge' && (await pauseAtStepBoundary(ctx, next.step))) return;
          break;
        case 'plan':
          await planBatchesStage(ctx);
          break;
        case 'batch':
          if (!(await runBatch(ctx, next.index, this.decider))) return;
          break;
        case 'gate':
          beginWait(
            this.orch,
            { reason: 'user_gate', message: 'Waiting at the USER GATE: confirm the phase, then merge', since: new Date().toISOString() },
            ctx.clock.now(),
          );
          change(this.orch, { status: 'waiting', phase: 'verify' }, 'the phase has a USER GATE: waiting for the user to confirm before merging', {
            hasUserGate: snap.hasUserGate,
            userGateStatus: snap.userGateStatus,
          });
          return ctx.save();
        case 'merge_ready':
          change(this.orch, { status: 'merge_ready', phase: 'merge' }, 'verify passed and auto-merge is off: merge ready, waiting for the user (US4-4)');
          return ctx.save();
        case 'done':
          change(this.orch, { status: 'completed', phase: 'merge' }, 'merge finished: the phase is complete', { totalCostUsd: this.orch.totalCostUsd });
          return ctx.save();
      }
    }
  }
}
