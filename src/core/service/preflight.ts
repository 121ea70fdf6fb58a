// Everything the modal and `start` show before a run: the batch plan ("Detected 4 batches from
// tasks.md", the format, split sections), the no-sections warning (FR-005), the test gate and the git
// checkpoints the run will use, and what would stop or hurt the run.
import { join, relative } from 'node:path';
import { inspectClaude, resolveClaude, type ClaudeInfo } from '../agent/claudeVersion';
import { inspectRepo } from '../checkpoints/repoState';
import { GateConfigError, resolveGate } from '../engine/gateStage';
import { planFromParsed } from '../engine/batchSync';
import type { OrchestrationConfig } from '../model/config';
import type { CheckpointMode } from '../model/checkpoint';
import type { GateSpec } from '../model/gate';
import type { StatusProvider } from '../status/statusProvider';
import type { StatusSnapshot } from '../status/statusSchema';
import { missingSkills, profileForLayout } from '../engine/skillProfiles';
import type { SpecLayout } from '../status/specLayouts';
import { readParsedTasks } from '../tasks/readTasksFile';
import { describePlan, type BatchPlan } from '../tasks/planBatches';
import { describeWaves, planWaves } from '../tasks/waves';
import { wavesUnavailable } from '../engine/waveUnits';

export interface PreflightWarning {
  code:
    | 'claude_missing'
    | 'claude_version'
    | 'skills_missing'
    | 'all_done'
    | 'no_sections'
    | 'no_tasks_file'
    | 'parse_warning'
    | 'status'
    | 'untrusted'
    | 'not_git'
    | 'dirty_tree'
    | 'gate'
    | 'parallel';
  message: string;
  /** Blocking warnings keep Start disabled. */
  blocking: boolean;
}

export interface PreflightGate {
  spec?: GateSpec;
  source: 'config' | 'detected' | 'none';
  error?: string;
}

export interface PreflightCheckpoints {
  mode: CheckpointMode;
  reason?: string;
  /** Files the user changed before the run: they stay out of batch commits. */
  userPaths: string[];
}

export interface Preflight {
  featureDir?: string;
  tasksPath?: string;
  plan?: BatchPlan;
  planText?: string;
  /** How each batch's [P] tasks would run with parallel agents ("T001 → wave 1: 3 groups (…)"), by batch index. */
  waves?: Record<number, string>;
  snapshot: StatusSnapshot;
  /** Where the spec lives, and the skill profile the run will use there (Kiro and OpenSpec: plain prompts). */
  layout: SpecLayout;
  skillProfile: OrchestrationConfig['skillProfile'];
  claude?: ClaudeInfo;
  gate: PreflightGate;
  checkpoints: PreflightCheckpoints;
  warnings: PreflightWarning[];
}

type Warn = (code: PreflightWarning['code'], message: string, blocking?: boolean) => void;

