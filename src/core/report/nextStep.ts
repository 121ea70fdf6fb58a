// The next step for the user, by how the run rests, with the exact command that takes it.
import type { BudgetConfig } from '../model/config';
import type { OrchestrationExecution } from '../model/execution';
import type { ReportNext } from '../model/report';
import { formatUsd, shellArg, stamp } from './text';

const CLI = 'specflow-orchestrate';

function cli(orch: OrchestrationExecution, verb: string, extra: string[] = []): string {
  return [CLI, verb, '--project', shellArg(orch.projectPath), '--id', orch.id, ...extra].join(' ');
}

const CAPS = {
  batch: { key: 'perBatchUsd', name: 'per-batch budget' },
  heal: { key: 'healUsd', name: 'heal budget' },
  decision: { key: 'decisionUsd', name: 'decision budget' },
  total: { key: 'totalUsd', name: 'total budget' },
} as const satisfies Record<string, { key: keyof BudgetConfig; name: string }>;
type CapFlag = keyof typeof CAPS;

/** Which cap stopped the run: the engine names it in the error's details, and its message names the option. */
function capOf(orch: OrchestrationExecution): CapFlag {
  const named = Object.entries(CAPS).find(([, c]) => c.key === orch.error?.details.cap)?.[0];
  const flag = named ?? /--budget-(batch|heal|decision)\b/.exec(orch.error?.message ?? '')?.[1];
  return flag === 'batch' || flag === 'heal' || flag === 'decision' ? flag : 'total';
}

function budgetNext(orch: OrchestrationExecution): ReportNext {
  const which = capOf(orch);
  const cap = CAPS[which];
  const now = orch.config.budget[cap.key];
  return {
    action: 'raise_budget',
    text: `Raise the budget and resume: the ${cap.name} of ${formatUsd(now)} was reached (${formatUsd(orch.totalCostUsd)} spent in all)`,
    command: cli(orch, 'resume', [`--budget-${which}`, String(Math.ceil(now * 2))]),
  };
}

function reviewNext(orch: OrchestrationExecution): ReportNext {
  const commits = orch.batches.filter((b) => b.checkpoint?.commitSha && !b.checkpoint.reverted).length;
  if (commits) {
    return {
      action: 'review',
      text: `Review the ${commits === 1 ? 'commit' : `${commits} commits`} of this run (one per batch), then push or open a pull request`,
      command: `git -C ${shellArg(orch.projectPath)} log --stat --grep ${shellArg(`SpecFlow-Run: ${orch.id}`)}`,
    };
  }
  const mode = orch.checkpoints?.mode;
  const why = orch.checkpoints?.reason ?? (mode === 'refs' ? 'checkpoints were private refs only' : 'no batch made a commit');
  return {
    action: 'review',
    text: `Review the changes in the project (${why})`,
    ...(mode && mode !== 'off' ? { command: `git -C ${shellArg(orch.projectPath)} status` } : {}),
  };
}

function pausedNext(orch: OrchestrationExecution): ReportNext {
  const w = orch.wait;
  const next = orch.batches.find((b) => b.status !== 'completed' && b.status !== 'healed');
  const from = next ? `batch ${next.index} of ${orch.batches.length}` : '';
  if (w && (w.reason === 'usage_limit' || w.reason === 'rate_limit') && w.until) {
    const text = `Resume after the usage limit resets at ${stamp(w.until)}${from ? ` (the run goes on with ${from})` : ''}`;
    return { action: 'resume', text, command: cli(orch, 'resume'), notBefore: w.until };
  }
  return { action: 'resume', text: `Resume to continue${from ? ` with ${from}` : ''}`, command: cli(orch, 'resume') };
}

export function nextStep(orch: OrchestrationExecution): ReportNext {
  switch (orch.status) {
    case 'merge_ready':
      return { action: 'merge', text: 'Merge: review the diff, then merge', command: cli(orch, 'merge') };
    case 'completed':
      return reviewNext(orch);
    case 'waiting':
      return { action: 'confirm_gate', text: 'Confirm the phase at its USER GATE, then merge', command: cli(orch, 'merge') };
    case 'failed': {
      const where = orch.error?.batchIndex !== undefined ? ` of batch ${orch.error.batchIndex}` : '';
      const what = orch.error?.message ?? 'see the decision log';
      return { action: 'fix_and_resume', text: `Fix the failure${where}, then resume: ${what}`, command: cli(orch, 'resume') };
    }
    case 'budget_exceeded':
      return budgetNext(orch);
    case 'paused':
    case 'cancelled':
      return pausedNext(orch);
    case 'running':
    case 'healing':
      return { action: 'follow', text: 'The run is still working: follow it', command: cli(orch, 'status') };
  }
}
