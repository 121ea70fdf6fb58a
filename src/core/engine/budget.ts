// Money (SC-006): every call gets --max-budget-usd = min(its own cap, what is left of the total). Pure.
import type { OrchestrationConfig } from '../model/config';
import { type RunKind } from '../model/statuses';

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

export function totalSpentMessage(config: OrchestrationConfig, spentUsd: number): string {
  return `the total budget of $${config.budget.totalUsd.toFixed(2)} is spent ($${spentUsd.toFixed(2)} so far)`;
}

export function callBudget(config: OrchestrationConfig, spentUsd: number, kind: RunKind): CallBudget {
  const left = config.budget.totalUsd - spentUsd;
  if (left < MIN_USEFUL_USD) return { ok: false, message: totalSpentMessage(config, spentUsd) };
  // What is left, without float dust (0.5 - 0.4 is 0.0999…98), never rounded up: what --max-budget-usd gets.
  const leftUsd = Math.floor(Math.round(left * 1e6) / 100) / 10_000;
  return { ok: true, maxBudgetUsd: Math.min(capFor(config, kind), leftUsd) };
}

export function isTotalSpent(config: OrchestrationConfig, spentUsd: number): boolean {
  return config.budget.totalUsd - spentUsd < MIN_USEFUL_USD;
}

const CAP_OPTION: Record<RunKind, string> = {
  implement: 'per-batch budget (--budget-batch)',
  heal: 'heal budget (--budget-heal)',
  decision: 'decision budget (--budget-decision)',
  design: 'per-batch budget (--budget-batch)',
  analyze: 'per-batch budget (--budget-batch)',
  verify: 'per-batch budget (--budget-batch)',
  merge: 'per-batch budget (--budget-batch)',
};

/**
 * Why a call that ended with error_max_budget_usd stops the run, in words the user can act on: the call was
 * given what was left of the total (the total is spent), or it reached its own cap.
 */
export function budgetHitMessage(config: OrchestrationConfig, run: { kind: RunKind; batchIndex?: number; maxBudgetUsd?: number }, spentUsd: number): string {
  const cap = capFor(config, run.kind);
  const max = run.maxBudgetUsd ?? cap;
  const who =
    run.kind === 'implement'
      ? `batch ${run.batchIndex}`
      : run.kind === 'heal'
        ? `the healer of batch ${run.batchIndex}`
        : run.kind === 'decision'
          ? 'a decision call'
          : run.kind;
  if (max < cap - MIN_USEFUL_USD) {
    return `${totalSpentMessage(config, spentUsd)}: ${who} was given the $${max.toFixed(2)} that was left and used it up`;
  }
  return `${who} reached the $${cap.toFixed(2)} ${CAP_OPTION[run.kind]} ($${spentUsd.toFixed(2)} spent of the $${config.budget.totalUsd.toFixed(2)} total)`;
}
