// A run recorded by a previous owner: re-attach to its agent if it still runs, read its log if it
// finished while nobody watched, report it dead, or say it never started (then the call starts afresh).
import { existsSync, readFileSync } from 'node:fs';
import { activityFromLog, type AgentActivity } from '../agent/agentActivity';
import type { AgentOutcome } from '../agent/agentProcess';
import type { AgentRun } from '../model/execution';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';

export interface Reattached {
  run: AgentRun;
  outcome: AgentOutcome;
  activity: AgentActivity;
}

function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Spawned just before the previous owner died, before its pid was saved: find it by its marker. */
function findUnrecorded(ctx: DriveContext, run: AgentRun): void {
  const found = ctx.agents.findByMarker(run.executionId);
  if (!found.length) return;
  const pid = found[0]!;
  const startTime = ctx.agents.startTime(pid);
  run.pid = pid;
  if (startTime) run.pidStartTime = startTime;
  run.state = 'running';
  logEntry(ctx.orch, 'reconcile', `found agent ${run.executionId} running as pid ${pid} (its pid was never recorded): re-attaching`, {
    executionId: run.executionId,
    pid,
  });
}

/** Undefined: the run never started (no process, empty log) — the caller runs the call again. */
export async function reattachSlot(ctx: DriveContext, run: AgentRun): Promise<Reattached | undefined> {
  const logPath = `${ctx.projectPath}/${run.logPath}`;
  const stderrPath = `${ctx.projectPath}/${run.stderrPath}`;
  if (!run.pid) findUnrecorded(ctx, run);
  const { pid, pidStartTime } = run;
  const staleAfterMs = ctx.orch.config.staleAfterMinutes * 60_000;
  if (pid && ctx.agents.isAlive(pid, pidStartTime)) {
    logEntry(ctx.orch, 'reconcile', `agent ${run.executionId} (pid ${pid}) is still running: re-attaching to it`, { executionId: run.executionId, pid });
    await ctx.save();
    const outcome = await ctx.agents.attach({
      executionId: run.executionId,
      logPath,
      stderrPath,
      staleAfterMs,
      signal: ctx.signal,
      release: ctx.release,
      pid,
      ...(pidStartTime ? { pidStartTime } : {}),
      startedAt: Date.parse(run.startedAt),
      onEvent: (_e, activity) => ctx.activity(run, activity),
    });
    return { run, outcome, activity: outcome.activity };
  }
  const text = readText(logPath);
  if (!pid && !text.trim()) {
    logEntry(ctx.orch, 'reconcile', `agent ${run.executionId} never started (no process, empty log): starting the call again`, {
      executionId: run.executionId,
    });
    return undefined;
  }
  const activity = activityFromLog(text);
  logEntry(
    ctx.orch,
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
    durationMs: ctx.clock.now() - Date.parse(run.startedAt),
    stderrTail: readText(stderrPath).slice(-4000).trim(),
  };
  return { run, outcome, activity };
}

/** The slot's run was recorded but its owner stopped before spawning it. */
export function markNeverStarted(run: AgentRun): void {
  run.state = 'exited';
  run.applied = true;
  run.outcome = 'cancelled';
  run.outcomeMessage = 'never started (its owner stopped before spawning it)';
  run.endedAt = new Date().toISOString();
}
