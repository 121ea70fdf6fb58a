// Typed events out of the core: the CLI renderer, the extension service, the HTTP API's event stream and
// the bench subscribe; nothing climbs back through layers of callbacks. `run` fires after every save with
// the whole run; `batch` and `decision` fire for what changed since the previous save; `activity` fires
// as an agent works (tool calls, text), between saves.
import type { AgentActivity } from '../agent/agentActivity';
import type { AgentRun, BatchItem, DecisionLogEntry, OrchestrationExecution } from '../model/execution';
import type { BatchStatus } from '../model/statuses';

export interface EngineEventMap {
  run: { orchestration: OrchestrationExecution };
  batch: { orchestrationId: string; batch: BatchItem; previous: BatchStatus | undefined };
  decision: { orchestrationId: string; entry: DecisionLogEntry };
  activity: { orchestrationId: string; run: AgentRun; activity: AgentActivity };
}

export type EngineEventType = keyof EngineEventMap;
type Listener<K extends EngineEventType> = (event: EngineEventMap[K]) => void;

export class EngineEvents {
  private readonly listeners: { [K in EngineEventType]: Set<Listener<K>> } = { run: new Set(), batch: new Set(), decision: new Set(), activity: new Set() };

  /** Returns the unsubscribe function. */
  on<K extends EngineEventType>(type: K, listener: Listener<K>): () => void {
    this.listeners[type].add(listener);
    return () => this.listeners[type].delete(listener);
  }

  emit<K extends EngineEventType>(type: K, event: EngineEventMap[K]): void {
    // A listener that throws must not break the engine or the other listeners.
    for (const l of [...this.listeners[type]]) {
      try {
        l(event);
      } catch {
        /* the subscriber's problem, reported by the subscriber */
      }
    }
  }
}

/** Emits `batch` and `decision` events for what changed in a run since the last publish. */
export class RunEventPublisher {
  private lastSeq = 0;
  private readonly batchSeen = new Map<number, { key: string; status: BatchStatus }>();

  constructor(private readonly events: EngineEvents) {}

  publish(orch: OrchestrationExecution): void {
    for (const b of orch.batches) {
      const key = `${b.status}|${b.healAttempts}|${b.taskIds.length}|${b.costUsd}`;
      const seen = this.batchSeen.get(b.index);
      if (seen?.key === key) continue;
      this.batchSeen.set(b.index, { key, status: b.status });
      this.events.emit('batch', { orchestrationId: orch.id, batch: b, previous: seen?.status });
    }
    for (const entry of orch.decisionLog) {
      if (entry.seq <= this.lastSeq) continue;
      this.lastSeq = entry.seq;
      this.events.emit('decision', { orchestrationId: orch.id, entry });
    }
    this.events.emit('run', { orchestration: orch });
  }
}
