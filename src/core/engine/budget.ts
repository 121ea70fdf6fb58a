// Money (SC-006). Every call gets --max-budget-usd = the least of its own cap, what is left of its batch's
// budget, and what is left of the total. The per-batch budget covers a batch with its heals and its
// decision calls, so "$5 per batch" means what a batch may cost, not each call. A stop names the cap that
// stopped it, so "Raise Budget…" offers that one. Pure.
import type { OrchestrationConfig } from '../model/config';
import { type RunKind } from '../model/statuses';

/** The budget fields a user can raise. */
export type BudgetCap = 'perBatchUsd' | 'totalUsd' | 'healUsd' | 'decisionUsd';

export type CallBudget = { ok: true; maxBudgetUsd: number } | { ok: false; message: string; cap: BudgetCap };

/** Below a hundredth of a cent nothing useful can run; treat the budget as spent. */
const MIN_USEFUL_USD = 0.0001;

function ownCap(config: OrchestrationConfig, kind: RunKind): { usd: number; cap: BudgetCap } {
  switch (kind) {
    case 'heal':
      return { usd: config.budget.healUsd, cap: 'healUsd' };
    case 'decision':
      return { usd: config.budget.decisionUsd, cap: 'decisionUsd' };
    default:
      // implement, and design, analyze, verify and merge (one skill run each: a batch's natural size)
      return { usd: config.budget.perBatchUsd, cap: 'perBatchUsd' };
  }
}

export function capFor(config: OrchestrationConfig, kind: RunKind): number {
  return ownCap(config, kind).usd;
}

export function totalSpentMessage(config: OrchestrationConfig, spentUsd: number): string {
  return `the total budget of $${config.budget.totalUsd.toFixed(2)} is spent ($${spentUsd.toFixed(2)} so far)`;
}

/** Dollars without float dust (0.5 - 0.4 is 0.0999…98), never rounded up: what --max-budget-usd gets. */
function floorUsd(usd: number): number {
  return Math.floor(Math.round(usd * 1e6) / 100) / 10_000;
}

/** Which limit set a call's --max-budget-usd: its own cap, its batch's budget, or the total. */
export type BudgetLimit = 'own' | 'batch' | 'total';

export type CallBudgetOk = { ok: true; maxBudgetUsd: number; limitedBy: BudgetLimit };

/** `batch`: the batch the call belongs to (implement, its heals and decisions) and what it has spent so far. */
export function callBudget(
  config: OrchestrationConfig,
  spentUsd: number,
  kind: RunKind,
  batch?: { index: number; spentUsd: number },
  /** Parallel groups share what is left: each call may use this fraction of it (1 / the groups running). */
  share = 1,
): CallBudgetOk | Extract<CallBudget, { ok: false }> {
  const left = config.budget.totalUsd - spentUsd;
  if (left < MIN_USEFUL_USD) return { ok: false, message: totalSpentMessage(config, spentUsd), cap: 'totalUsd' };
  const limits: [number, BudgetLimit][] = [
    [capFor(config, kind), 'own'],
    [floorUsd(left * share), 'total'],
  ];
  if (batch) {
    const batchLeft = config.budget.perBatchUsd - batch.spentUsd;
    if (batchLeft < MIN_USEFUL_USD) {
      const message = `batch ${batch.index} has spent its $${config.budget.perBatchUsd.toFixed(2)} per-batch budget ($${batch.spentUsd.toFixed(2)} with its heals and decisions)`;
      return { ok: false, message, cap: 'perBatchUsd' };
    }
    limits.push([floorUsd(batchLeft * share), 'batch']);
  }
  // The smallest wins; on a tie the call's own cap is named first, then the batch's.
  const [maxBudgetUsd, limitedBy] = limits.reduce((a, b) => (b[0] < a[0] - 1e-9 ? b : a));
  return { ok: true, maxBudgetUsd, limitedBy };
}

export function isTotalSpent(config: OrchestrationConfig, spentUsd: number): boolean {
  return config.budget.totalUsd - spentUsd < MIN_USEFUL_USD;
}

const CAP_OPTION: Record<BudgetCap, string> = {
  perBatchUsd: 'per-batch budget (--budget-batch)',
  healUsd: 'heal budget (--budget-heal)',
  decisionUsd: 'decision budget (--budget-decision)',
  totalUsd: 'total budget (--budget-total)',
};

/**
 * Why a call that ended with error_max_budget_usd stops the run, in words the user can act on, and which
 * cap to raise: the total (the call was given what was left of it), the batch's budget (its heals and
 * decisions had used the rest), or the call's own cap.
 */
export function budgetHit(
  config: OrchestrationConfig,
  run: { kind: RunKind; batchIndex?: number; maxBudgetUsd?: number; budgetLimitedBy?: BudgetLimit | undefined },
  spentUsd: number,
  batchSpentUsd = 0,
): { message: string; cap: BudgetCap } {
  const own = ownCap(config, run.kind);
  const max = run.maxBudgetUsd ?? own.usd;
  const who =
    run.kind === 'implement'
      ? `batch ${run.batchIndex}`
      : run.kind === 'heal'
        ? `the healer of batch ${run.batchIndex}`
        : run.kind === 'decision'
          ? 'a decision call'
          : run.kind;
  const total = `$${spentUsd.toFixed(2)} spent of the $${config.budget.totalUsd.toFixed(2)} total`;
  switch (run.budgetLimitedBy ?? (max < own.usd - MIN_USEFUL_USD ? 'total' : 'own')) {
    case 'total':
      return { message: `${totalSpentMessage(config, spentUsd)}: ${who} was given the $${max.toFixed(2)} that was left and used it up`, cap: 'totalUsd' };
    case 'batch':
      return {
        message: `batch ${run.batchIndex} reached its $${config.budget.perBatchUsd.toFixed(2)} ${CAP_OPTION.perBatchUsd}, heals and decisions included ($${batchSpentUsd.toFixed(2)} for the batch; ${total})`,
        cap: 'perBatchUsd',
      };
    case 'own':
      return { message: `${who} reached the $${own.usd.toFixed(2)} ${CAP_OPTION[own.cap]} (${total})`, cap: own.cap };
  }
}
