// BatchTask builders for the wave planner's tests.
import type { BatchTask } from '../../../src/core/tasks/planBatches';
import type { WaveStep } from '../../../src/core/tasks/waves';

let line = 0;

export function task(key: string, text: string, extra: Partial<BatchTask> = {}): BatchTask {
  return {
    key,
    id: key,
    line: ++line,
    text: `${key} ${text}`,
    synthetic: false,
    steps: [],
    context: [],
    parallel: text.includes('[P]'),
    serial: false,
    ...extra,
  };
}

/** Steps as keys: `['serial', 'T001', 'T002']` or `['wave', ['T002', 'T004'], ['T003']]`. */
export function shape(steps: readonly WaveStep[]): (string | string[])[][] {
  return steps.map((s) => (s.kind === 'serial' ? ['serial', ...s.tasks.map((t) => t.key)] : ['wave', ...s.groups.map((g) => g.map((t) => t.key))]));
}
