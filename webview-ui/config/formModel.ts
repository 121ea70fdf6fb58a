// The modal's form: values as typed ↔ OrchestrationConfig, validated with the engine's own schema
// (OrchestrationConfigSchema) so every issue the host would reject is shown next to its field first. Pure.
import { OrchestrationConfigSchema, type OrchestrationConfig } from '../../src/core/model/config';
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
};

/** Config path (as zod reports it) → the form field that edits it. */
const FIELD_OF_PATH: Record<string, FieldKey> = {
  autoMerge: 'autoMerge',
  skipDesign: 'skipDesign',
  skipAnalyze: 'skipAnalyze',
  additionalContext: 'additionalContext',
  autoHeal: 'autoHeal',
  maxHealAttempts: 'maxHealAttempts',
  batchSizeFallback: 'batchSizeFallback',
  pauseBetweenBatches: 'pauseBetweenBatches',
  'budget.perBatchUsd': 'perBatchUsd',
  'budget.totalUsd': 'totalUsd',
  'budget.healUsd': 'healUsd',
  model: 'model',
  fallbackModel: 'fallbackModel',
};

const NUMBER_FIELDS: ReadonlySet<FieldKey> = new Set(['maxHealAttempts', 'batchSizeFallback', 'perBatchUsd', 'totalUsd', 'healUsd']);

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
  };
}

/** A typed number: '' or anything that is not a number becomes NaN, which the schema rejects. */
export function parseNumber(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

/** The config the form describes: the host's config (fields the modal does not show) with the form on top. */
export function configInput(form: FormValues, base: OrchestrationConfig): Record<string, unknown> {
  return {
    ...base,
    autoMerge: form.autoMerge,
    skipDesign: form.skipDesign,
    skipAnalyze: form.skipAnalyze,
    additionalContext: form.additionalContext,
    autoHeal: form.autoHeal,
    maxHealAttempts: parseNumber(form.maxHealAttempts),
    batchSizeFallback: parseNumber(form.batchSizeFallback),
    pauseBetweenBatches: form.pauseBetweenBatches,
    budget: {
      ...base.budget,
      perBatchUsd: parseNumber(form.perBatchUsd),
      totalUsd: parseNumber(form.totalUsd),
      healUsd: parseNumber(form.healUsd),
    },
    model: form.model,
    fallbackModel: form.fallbackModel,
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

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: unknown;
  maximum?: unknown;
}

function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** zod's own wording ("Too small: expected number to be >=1") reworded for a person; custom messages kept. */
function fieldMessage(field: FieldKey, issue: Issue): string {
  const label = FIELD_LABELS[field];
  if (NUMBER_FIELDS.has(field) && issue.code === 'invalid_type') return `${label} must be a number`;
  if (/^Too small/.test(issue.message) && issue.minimum !== undefined) return `${label} must be at least ${String(issue.minimum)}`;
  if (/^Too big/.test(issue.message) && issue.maximum !== undefined) return `${label} must be at most ${String(issue.maximum)}`;
  if (/^Invalid input/.test(issue.message)) return `${label} is not valid`;
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
    if (field) fieldErrors[field] ??= fieldMessage(field, issue);
    else otherErrors.push(path ? `${path}: ${issue.message}` : issue.message);
  }
  return { fieldErrors, otherErrors };
}

/** The batch size to preview with, or undefined while the field does not hold a valid one. */
export function validBatchSize(form: FormValues): number | undefined {
  const n = parseNumber(form.batchSizeFallback);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : undefined;
}
