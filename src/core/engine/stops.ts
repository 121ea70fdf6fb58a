// Ways a drive ends early, thrown from deep inside and handled once in the driver loop.

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
