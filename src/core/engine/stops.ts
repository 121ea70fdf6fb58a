// Ways a drive ends early, thrown from deep inside and handled once in the driver loop.
import type { Wait } from '../model/execution';

/** The user cancelled (or the abort signal fired while waiting). */
export class CancelStop extends Error {
  constructor(reason = 'cancelled by the user') {
    super(reason);
    this.name = 'CancelStop';
  }
}

/** A budget cap was reached: the run stops as budget_exceeded and can be resumed with a higher cap. */
export class BudgetStop extends Error {
  constructor(
    message: string,
    readonly evidence: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BudgetStop';
  }
}

/** Something the user must fix (missing skill, auth, missing tasks.md): the run stops as failed. */
export class FailStop extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly evidence: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'FailStop';
  }
}

/** A usage limit that resets later than the run may wait in place: the run pauses until then. */
export class PauseStop extends Error {
  constructor(
    readonly wait: Wait,
    /** What the decision log says about it. */
    readonly reason: string,
    readonly evidence: Record<string, unknown> = {},
  ) {
    super(wait.message);
    this.name = 'PauseStop';
  }
}

/** This process stopped driving (another owner took over, or the window closes): no save, no kill. */
export class DetachStop extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DetachStop';
  }
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelStop());
    const t = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(new CancelStop());
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
