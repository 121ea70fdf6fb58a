// The typed events of one run for one listener: run, batch, decision and activity, as the UI gets them.
// A run this server drives is followed through its orchestrator's events; a run driven by another process
// (CLI, VS Code) through its state file. Both feed one RunEventPublisher, so a change is told once whichever
// source saw it first, and a listener that connects late first gets the run's batches and decision log so far.
import type { AgentActivity } from '../core/agent/agentActivity';
import { EngineEvents, RunEventPublisher, type EngineEventMap } from '../core/engine/events';
import { progressView } from '../core/engine/progress';
import type { AgentRun, OrchestrationExecution } from '../core/model/execution';
import type { ServedProject } from './projects';
import type { ActivityEvent, RunEvent } from './schemas';
import { activityView } from '../protocol/activityView';
import { watchStateFile } from './stateWatch';

export interface SseMessage {
  event: 'run' | 'batch' | 'decision' | 'activity';
  data: string;
  /** Decisions carry their seq, so a reconnecting EventSource resumes after the last one it saw. */
  id?: string;
}

function runView(projectId: string, orch: OrchestrationExecution): RunEvent {
  return { projectId, ...progressView(orch) };
}

/** What the progress display shows of an agent at work, with the run and batch it belongs to. */
function activityEvent(orchestrationId: string, run: AgentRun, a: AgentActivity): ActivityEvent {
  return { orchestrationId, ...(run.batchIndex ? { batchIndex: run.batchIndex } : {}), ...activityView(run, a) };
}

/** The clock moves the elapsed time on every view; only a real change is worth an event. */
function runKey(view: RunEvent): string {
  const { elapsedMs: _elapsed, etaMs: _eta, ...rest } = view;
  return JSON.stringify(rest);
}

export interface FollowOptions {
  /** Decisions up to this seq were seen already (EventSource's Last-Event-ID). */
  afterSeq?: number;
}

/** Sends `run`'s events to `send` until the returned function is called. */
export function followRun(project: ServedProject, run: OrchestrationExecution, send: (m: SseMessage) => void, opts: FollowOptions = {}): () => void {
  const { orchestrator } = project;
  const id = run.id;
  const afterSeq = opts.afterSeq ?? 0;
  const local = new EngineEvents();
  const publisher = new RunEventPublisher(local);
  let lastRunKey = '';
  let closed = false;
  local.on('batch', (e) => send({ event: 'batch', data: JSON.stringify(e) }));
  local.on('decision', (e) => {
    if (e.entry.seq > afterSeq) send({ event: 'decision', id: String(e.entry.seq), data: JSON.stringify(e) });
  });
  local.on('run', ({ orchestration }) => {
    const view = runView(project.projectId, orchestration);
    const key = runKey(view);
    if (key === lastRunKey) return;
    lastRunKey = key;
    send({ event: 'run', data: JSON.stringify(view) });
  });
  const feed = (orch: OrchestrationExecution) => {
    if (!closed) publisher.publish(orch);
  };
  const offRun = orchestrator.events.on('run', ({ orchestration }) => {
    if (orchestration.id === id) feed(orchestration);
  });
  const offActivity = orchestrator.events.on('activity', (e: EngineEventMap['activity']) => {
    if (e.orchestrationId === id && !closed) send({ event: 'activity', data: JSON.stringify(activityEvent(id, e.run, e.activity)) });
  });
  // One read at a time, so an older read never lands after a newer one.
  let reading = Promise.resolve();
  const stopWatching = watchStateFile(project.path, id, () => {
    reading = reading
      .then(async () => {
        if (closed || orchestrator.isDriving(id)) return;
        const fresh = await orchestrator.store.load(id).catch(() => undefined);
        // Driven here since the read began: the in-process events are newer than the file.
        if (fresh && !orchestrator.isDriving(id)) feed(fresh);
      })
      .catch(() => undefined);
  });
  feed(run);
  return () => {
    closed = true;
    offRun();
    offActivity();
    stopWatching();
  };
}
