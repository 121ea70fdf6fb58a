// The facts of `specflow status --json`, computed from the files when the specflow CLI is absent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readParsedTasks } from '../tasks/readTasksFile';
import { findFeatureDir, readSpecflowState, roadmapHasUserGate } from './featureDir';
import { hasLayoutSpec, layoutOf } from './specLayouts';
import type { StatusOutput } from './statusSchema';

const STEPS = ['design', 'analyze', 'implement', 'verify'] as const;

type Issue = { code: string; severity: string; message: string };

async function countTasks(featureDir: string, issues: Issue[]): Promise<{ completed: number; total: number; blocked: number }> {
  try {
    const { parsed } = await readParsedTasks(join(featureDir, 'tasks.md'));
    return {
      total: parsed.tasks.length,
      completed: parsed.tasks.filter((t) => t.status === 'done').length,
      blocked: parsed.tasks.filter((t) => t.status === 'blocked').length,
    };
  } catch (e) {
    issues.push({ code: 'TASKS_UNREADABLE', severity: 'error', message: (e as Error).message });
    return { completed: 0, total: 0, blocked: 0 };
  }
}

export async function computeBuiltinStatus(projectPath: string): Promise<StatusOutput> {
  const state = readSpecflowState(projectPath);
  const featureDir = findFeatureDir(projectPath, state);
  const has = (f: string) => Boolean(featureDir && existsSync(join(featureDir, f)));
  const layout = layoutOf(projectPath, featureDir);
  // Kiro's requirements.md/design.md and OpenSpec's proposal.md are their spec.md
  const hasSpec = featureDir ? hasLayoutSpec(featureDir, layout) : false;
  const hasPlan = has('plan.md');
  const hasTasks = has('tasks.md');
  const issues: Issue[] = [];
  const { completed, total, blocked } = featureDir && hasTasks ? await countTasks(featureDir, issues) : { completed: 0, total: 0, blocked: 0 };
  if (!featureDir) issues.push({ code: 'NO_FEATURE', severity: 'warning', message: 'no feature directory (specs/NNN-name/) found' });
  const hasUserGate = Boolean(state?.hasUserGate) || roadmapHasUserGate(projectPath, state?.phaseNumber ?? null);
  const open = total - completed;
  const nextAction =
    !featureDir || !hasSpec
      ? 'run_design'
      : !hasTasks
        ? 'run_design'
        : open > blocked
          ? 'continue_implement'
          : hasUserGate && state?.userGateStatus !== 'confirmed' && state?.userGateStatus !== 'skipped'
            ? 'awaiting_user_gate'
            : 'run_verify';
  const stepCurrent = state?.stepCurrent ?? (nextAction === 'run_design' ? 'design' : nextAction === 'continue_implement' ? 'implement' : 'verify');
  return {
    phase: {
      number: state?.phaseNumber ?? null,
      name: state?.phaseName ?? (featureDir ? (featureDir.split(/[\\/]/).pop() ?? null) : null),
      branch: state?.branch ?? null,
      status: state?.phaseStatus ?? (featureDir ? 'in_progress' : null),
      hasUserGate,
      ...(state?.userGateStatus ? { userGateStatus: state.userGateStatus } : {}),
    },
    step: {
      current: stepCurrent,
      index: Math.max(0, STEPS.indexOf(stepCurrent as (typeof STEPS)[number])),
      status: state?.stepStatus ?? 'in_progress',
    },
    progress: {
      tasksCompleted: completed,
      tasksTotal: total,
      tasksBlocked: blocked,
      percentage: total ? Math.round((completed / total) * 100) : 0,
    },
    health: { status: issues.some((i) => i.severity === 'error') ? 'error' : issues.length ? 'warning' : 'ready', issues },
    nextAction,
    blockers: [],
    context: { featureDir, hasSpec, hasPlan, hasTasks, layout },
  };
}
