// Options shared by the orchestration commands, and the config flags of start/resume.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OrchestrationConfigInput } from '../core/model/config';
import { intOption, numberOption } from './args';
import { UsageError } from './usageError';

export const projectOptions = {
  project: { type: 'string' },
  id: { type: 'string' },
  json: { type: 'boolean', default: false },
  claude: { type: 'string' },
  specflow: { type: 'string' },
} as const;

export const configOptions = {
  config: { type: 'string' },
  'auto-merge': { type: 'boolean' },
  'skip-design': { type: 'boolean' },
  'skip-analyze': { type: 'boolean' },
  context: { type: 'string' },
  'no-auto-heal': { type: 'boolean' },
  'max-heal-attempts': { type: 'string' },
  'batch-size': { type: 'string' },
  'pause-between-batches': { type: 'boolean' },
  'budget-batch': { type: 'string' },
  'budget-total': { type: 'string' },
  'budget-heal': { type: 'string' },
  'budget-decision': { type: 'string' },
  model: { type: 'string' },
  'fallback-model': { type: 'string' },
  'decision-model': { type: 'string' },
  profile: { type: 'string' },
  'permission-mode': { type: 'string' },
  'allowed-tools': { type: 'string' },
  'stale-minutes': { type: 'string' },
  'retry-backoff-seconds': { type: 'string' },
  'no-decisions': { type: 'boolean' },
  'agent-env': { type: 'string', multiple: true },
  gate: { type: 'string' },
  'gate-timeout-minutes': { type: 'string' },
  checkpoints: { type: 'string' },
  'max-batch-tasks': { type: 'string' },
  'include-optional': { type: 'boolean' },
  'checklists-are-tasks': { type: 'boolean' },
  parallel: { type: 'string' },
  'serial-pattern': { type: 'string', multiple: true },
  'max-limit-wait-hours': { type: 'string' },
} as const;

/** How a foreground run reports: GitHub Actions mode, and notifications (never stored in the run's state). */
export const outputOptions = {
  ci: { type: 'boolean', default: false },
  'notify-webhook': { type: 'string' },
  'notify-format': { type: 'string' },
  'notify-desktop': { type: 'boolean', default: false },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

export function projectDir(values: Values): string {
  return resolve(typeof values.project === 'string' ? values.project : process.cwd());
}

/** --config FILE: a JSON object with the config's fields (the flags override it). */
function configFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UsageError(`--config ${path} must hold a JSON object`);
  return config as Record<string, unknown>;
}

/** --agent-env NAME=value (repeatable), over the config file's agentEnv. */
function agentEnvFrom(pairs: string[], base: unknown): Record<string, string> {
  const agentEnv: Record<string, string> = { ...((base as Record<string, string> | undefined) ?? {}) };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--agent-env expects NAME=value (got "${pair}")`);
    agentEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return agentEnv;
}

/** Flags (and --config FILE) as a partial config; the engine validates it with the zod schema. */
export function configFromFlags(values: Values): OrchestrationConfigInput | undefined {
  const config: Record<string, unknown> = typeof values.config === 'string' ? configFile(values.config) : {};
  const set = (key: string, v: unknown) => {
    if (v !== undefined) config[key] = v;
  };
  const budget: Record<string, unknown> = { ...((config.budget as Record<string, unknown>) ?? {}) };
  const setBudget = (key: string, flag: string) => {
    const v = numberOption(flag, values[flag] as string | undefined, { positive: true });
    if (v !== undefined) budget[key] = v;
  };
  if (values['auto-merge']) set('autoMerge', true);
  if (values['skip-design']) set('skipDesign', true);
  if (values['skip-analyze']) set('skipAnalyze', true);
  set('additionalContext', values.context);
  if (values['no-auto-heal']) set('autoHeal', false);
  set('maxHealAttempts', intOption('max-heal-attempts', values['max-heal-attempts'] as string | undefined, 0, 5));
  set('batchSizeFallback', intOption('batch-size', values['batch-size'] as string | undefined, 1, 500));
  if (values['pause-between-batches']) set('pauseBetweenBatches', true);
  setBudget('perBatchUsd', 'budget-batch');
  setBudget('totalUsd', 'budget-total');
  setBudget('healUsd', 'budget-heal');
  setBudget('decisionUsd', 'budget-decision');
  if (Object.keys(budget).length) config.budget = budget;
  set('model', values.model);
  set('fallbackModel', values['fallback-model']);
  set('decisionModel', values['decision-model']);
  set('skillProfile', values.profile);
  set('permissionMode', values['permission-mode']);
  if (typeof values['allowed-tools'] === 'string')
    set(
      'allowedTools',
      values['allowed-tools']
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    );
  set('staleAfterMinutes', numberOption('stale-minutes', values['stale-minutes'] as string | undefined, { positive: true }));
  set('retryBackoffSeconds', numberOption('retry-backoff-seconds', values['retry-backoff-seconds'] as string | undefined));
  if (values['no-decisions']) set('decisions', false);
  set('gate', values.gate);
  set('gateTimeoutMinutes', numberOption('gate-timeout-minutes', values['gate-timeout-minutes'] as string | undefined, { positive: true }));
  set('checkpoints', values.checkpoints);
  set('maxBatchTasks', intOption('max-batch-tasks', values['max-batch-tasks'] as string | undefined, 1, 500));
  if (values['include-optional']) set('includeOptionalTasks', true);
  if (values['checklists-are-tasks']) set('checklistsAreTasks', true);
  set('parallelAgents', intOption('parallel', values.parallel as string | undefined, 1, 8));
  if (Array.isArray(values['serial-pattern'])) set('serialPatterns', values['serial-pattern']);
  set('maxLimitWaitHours', numberOption('max-limit-wait-hours', values['max-limit-wait-hours'] as string | undefined));
  const env = values['agent-env'];
  if (Array.isArray(env)) config.agentEnv = agentEnvFrom(env, config.agentEnv);
  return Object.keys(config).length ? config : undefined;
}
