// Everything the modal and `start` show before a run: the batch plan ("Detected 4 batches from
// tasks.md"), the no-sections warning (FR-005), and what would stop or hurt the run.
import { join, relative } from 'node:path';
import { inspectClaude, resolveClaude, type ClaudeInfo } from '../agent/claudeVersion';
import type { OrchestrationConfig } from '../model/config';
import type { StatusProvider } from '../status/statusProvider';
import type { StatusSnapshot } from '../status/statusSchema';
import { missingSkills } from '../engine/skillProfiles';
import { readParsedTasks } from '../tasks/readTasksFile';
import { describePlan, planBatches, type BatchPlan } from '../tasks/planBatches';

export interface PreflightWarning {
  code: 'claude_missing' | 'claude_version' | 'skills_missing' | 'all_done' | 'no_sections' | 'no_tasks_file' | 'parse_warning' | 'status' | 'untrusted';
  message: string;
  /** Blocking warnings keep Start disabled. */
  blocking: boolean;
}

export interface Preflight {
  featureDir?: string;
  tasksPath?: string;
  plan?: BatchPlan;
  planText?: string;
  snapshot: StatusSnapshot;
  claude?: ClaudeInfo;
  warnings: PreflightWarning[];
}

export async function runPreflight(
  projectPath: string,
  config: OrchestrationConfig,
  deps: { status: StatusProvider; claudePath?: string; env?: NodeJS.ProcessEnv; inspect?: boolean },
): Promise<Preflight> {
  const warnings: PreflightWarning[] = [];
  const snapshot = await deps.status.snapshot(projectPath);
  for (const w of snapshot.warnings) warnings.push({ code: 'status', message: w, blocking: false });
  const featureDir = snapshot.featureDir ? relative(projectPath, snapshot.featureDir) || '.' : undefined;
  const tasksPath = featureDir ? (featureDir === '.' ? 'tasks.md' : `${featureDir}/tasks.md`) : undefined;
  let plan: BatchPlan | undefined;
  if (tasksPath && snapshot.hasTasks) {
    try {
      plan = planBatches((await readParsedTasks(join(projectPath, tasksPath))).parsed, config.batchSizeFallback);
      if (plan.fallback && plan.openTasks > 0) {
        warnings.push({
          code: 'no_sections',
          message: `No ## sections found in tasks.md: tasks will run in fixed batches of ${config.batchSizeFallback}`,
          blocking: false,
        });
      }
      if (plan.totalTasks > 0 && plan.openTasks === 0) {
        warnings.push({ code: 'all_done', message: 'All tasks in tasks.md are already done: the run goes straight to verify', blocking: false });
      }
      for (const w of plan.warnings.filter((x) => !/no ## sections/.test(x))) warnings.push({ code: 'parse_warning', message: w, blocking: false });
    } catch (e) {
      warnings.push({ code: 'no_tasks_file', message: `cannot read ${tasksPath}: ${(e as Error).message}`, blocking: false });
    }
  } else if (config.skipDesign) {
    warnings.push({ code: 'no_tasks_file', message: 'No tasks.md found and design is skipped: there is nothing to implement', blocking: true });
  }
  const missing = missingSkills(projectPath, config);
  if (missing.length) {
    warnings.push({
      code: 'skills_missing',
      message: `Skill files not found for ${missing.join(', ')} in .claude/commands or .claude/skills (project or ~/.claude): claude will answer "Unknown command"`,
      blocking: false,
    });
  }
  let claude: ClaudeInfo | undefined;
  const resolved = deps.claudePath ? { path: deps.claudePath } : await resolveClaude(undefined, deps.env);
  if (!resolved.path) {
    warnings.push({ code: 'claude_missing', message: 'claude CLI not found: install Claude Code or set the claude path in the settings', blocking: true });
  } else if (deps.inspect !== false) {
    claude = await inspectClaude(resolved.path);
    if (claude.warning) warnings.push({ code: 'claude_version', message: claude.warning, blocking: false });
  } else {
    claude = { path: resolved.path };
  }
  return {
    ...(featureDir ? { featureDir } : {}),
    ...(tasksPath ? { tasksPath } : {}),
    ...(plan ? { plan, planText: describePlan(plan) } : {}),
    snapshot,
    ...(claude ? { claude } : {}),
    warnings,
  };
}
