// A new run record: the configuration, where the feature lives, the pre-flight's warnings and the first
// decision-log entry, before anything runs.
import { basename } from 'node:path';
import type { OrchestrationConfig } from '../model/config';
import { SCHEMA_VERSION, type OrchestrationExecution } from '../model/execution';
import { logEntry } from '../engine/decisionLog';
import type { StatusProvider } from '../status/statusProvider';
import { runPreflight } from './preflight';
import { setUpCheckpoints } from '../engine/checkpointStage';
import { GateConfigError, resolveGate } from '../engine/gateStage';
import { InputError } from './errors';
import { layoutLabel } from '../status/specLayouts';
import { serialMatcher } from '../tasks/waves';

export async function newOrchestration(projectPath: string, id: string, asked: OrchestrationConfig, status: StatusProvider): Promise<OrchestrationExecution> {
  const pre = await runPreflight(projectPath, asked, { status, inspect: false, claudePath: 'claude' });
  const config = pre.skillProfile === asked.skillProfile ? asked : { ...asked, skillProfile: pre.skillProfile };
  const now = new Date().toISOString();
  const step = { status: 'pending' as const, executionIds: [], costUsd: 0 };
  const orch: OrchestrationExecution = {
    schemaVersion: SCHEMA_VERSION,
    id,
    projectPath,
    projectName: basename(projectPath),
    ...(pre.featureDir ? { featureDir: pre.featureDir } : {}),
    ...(pre.tasksPath ? { tasksPath: pre.tasksPath } : {}),
    status: 'running',
    phase: 'design',
    config,
    createdAt: now,
    startedAt: now,
    updatedAt: now,
    steps: { design: { ...step }, analyze: { ...step }, verify: { ...step }, merge: { ...step } },
    batches: [],
    fallback: false,
    taskProgress: pre.plan ? { completed: pre.plan.completedTasks, total: pre.plan.totalTasks } : { completed: 0, total: 0 },
    agentRuns: [],
    totalCostUsd: 0,
    warnings: pre.warnings.filter((w) => w.code !== 'claude_missing').map((w) => w.message),
    pauseRequested: false,
    waitLog: [],
    activeMs: 0,
    activeSince: now,
    decisionLog: [],
    decisionLogArchived: 0,
  };
  try {
    serialMatcher(config.serialPatterns);
  } catch (e) {
    throw new InputError(e instanceof Error ? e.message : String(e));
  }
  try {
    orch.gate = resolveGate(projectPath, config);
  } catch (e) {
    if (e instanceof GateConfigError) throw new InputError(e.message);
    throw e;
  }
  orch.checkpoints = await setUpCheckpoints(projectPath, id, config.checkpoints);
  logEntry(orch, 'note', `orchestration started${pre.planText ? `: ${pre.planText}` : ''}`, {
    // agentEnv may hold a key or a token: the log names the variables, never their values
    config: { ...config, agentEnv: Object.fromEntries(Object.keys(config.agentEnv).map((k) => [k, '***'])) },
    featureDir: pre.featureDir,
    ...(config !== asked ? { skillProfile: `plain prompts: a ${layoutLabel(pre.layout)} has no ${asked.skillProfile} skills` } : {}),
    statusSource: status.source,
    warnings: orch.warnings,
    gate: orch.gate.spec ? `${orch.gate.spec.command} (${orch.gate.source})` : 'none',
    checkpoints: orch.checkpoints.mode === 'off' ? `off: ${orch.checkpoints.reason}` : orch.checkpoints.mode,
    userPaths: orch.checkpoints.userPaths,
  });
  return orch;
}
