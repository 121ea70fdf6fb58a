// What every stage of a drive works with: the run being driven, the project, the ports, and how to save.
// Stages are functions of this context; none of them knows the driver, so nothing calls back up.
import type { AgentActivity } from '../agent/agentActivity';
import type { AgentRun, OrchestrationExecution } from '../model/execution';
import type { StatusProvider } from '../status/statusProvider';
import type { AgentPort, Clock, EngineLogger } from './ports';
import type { ProjectReader } from './projectReader';
import { DetachStop, PauseStop } from './stops';

export interface DriveContext {
  readonly orch: OrchestrationExecution;
  readonly projectPath: string;
  readonly claudePath: string;
  /** Extra environment for every agent (on top of config.agentEnv). */
  readonly env: Record<string, string>;
  /** Aborts when the run is cancelled: agents are stopped with their process tree, waits end. */
  readonly signal: AbortSignal;
  /** Aborts when this process lets go of the run (a takeover, a window closing): agents are left running. */
  readonly release: AbortSignal;
  /** Aborts when the user asks to pause: a wait (a usage limit, a back-off) ends at once; work ends at a boundary. */
  readonly pause: AbortSignal;
  readonly clock: Clock;
  readonly agents: AgentPort;
  readonly status: StatusProvider;
  readonly logger: EngineLogger;
  /** tasks.md and the project status, read through one cache. */
  readonly project: ProjectReader;
  /** Persists the run and publishes what changed. */
  save(): Promise<void>;
  /** An agent's live activity (tool calls, text), published between saves. */
  activity(run: AgentRun, activity: AgentActivity): void;
  /** Why the run is being cancelled, once it is. */
  cancelReason(): string | undefined;
}

/** Sleeps through a wait of the run: a cancel ends it (CancelStop), a release ends the drive (DetachStop), a
 * pause pauses the run now (PauseStop): nothing is running, so there is no boundary to wait for. */
export async function sleepInRun(ctx: DriveContext, ms: number): Promise<void> {
  try {
    await ctx.clock.sleep(ms, AbortSignal.any([ctx.signal, ctx.release, ctx.pause]));
  } catch (e) {
    if (ctx.release.aborted) throw new DetachStop('this process let go of the run during a wait');
    if (ctx.pause.aborted && !ctx.signal.aborted) {
      const during = ctx.orch.wait?.message ?? 'a wait';
      const wait = {
        reason: 'user_pause' as const,
        message: `Paused by the user during a wait (${during}): resume to continue`,
        since: new Date(ctx.clock.now()).toISOString(),
      };
      throw new PauseStop(wait, 'paused during a wait as the user asked', { interruptedWait: ctx.orch.wait });
    }
    throw e;
  }
}