async function planPart(projectPath: string, tasksPath: string, config: OrchestrationConfig, warn: Warn): Promise<BatchPlan | undefined> {
  try {
    const { parsed } = await readParsedTasks(join(projectPath, tasksPath), { checklistsAreTasks: config.checklistsAreTasks });
    const plan = planFromParsed(parsed, config);
    if (plan.fallback && plan.openTasks > 0)
      warn('no_sections', `No ## sections found in tasks.md: tasks will run in fixed batches of ${config.batchSizeFallback}`);
    if (plan.totalTasks > 0 && plan.openTasks === 0) warn('all_done', 'All tasks in tasks.md are already done: the run goes straight to verify');
    for (const w of plan.warnings.filter((x) => !/no ## sections/i.test(x))) warn('parse_warning', w);
    return plan;
  } catch (e) {
    warn('no_tasks_file', `cannot read ${tasksPath}: ${(e as Error).message}`);
    return undefined;
  }
}

function gatePart(projectPath: string, config: OrchestrationConfig, warn: Warn): PreflightGate {
  try {
    const g = resolveGate(projectPath, config);
    return g.spec ? { spec: g.spec, source: g.source } : { source: 'none' };
  } catch (e) {
    if (!(e instanceof GateConfigError)) throw e;
    warn('gate', e.message, true);
    return { source: 'none', error: e.message };
  }
}

async function checkpointPart(projectPath: string, config: OrchestrationConfig, warn: Warn): Promise<PreflightCheckpoints> {
  if (config.checkpoints === 'off') return { mode: 'off', reason: 'checkpoints are off', userPaths: [] };
  const repo = await inspectRepo(projectPath).catch(() => undefined);
  if (!repo) {
    warn('not_git', 'Not a git repository: there will be no checkpoints, so batches cannot be reverted from SpecFlow');
    return { mode: 'off', reason: 'the project is not a git repository', userPaths: [] };
  }
  const d = repo.dirtyPaths;
  const userPaths = [...new Set([...d.staged, ...d.unstaged, ...d.untracked])].sort();
  if (userPaths.length && config.checkpoints === 'commit') {
    const shown = userPaths.slice(0, 5).join(', ') + (userPaths.length > 5 ? `, and ${userPaths.length - 5} more` : '');
    warn(
      'dirty_tree',
      `${userPaths.length} file(s) you changed before the run stay out of the batch commits (the agents' edits to them stay uncommitted too): ${shown}`,
    );
  }
  if (config.checkpoints === 'commit' && !repo.branch) warn('dirty_tree', 'HEAD is detached: batch commits will fail and be marked so (the run goes on)');
  return { mode: config.checkpoints, userPaths };
}

/** The waves each batch would run (parallelAgents > 1), and why they cannot when the checkpoints forbid them. */
function wavesPart(
  plan: BatchPlan | undefined,
  config: OrchestrationConfig,
  checkpoints: PreflightCheckpoints,
  warn: Warn,
): Record<number, string> | undefined {
  if (!plan || config.parallelAgents <= 1) return undefined;
  const out: Record<number, string> = {};
  try {
    for (const b of plan.batches) {
      const text = describeWaves(
        planWaves(b.tasks, { parallelAgents: config.parallelAgents, serialPatterns: config.serialPatterns, ...(b.section ? { section: b.section } : {}) }),
      );
      if (text) out[b.index] = text;
    }
  } catch (e) {
    warn('parallel', `Serial patterns: ${e instanceof Error ? e.message : String(e)}`, true);
    return undefined;
  }
  const why = Object.keys(out).length ? wavesUnavailable({ checkpoints }) : undefined;
  if (why) warn('parallel', `Parallel agents are off for this run: ${why}`);
  if (!Object.keys(out).length) warn('parallel', `Parallel agents: no batch has consecutive [P] tasks, so every batch runs one agent at a time`);
  return why ? undefined : out;
}

async function claudePart(deps: { claudePath?: string; env?: NodeJS.ProcessEnv; inspect?: boolean }, warn: Warn): Promise<ClaudeInfo | undefined> {
  const resolved = deps.claudePath ? { path: deps.claudePath } : await resolveClaude(undefined, deps.env);
  if (!resolved.path) {
    warn('claude_missing', 'claude CLI not found: install Claude Code or set the claude path in the settings', true);
    return undefined;
  }
  if (deps.inspect === false) return { path: resolved.path };
  const claude = await inspectClaude(resolved.path);
  if (claude.warning) warn('claude_version', claude.warning);
  return claude;
}

export async function runPreflight(
  projectPath: string,
  config: OrchestrationConfig,
  deps: { status: StatusProvider; claudePath?: string; env?: NodeJS.ProcessEnv; inspect?: boolean },
): Promise<Preflight> {
  const warnings: PreflightWarning[] = [];
  const warn: Warn = (code, message, blocking = false) => void warnings.push({ code, message, blocking });
  const snapshot = await deps.status.snapshot(projectPath);
  for (const w of snapshot.warnings) warn('status', w);
  const featureDir = snapshot.featureDir ? relative(projectPath, snapshot.featureDir) || '.' : undefined;
  const tasksPath = featureDir ? (featureDir === '.' ? 'tasks.md' : `${featureDir}/tasks.md`) : undefined;
  const plan = tasksPath && snapshot.hasTasks ? await planPart(projectPath, tasksPath, config, warn) : undefined;
  if (!plan && !(tasksPath && snapshot.hasTasks) && config.skipDesign)
    warn('no_tasks_file', 'No tasks.md found and design is skipped: there is nothing to implement', true);
  const missing = missingSkills(projectPath, profileForLayout(config, snapshot.layout));
  if (missing.length) {
    warn(
      'skills_missing',
      `Skill files not found for ${missing.join(', ')} in .claude/commands or .claude/skills (project or ~/.claude): claude will answer "Unknown command"`,
    );
  }
  const gate = gatePart(projectPath, config, warn);
  const checkpoints = await checkpointPart(projectPath, config, warn);
  const waves = wavesPart(plan, config, checkpoints, warn);
  const claude = await claudePart(deps, warn);
  return {
    ...(featureDir ? { featureDir } : {}),
    ...(tasksPath ? { tasksPath } : {}),
    ...(plan ? { plan, planText: describePlan(plan) } : {}),
    ...(waves ? { waves } : {}),
    snapshot,
    layout: snapshot.layout,
    skillProfile: profileForLayout(config, snapshot.layout).skillProfile,
    ...(claude ? { claude } : {}),
    gate,
    checkpoints,
    warnings,
  };
}
