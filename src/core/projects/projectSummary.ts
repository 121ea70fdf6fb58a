// What the projects tree shows for a project without running anything: its feature, task counts and
// the batches the planner sees now. Built from the files (the built-in status), so it is cheap to redo
// on every file change.
import { basename, join, relative } from 'node:path';
import { computeBuiltinStatus } from '../status/builtinStatus';
import { readParsedTasks } from '../tasks/readTasksFile';
import { describePlan, planBatches } from '../tasks/planBatches';

export interface ProjectSummary {
  path: string;
  name: string;
  feature?: string;
  featureDir?: string;
  tasksPath?: string;
  tasks: { completed: number; total: number; open: number };
  plan?: { text: string; fallback: boolean; batches: { index: number; name: string; taskCount: number }[] };
  hasSpec: boolean;
  problem?: string;
}

export async function summarizeProject(path: string, batchSize = 15): Promise<ProjectSummary> {
  const status = await computeBuiltinStatus(path);
  const featureDir = status.context.featureDir ? relative(path, status.context.featureDir) || '.' : undefined;
  const summary: ProjectSummary = {
    path,
    name: basename(path),
    ...(status.phase.name
      ? {
          feature:
            status.phase.number && !status.phase.name.startsWith(status.phase.number) ? `${status.phase.number} ${status.phase.name}` : status.phase.name,
        }
      : {}),
    ...(featureDir ? { featureDir } : {}),
    tasks: { completed: 0, total: 0, open: 0 },
    hasSpec: status.context.hasSpec,
  };
  if (!featureDir || !status.context.hasTasks) return summary;
  summary.tasksPath = featureDir === '.' ? 'tasks.md' : `${featureDir}/tasks.md`;
  try {
    const plan = planBatches((await readParsedTasks(join(path, summary.tasksPath))).parsed, batchSize);
    summary.tasks = { completed: plan.completedTasks, total: plan.totalTasks, open: plan.openTasks };
    summary.plan = {
      text: describePlan(plan),
      fallback: plan.fallback,
      batches: plan.batches.map((b) => ({ index: b.index, name: b.name, taskCount: b.taskIds.length })),
    };
  } catch (e) {
    summary.problem = `cannot read ${summary.tasksPath}: ${(e as Error).message}`;
  }
  if (!summary.feature && featureDir !== '.') summary.feature = basename(featureDir);
  return summary;
}
