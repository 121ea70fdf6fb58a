// The one-line view of a run that `list` returns, from the CLI and from the extension API alike.
import type { OrchestrationExecution } from '../model/execution';

export interface RunBrief {
  id: string;
  status: OrchestrationExecution['status'];
  phase: OrchestrationExecution['phase'];
  projectPath: string;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  batches: { total: number; done: number };
  taskProgress: { completed: number; total: number };
  totalCostUsd: number;
}

export function runBrief(e: OrchestrationExecution): RunBrief {
  return {
    id: e.id,
    status: e.status,
    phase: e.phase,
    projectPath: e.projectPath,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    ...(e.completedAt ? { completedAt: e.completedAt } : {}),
    batches: { total: e.batches.length, done: e.batches.filter((b) => b.status === 'completed' || b.status === 'healed').length },
    taskProgress: e.taskProgress,
    totalCostUsd: e.totalCostUsd,
  };
}
