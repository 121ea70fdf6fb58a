// Money (SC-006): every call gets --max-budget-usd = min(its own cap, what is left of the total). Pure.
import type { OrchestrationConfig } from '../model/config';
import type { RunKind } from '../model/execution';

export type CallBudget = { ok: true; maxBudgetUsd: number } | { ok: false; message: string };

/** Below a hundredth of a cent nothing useful can run; treat the total as spent. */
const MIN_USEFUL_USD = 0.0001;

export function capFor(config: OrchestrationConfig, kind: RunKind): number {
  switch (kind) {
    case 'implement':
      return config.budget.perBatchUsd;
    case 'heal':
      return config.budget.healUsd;
    case 'decision':
      return config.budget.decisionUsd;
    default:
      // design, analyze, verify and merge are one skill run each: the per-batch cap is their natural size
      return config.budget.perBatchUsd;
  }
}

export function callBudget(config: OrchestrationConfig, spentUsd: number, kind: RunKind): CallBudget {
  const left = config.budget.totalUsd - spentUsd;
  if (left < MIN_USEFUL_USD) {
    return { ok: false, message: `the total budget of $${config.budget.totalUsd.toFixed(2)} is spent ($${spentUsd.toFixed(2)} so far)` };
  }
  return { ok: true, maxBudgetUsd: Math.min(capFor(config, kind), left) };
}

export function isTotalSpent(config: OrchestrationConfig, spentUsd: number): boolean {
  return config.budget.totalUsd - spentUsd < MIN_USEFUL_USD;
}
