// Follows the engine's `run` events and hands each notification-worthy status change to the sinks, fire and
// forget: a slow or dead webhook never holds the run up. The CLI waits for what is still under way (bounded)
// before it exits, so the last notification — the one that matters — still leaves.
import type { EngineEvents } from '../engine/events';
import type { OrchestrationExecution } from '../model/execution';
import type { RunStatus } from '../model/statuses';
import { notificationFor, type Notification } from './notification';
import type { NotificationSink, NotifyLogger } from './sink';

export interface RunNotifierOptions {
  sinks: NotificationSink[];
  logger: NotifyLogger;
  /** Where the run's report is (or will be), e.g. `.specflow/reports/orchestration-<id>.md`. */
  reportPath?: (orch: OrchestrationExecution) => string | undefined;
  now?: () => number;
}

/** The status the run entered last, and when (from its decision log): transitions record from → to. */
function enteredAt(orch: OrchestrationExecution): number | undefined {
  for (let i = orch.decisionLog.length - 1; i >= 0; i--) {
    const e = orch.decisionLog[i]!;
    if (e.to.status === orch.status && e.from.status !== e.to.status) return Date.parse(e.at);
  }
  return undefined;
}

export class RunNotifier {
  private readonly previous = new Map<string, RunStatus>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly since: number;

  constructor(private readonly opts: RunNotifierOptions) {
    this.since = (opts.now ?? Date.now)();
  }

  subscribe(events: EngineEvents): () => void {
    return events.on('run', ({ orchestration }) => void this.observe(orchestration));
  }

  /**
   * The notification this save causes, if any (already handed to the sinks). A run seen for the first time
   * counts as changed only if it entered its status after this notifier was made: a run found resting at
   * Merge Ready when VS Code starts, or resumed from a pause, is not news.
   */
  observe(orch: OrchestrationExecution): Notification | undefined {
    let previous = this.previous.get(orch.id);
    if (previous === undefined) {
      const at = enteredAt(orch);
      if (at === undefined || at < this.since) previous = orch.status;
    }
    this.previous.set(orch.id, orch.status);
    if (previous === orch.status) return undefined;
    const reportPath = this.opts.reportPath?.(orch);
    const n = notificationFor(previous, orch, reportPath ? { reportPath } : {});
    if (n) for (const sink of this.opts.sinks) this.track(sink, n);
    return n;
  }

  private track(sink: NotificationSink, n: Notification): void {
    const p = Promise.resolve()
      .then(() => sink.send(n))
      .catch((e: unknown) => this.opts.logger.warn(`notify: ${sink.name} failed: ${String((e as Error)?.message ?? e)}`));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Waits for the deliveries under way, at most `timeoutMs`; true when none is left. */
  async idle(timeoutMs: number): Promise<boolean> {
    if (!this.pending.size) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([Promise.allSettled([...this.pending]).then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
