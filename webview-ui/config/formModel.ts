// The modal's form: values as typed ↔ OrchestrationConfig, validated with the engine's own schema
// (OrchestrationConfigSchema, through src/protocol) so every issue the host would reject is shown next to its
// field first. Pure.
import { OrchestrationConfigSchema, type OrchestrationConfig } from '../../src/protocol/messages';
import type { FormValues } from '../uiState';

export type { FormValues };
export type FieldKey = keyof FormValues;

export const FIELD_LABELS: Record<FieldKey, string> = {
  autoMerge: 'Auto-merge',
  skipDesign: 'Skip design',
  skipAnalyze: 'Skip analyze',
  additionalContext: 'Additional context',
  autoHeal: 'Auto-heal',
  maxHealAttempts: 'Max heal attempts',
  batchSizeFallback: 'Batch size fallback',
  pauseBetweenBatches: 'Pause between batches',
  perBatchUsd: 'Budget per batch',
  totalUsd: 'Total budget',
  healUsd: 'Heal budget',
  model: 'Model',
  fallbackModel: 'Fallback model',
  maxBatchTasks: 'Max batch tasks',
  includeOptionalTasks: 'Include optional tasks',
  checklistsAreTasks: 'Checklists are tasks',
  parallelAgents: 'Parallel agents',
  gate: 'Test gate',
  gateTimeoutMinutes: 'Gate timeout',
  checkpoints: 'Checkpoints',
  maxLimitWaitHours: 'Max usage-limit wait',
};

/** Config path (as zod reports it) → the form field that edits it. */
const FIELD_OF_PATH: Record<string, FieldKey> = {
  'budget.perBatchUsd': 'perBatchUsd',
  'budget.totalUsd': 'totalUsd',
  'budget.healUsd': 'healUsd',
};
for (const key of Object.keys(FIELD_LABELS) as FieldKey[]) if (!key.endsWith('Usd')) FIELD_OF_PATH[key] = key;

const NUMBER_FIELDS: ReadonlySet<FieldKey> = new Set([
  'maxHealAttempts',
  'batchSizeFallback',
  'perBatchUsd',
  'totalUsd',
  'healUsd',
  'maxBatchTasks',
  'parallelAgents',
  'gateTimeoutMinutes',
  'maxLimitWaitHours',
]);

export function formFromConfig(c: OrchestrationConfig): FormValues {
  return {
    autoMerge: c.autoMerge,
    skipDesign: c.skipDesign,
    skipAnalyze: c.skipAnalyze,
    additionalContext: c.additionalContext,
    autoHeal: c.autoHeal,
    maxHealAttempts: String(c.maxHealAttempts),
    batchSizeFallback: String(c.batchSizeFallback),
    pauseBetweenBatches: c.pauseBetweenBatches,
    perBatchUsd: String(c.budget.perBatchUsd),
    totalUsd: String(c.budget.totalUsd),
    healUsd: String(c.budget.healUsd),
    model: c.model,
    fallbackModel: c.fallbackModel,
    maxBatchTasks: String(c.maxBatchTasks),
    includeOptionalTasks: c.includeOptionalTasks,
    checklistsAreTasks: c.checklistsAreTasks,
    parallelAgents: String(c.parallelAgents),
    gate: c.gate,
    gateTimeoutMinutes: String(c.gateTimeoutMinutes),
    checkpoints: c.checkpoints,
    maxLimitWaitHours: String(c.maxLimitWaitHours),
  };
}

/** A typed number: '' or anything that is not a number becomes NaN, which the schema rejects. */
export function parseNumber(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

/** The config the form describes: the host's config (fields the modal does not show) with the form on top. */
export function configInput(form: FormValues, base: OrchestrationConfig): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const key of Object.keys(form) as FieldKey[]) {
    if (key.endsWith('Usd')) continue;
    typed[key] = NUMBER_FIELDS.has(key) ? parseNumber(String(form[key])) : form[key];
  }
  return {
    ...base,
    ...typed,
    budget: {
      ...base.budget,
      perBatchUsd: parseNumber(form.perBatchUsd),
      totalUsd: parseNumber(form.totalUsd),
      healUsd: parseNumber(form.healUsd),
    },
  };
}

export interface FormValidation {
  /** The validated config to send with `start`, when there is no issue. */
  config?: OrchestrationConfig;
  /** One message per form field that has a problem. */
  fieldErrors: Partial<Record<FieldKey, string>>;
  /** Problems in options the modal does not show (they come from the settings): listed above Start. */
  otherErrors: string[];
}

export interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
}

function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** zod's own wording ("Too small: expected number to be >=1") reworded for a person; custom messages kept. */
export function fieldMessage(label: string, numeric: boolean, issue: Issue): string {
  if (numeric && issue.code === 'invalid_type' && /^Invalid input/.test(issue.message)) return `${label} must be a number`;
  const exclusive = issue.inclusive === false;
  if (/^Too small/.test(issue.message) && issue.minimum !== undefined) return `${label} must be ${exclusive ? 'greater than' : 'at least'} ${issue.minimum}`;
  if (/^Too big/.test(issue.message) && issue.maximum !== undefined) return `${label} must be ${exclusive ? 'less than' : 'at most'} ${issue.maximum}`;
  if (/^Invalid (input|option)/.test(issue.message)) return `${label} is not valid`;
  return capitalize(issue.message);
}

export function validateForm(form: FormValues, base: OrchestrationConfig): FormValidation {
  const r = OrchestrationConfigSchema.safeParse(configInput(form, base));
  if (r.success) return { config: r.data, fieldErrors: {}, otherErrors: [] };
  const fieldErrors: Partial<Record<FieldKey, string>> = {};
  const otherErrors: string[] = [];
  for (const issue of r.error.issues as Issue[]) {
    const path = issue.path.map(String).join('.');
    const field = FIELD_OF_PATH[path];
    if (field) fieldErrors[field] ??= fieldMessage(FIELD_LABELS[field], NUMBER_FIELDS.has(field), issue);
    else otherErrors.push(path ? `${path}: ${issue.message}` : issue.message);
  }
  return { fieldErrors, otherErrors };
}
