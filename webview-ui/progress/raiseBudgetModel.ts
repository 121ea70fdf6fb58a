// "Raise budget and resume" for a run a budget cap stopped: the four caps as typed, the one that stopped the
// run offered raised, checked with the engine's own budget rules (OrchestrationConfigSchema). Pure.
import { OrchestrationConfigSchema, type OrchestrationConfig, type ProgressView } from '../../src/protocol/messages';
import { parseNumber } from '../config/formModel';

export const CAPS = ['perBatchUsd', 'totalUsd', 'healUsd', 'decisionUsd'] as const;
export type Cap = (typeof CAPS)[number];

export const CAP_LABELS: Record<Cap, string> = { perBatchUsd: 'Per batch', totalUsd: 'Total', healUsd: 'Per heal', decisionUsd: 'Per decision' };
/** In a sentence: "the per-batch cap". */
export const CAP_NAMES: Record<Cap, string> = { perBatchUsd: 'per-batch', totalUsd: 'total', healUsd: 'per-heal', decisionUsd: 'per-decision' };

export interface RaiseForm {
  runId: string;
  /** The cap that stopped the run (run.error.cap), when the host named one. */
  cap: Cap | undefined;
  values: Record<Cap, string>;
  /** The caps as they are now: only changed ones are sent. */
  current: Record<Cap, number>;
}

export function isCap(s: string | undefined): s is Cap {
  return (CAPS as readonly string[]).includes(s ?? '');
}

/** The run's caps: its total from the progress view, the others from the options the run was started with. */
function currentCaps(run: ProgressView, config: OrchestrationConfig): Record<Cap, number> {
  return { ...config.budget, totalUsd: run.budgetUsd };
}

function budgetIssues(config: OrchestrationConfig, budget: Record<Cap, number>): Partial<Record<Cap, string>> {
  const r = OrchestrationConfigSchema.safeParse({ ...config, budget });
  const errors: Partial<Record<Cap, string>> = {};
  for (const issue of r.success ? [] : r.error.issues) {
    const [head, cap] = issue.path.map(String);
    if (head === 'budget' && isCap(cap)) errors[cap] ??= issue.message;
  }
  return errors;
}

export function raiseFormFor(run: ProgressView, config: OrchestrationConfig): RaiseForm {
  const current = currentCaps(run, config);
  const cap = isCap(run.error?.cap) ? run.error.cap : undefined;
  const values = Object.fromEntries(CAPS.map((c) => [c, String(current[c])])) as Record<Cap, string>;
  if (cap) {
    // Offer twice the cap that stopped the run, when the rules allow that much.
    const doubled = Math.round(current[cap] * 200) / 100;
    if (!budgetIssues(config, { ...current, [cap]: doubled })[cap]) values[cap] = String(doubled);
  }
  return { runId: run.id, cap, values, current };
}

export interface RaiseCheck {
  /** The caps to send with `resume`: those changed, and always the one that stopped the run. */
  budget?: Partial<Record<Cap, number>>;
  errors: Partial<Record<Cap, string>>;
}

export function checkRaise(form: RaiseForm, config: OrchestrationConfig): RaiseCheck {
  const typed = Object.fromEntries(CAPS.map((c) => [c, parseNumber(form.values[c])])) as Record<Cap, number>;
  const errors = budgetIssues(config, typed);
  if (Object.keys(errors).length) return { errors };
  const budget: Partial<Record<Cap, number>> = {};
  for (const c of CAPS) if (typed[c] !== form.current[c] || c === form.cap) budget[c] = typed[c];
  return { budget, errors };
}
