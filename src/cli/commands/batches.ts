// `specflow-orchestrate batches <tasks.md> [--batch-size N] [--json]`: the planner, headless.
import { DEFAULT_BATCH_SIZE, describePlan, planBatches, type BatchPlan } from '../../core/tasks/planBatches';
import { readParsedTasks, TasksFileError } from '../../core/tasks/readTasksFile';
import { intOption, parseCommand } from '../args';
import { ExitCode } from '../exitCodes';
import type { CliIo } from '../io';
import { UsageError } from '../usageError';

export async function batchesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, { 'batch-size': { type: 'string' }, json: { type: 'boolean', default: false } }, 1);
  const file = positionals[0];
  if (!file) throw new UsageError('missing <tasks.md>: usage: specflow-orchestrate batches <tasks.md> [--batch-size N] [--json]');
  const batchSize = intOption('batch-size', values['batch-size'], 1, 10_000) ?? DEFAULT_BATCH_SIZE;
  let parsed;
  try {
    ({ parsed } = await readParsedTasks(file));
  } catch (e) {
    if (e instanceof TasksFileError) throw new UsageError(e.message);
    throw e;
  }
  const plan = planBatches(parsed, batchSize);
  io.out(values.json ? JSON.stringify(toJson(plan), null, 2) : renderTable(plan));
  return ExitCode.ok;
}

/** ⚑ shape: the first five names are a contract; the rest are additions. */
export function toJson(plan: BatchPlan) {
  return {
    totalTasks: plan.totalTasks,
    completedTasks: plan.completedTasks,
    fallback: plan.fallback,
    warnings: plan.warnings,
    batches: plan.batches.map((b) => ({
      index: b.index,
      name: b.name,
      taskIds: b.taskIds,
      tasks: b.tasks.map((t) => ({ id: t.id, line: t.line, text: t.text })),
    })),
    openTasks: plan.openTasks,
    blockedTasks: plan.blockedTasks,
    deferredTasks: plan.deferredTasks,
    batchSize: plan.batchSize,
  };
}

function idRange(ids: string[]): string {
  if (ids.length <= 3) return ids.join(', ');
  return `${ids[0]}…${ids[ids.length - 1]}`;
}

export function renderTable(plan: BatchPlan): string {
  const lines = [
    `${plan.totalTasks} tasks: ${plan.completedTasks} done, ${plan.openTasks} open` +
      (plan.blockedTasks || plan.deferredTasks ? `, ${plan.blockedTasks} blocked, ${plan.deferredTasks} deferred` : ''),
    describePlan(plan) + (plan.fallback && plan.batches.length ? ` (no ## sections: fixed batches of ${plan.batchSize})` : ''),
  ];
  if (plan.batches.length) {
    const nameWidth = Math.min(48, Math.max(5, ...plan.batches.map((b) => b.name.length)));
    lines.push('', `  ${'#'.padStart(3)}  ${'Batch'.padEnd(nameWidth)}  Tasks  IDs`);
    for (const b of plan.batches) {
      const name = b.name.length > nameWidth ? b.name.slice(0, nameWidth - 1) + '…' : b.name.padEnd(nameWidth);
      lines.push(`  ${String(b.index).padStart(3)}  ${name}  ${String(b.taskIds.length).padStart(5)}  ${idRange(b.taskIds)}`);
    }
  }
  if (plan.warnings.length) lines.push('', 'Warnings:', ...plan.warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}
