// `specflow-orchestrate batches <tasks.md> [--batch-size N] [--json]`: the planner, headless.
import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_TASKS, describePlan, planBatches, type BatchPlan } from '../../core/tasks/planBatches';
import { readParsedTasks, TasksFileError } from '../../core/tasks/readTasksFile';
import { intOption, parseCommand } from '../args';
import { ExitCode } from '../exitCodes';
import type { CliIo } from '../io';
import { UsageError } from '../usageError';

export async function batchesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, BATCHES_OPTIONS, 1);
  const file = positionals[0];
  if (!file)
    throw new UsageError(
      'missing <tasks.md>: usage: specflow-orchestrate batches <tasks.md> [--batch-size N] [--max-batch-tasks N] [--include-optional] [--json]',
    );
  const batchSize = intOption('batch-size', values['batch-size'], 1, 10_000) ?? DEFAULT_BATCH_SIZE;
  const maxBatchTasks = intOption('max-batch-tasks', values['max-batch-tasks'], 1, 10_000) ?? DEFAULT_MAX_BATCH_TASKS;
  let parsed;
  try {
    ({ parsed } = await readParsedTasks(file, { checklistsAreTasks: Boolean(values['checklists-are-tasks']) }));
  } catch (e) {
    if (e instanceof TasksFileError) throw new UsageError(e.message);
    throw e;
  }
  const plan = planBatches(parsed, { batchSize, maxBatchTasks, includeOptional: Boolean(values['include-optional']) });
  io.out(values.json ? JSON.stringify(toJson(plan), null, 2) : renderTable(plan));
  return ExitCode.ok;
}

export const BATCHES_OPTIONS = {
  'batch-size': { type: 'string' },
  'max-batch-tasks': { type: 'string' },
  'include-optional': { type: 'boolean', default: false },
  'checklists-are-tasks': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

/** ⚑ shape: the first five names are a contract; the rest are additions (format, splits, keys, checklists…). */
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
      ...(b.split ? { split: b.split } : {}),
      tasks: b.tasks.map((t) => ({
        key: t.key,
        id: t.id,
        line: t.line,
        text: t.text,
        ...(t.steps.length ? { steps: t.steps.length } : {}),
        ...(t.optional ? { optional: true } : {}),
      })),
    })),
    format: plan.format,
    openTasks: plan.openTasks,
    blockedTasks: plan.blockedTasks,
    deferredTasks: plan.deferredTasks,
    inProgressTasks: plan.inProgressTasks,
    optionalTasks: plan.optionalTasks,
    skippedOptionalTasks: plan.skippedOptionalTasks,
    checklistItems: plan.checklistItems,
    checklistDone: plan.checklistDone,
    batchSize: plan.batchSize,
    maxBatchTasks: plan.maxBatchTasks,
    warningDetails: plan.warningDetails,
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
