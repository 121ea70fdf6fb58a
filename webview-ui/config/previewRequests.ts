// The batch preview is the engine's own plan: when an option that changes the plan is edited, the modal asks
// the host (`preview`, debounced) and shows "updating…" until the next snapshot brings the new preflight.
// Nothing about batches is computed here. Pure apart from the timer it is given.
import { PreviewOptionsSchema, type OrchestrationConfig, type PreviewOptions } from '../../src/protocol/messages';
import { parseNumber, type FormValues } from './formModel';

/** The modal's fields that change the plan, in a fixed order (it makes the options' key stable). */
const PLAN_FIELDS = ['batchSizeFallback', 'maxBatchTasks', 'includeOptionalTasks', 'checklistsAreTasks', 'parallelAgents', 'gate', 'checkpoints'] as const;

/**
 * The plan-changing options the form holds, every one of them: a field that is not valid now keeps the host's
 * value (PreviewOptionsSchema fills an absent field with its default, not with the host's config).
 */
export function previewOptions(form: FormValues, base: OrchestrationConfig): PreviewOptions {
  const out: Record<string, unknown> = {};
  for (const key of PLAN_FIELDS) {
    const raw = form[key];
    const value = typeof raw === 'string' && key !== 'gate' && key !== 'checkpoints' ? parseNumber(raw) : raw;
    const r = PreviewOptionsSchema.safeParse({ [key]: value });
    out[key] = r.success ? r.data[key] : base[key];
  }
  return PreviewOptionsSchema.parse(out);
}

export const PREVIEW_DELAY_MS = 200;

interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class PreviewRequests {
  /** The options the shown preflight was made for, or last asked for. */
  private lastKey: string | undefined;
  private timer: unknown;
  private inFlight = false;

  constructor(
    private readonly send: (options: PreviewOptions) => boolean,
    private readonly delayMs = PREVIEW_DELAY_MS,
    private readonly timers: Timers = browserTimers,
  ) {}

  /** A preview is waiting to be sent or to be answered: the modal says "updating…". */
  get pending(): boolean {
    return this.timer !== undefined || this.inFlight;
  }

  /** Whether the host's preflight for some options has been asked for or shown (false after a reload). */
  get known(): boolean {
    return this.lastKey !== undefined;
  }

  /** The host's preflight is for these options (the form was just set from the host's config). */
  baseline(options: PreviewOptions): void {
    this.cancel();
    this.inFlight = false;
    this.lastKey = JSON.stringify(options);
  }

  /** The form changed: ask for these options after a quiet moment, unless they are the ones shown or asked for. */
  request(options: PreviewOptions): void {
    const key = JSON.stringify(options);
    this.cancel();
    if (key === this.lastKey) return;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.lastKey = key;
      this.inFlight = this.send(options);
    }, this.delayMs);
  }

  /** A snapshot arrived: it answers the preview that was sent. */
  answered(): void {
    this.inFlight = false;
  }

  cancel(): void {
    if (this.timer === undefined) return;
    this.timers.clear(this.timer);
    this.timer = undefined;
  }
}
