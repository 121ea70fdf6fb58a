// Settings → an OrchestrationConfig input, validated by the engine's own zod schema; a bad value is
// reported once, clearly, and the default is used instead.
import * as vscode from 'vscode';
import { formatIssues, OrchestrationConfigSchema, type OrchestrationConfigInput } from '../../core/model/config';

const KEYS = [
  'autoMerge',
  'skipDesign',
  'skipAnalyze',
  'autoHeal',
  'maxHealAttempts',
  'batchSizeFallback',
  'pauseBetweenBatches',
  'model',
  'fallbackModel',
  'decisionModel',
  'skillProfile',
  'skills',
  'permissionMode',
  'allowedTools',
  'staleAfterMinutes',
  'decisions',
  'gate',
  'gateTimeoutMinutes',
  'checkpoints',
  'maxBatchTasks',
  'includeOptionalTasks',
  'checklistsAreTasks',
  'parallelAgents',
  'serialPatterns',
  'maxLimitWaitHours',
] as const;

export interface SpecflowSettings {
  claudePath: string | undefined;
  specflowPath: string | undefined;
  agentEnv: Record<string, string>;
  /** Defaults for the modal; always valid (bad fields fall back to their defaults). */
  defaults: OrchestrationConfigInput;
  problems: string[];
}

export function readSettings(scope?: vscode.Uri): SpecflowSettings {
  const cfg = vscode.workspace.getConfiguration('specflow', scope);
  const raw: Record<string, unknown> = {};
  for (const k of KEYS) {
    const v = cfg.inspect(`defaults.${k}`);
    const set = v?.workspaceFolderValue ?? v?.workspaceValue ?? v?.globalValue;
    if (set !== undefined) raw[k] = set;
  }
  const budget: Record<string, unknown> = {};
  for (const k of ['perBatchUsd', 'totalUsd', 'healUsd', 'decisionUsd']) {
    const v = cfg.inspect(`defaults.budget.${k}`);
    const set = v?.workspaceFolderValue ?? v?.workspaceValue ?? v?.globalValue;
    if (set !== undefined) budget[k] = set;
  }
  if (Object.keys(budget).length) raw.budget = budget;
  const problems: string[] = [];
  const defaults: Record<string, unknown> = {};
  // Validate field by field so one bad value does not discard the good ones.
  for (const [k, v] of Object.entries(raw)) {
    const r = OrchestrationConfigSchema.safeParse({ ...defaults, [k]: v });
    if (r.success) defaults[k] = v;
    else problems.push(...formatIssues(r.error).map((m) => `specflow.defaults.${m}`));
  }
  const agentEnv = cfg.get<Record<string, unknown>>('agentEnv') ?? {};
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(agentEnv)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && typeof v === 'string') env[k] = v;
    else problems.push(`specflow.agentEnv: "${k}" must be a variable name with a string value`);
  }
  const str = (k: string) => {
    const v = cfg.get<string>(k);
    return v && v.trim() ? v.trim() : undefined;
  };
  return { claudePath: str('claudePath'), specflowPath: str('specflowPath'), agentEnv: env, defaults: defaults, problems };
}
