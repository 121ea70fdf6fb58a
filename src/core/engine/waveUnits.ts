// Whether a batch runs `[P]` waves, and its units if so: planned once when the batch starts and saved with
// it, so a restart follows the same plan. parallelAgents 1, a batch without consecutive [P] tasks, or a
// project where groups cannot be merged back as commits (no git, checkpoints off or refs) runs exactly as
// before: one agent for the whole batch.
import type { OrchestrationConfig } from '../model/config';
import type { BatchItem, OrchestrationExecution, WorkUnit } from '../model/execution';
import type { ParsedTasks } from '../tasks/parseTasks';
import { planWaves, type WaveStep } from '../tasks/waves';
import { isOpenWork } from './batchSync';
import { FailStop } from './stops';

type WaveConfig = Pick<OrchestrationConfig, 'parallelAgents' | 'serialPatterns' | 'includeOptionalTasks'>;

/** The batch's open tasks as waves: serial steps and groups of [P] tasks. */
export function batchWaves(batch: Pick<BatchItem, 'taskIds' | 'section'>, parsed: ParsedTasks, config: WaveConfig): WaveStep[] {
  const keys = new Set(batch.taskIds);
  const tasks = parsed.tasks.filter((t) => keys.has(t.key) && isOpenWork(t, config.includeOptionalTasks));
  try {
    return planWaves(tasks, {
      parallelAgents: config.parallelAgents,
      serialPatterns: config.serialPatterns,
      ...(batch.section ? { section: batch.section } : {}),
    });
  } catch (e) {
    if (e instanceof SyntaxError) throw new FailStop(`parallel agents: ${e.message}`, 'config');
    throw e;
  }
}

function unitsOf(steps: readonly WaveStep[]): WorkUnit[] {
  // a function, not a shared object: each unit needs its own executionIds array
  const fresh = () => ({ status: 'pending' as const, healAttempts: 0, costUsd: 0, executionIds: [] });
  let index = 0;
  return steps.flatMap((step, i): WorkUnit[] =>
    step.kind === 'serial'
      ? [{ ...fresh(), index: ++index, step: i + 1, parallel: false, taskIds: step.tasks.map((t) => t.key) }]
      : step.groups.map((g, gi) => ({
          ...fresh(),
          index: ++index,
          step: i + 1,
          parallel: true,
          group: gi + 1,
          groupTotal: step.groups.length,
          taskIds: g.map((t) => t.key),
        })),
  );
}

/** Why waves cannot run in this run (said once in the decision log), or undefined when they can. */
export function wavesUnavailable(orch: Pick<OrchestrationExecution, 'checkpoints'>): string | undefined {
  const cp = orch.checkpoints;
  if (!cp || cp.mode === 'off') return `parallel groups need git checkpoints (${cp?.reason ?? 'checkpoints are off'})`;
  if (cp.mode !== 'commit') return 'parallel groups are merged back as commits: they need checkpoints in "commit" mode, not "refs"';
  return undefined;
}

/** The batch's units when it runs waves; undefined when it runs as one agent call. */
export function planUnits(orch: Pick<OrchestrationExecution, 'config' | 'checkpoints'>, batch: BatchItem, parsed: ParsedTasks): WorkUnit[] | undefined {
  if (orch.config.parallelAgents <= 1) return undefined;
  const steps = batchWaves(batch, parsed, orch.config);
  if (!steps.some((s) => s.kind === 'wave') || wavesUnavailable(orch)) return undefined;
  return unitsOf(steps);
}
