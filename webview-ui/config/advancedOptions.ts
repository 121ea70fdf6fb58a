// The modal's advanced options (FR-003), collapsed by default: healing, the plan (batch sizes, optional
// tasks, checklists, parallel agents), the test gate and checkpoints, budgets, limits and models.
import { html, type TemplateResult } from 'lit/html.js';
import type { Actions } from '../model';
import { checkboxField, inputField, selectField } from './fields';
import type { FormValidation, FormValues } from './formModel';

type Errors = FormValidation['fieldErrors'];

const CHECKPOINT_OPTIONS = [
  { value: 'commit', label: 'A commit per batch' },
  { value: 'refs', label: 'Private refs only (no commits)' },
  { value: 'off', label: 'Off' },
] as const;

function healing(form: FormValues, e: Errors, a: Actions): TemplateResult {
  return html`<div class="grid">
    ${checkboxField({
      key: 'autoHeal',
      label: 'Auto-heal',
      hint: 'When a batch fails, a healer agent tries to finish its remaining tasks.',
      checked: form.autoHeal,
      onChange: (autoHeal) => a.setForm({ autoHeal }),
    })}
    ${checkboxField({
      key: 'pauseBetweenBatches',
      label: 'Pause between batches',
      hint: 'Wait for Resume after each batch.',
      checked: form.pauseBetweenBatches,
      onChange: (pauseBetweenBatches) => a.setForm({ pauseBetweenBatches }),
    })}
    ${inputField({
      key: 'maxHealAttempts',
      label: 'Max heal attempts',
      type: 'number',
      min: 0,
      max: 5,
      step: 1,
      hint: 'Per batch (0–5).',
      disabled: !form.autoHeal,
      value: form.maxHealAttempts,
      error: e.maxHealAttempts,
      onInput: (maxHealAttempts) => a.setForm({ maxHealAttempts }),
    })}
  </div>`;
}

function planNumbers(form: FormValues, e: Errors, a: Actions): TemplateResult {
  return html`<div class="grid grid-3">
    ${inputField({
      key: 'batchSizeFallback',
      label: 'Batch size fallback',
      type: 'number',
      min: 1,
      max: 500,
      step: 1,
      hint: 'Tasks per batch when tasks.md has no ## sections.',
      value: form.batchSizeFallback,
      error: e.batchSizeFallback,
      onInput: (batchSizeFallback) => a.setForm({ batchSizeFallback }),
    })}
    ${inputField({
      key: 'maxBatchTasks',
      label: 'Max batch tasks',
      type: 'number',
      min: 1,
      max: 500,
      step: 1,
      hint: 'A bigger section is split into parts.',
      value: form.maxBatchTasks,
      error: e.maxBatchTasks,
      onInput: (maxBatchTasks) => a.setForm({ maxBatchTasks }),
    })}
    ${inputField({
      key: 'parallelAgents',
      label: 'Parallel agents',
      type: 'number',
      min: 1,
      max: 8,
      step: 1,
      hint: 'Agents at once for a wave of [P] tasks (1–8; 1: one at a time).',
      value: form.parallelAgents,
      error: e.parallelAgents,
      onInput: (parallelAgents) => a.setForm({ parallelAgents }),
    })}
  </div>`;
}

function planSwitches(form: FormValues, a: Actions): TemplateResult {
  return html`<div class="grid">
    ${checkboxField({
      key: 'includeOptionalTasks',
      label: 'Include optional tasks',
      hint: "Run Kiro's optional tasks (- [ ]*) too.",
      checked: form.includeOptionalTasks,
      onChange: (includeOptionalTasks) => a.setForm({ includeOptionalTasks }),
    })}
    ${checkboxField({
      key: 'checklistsAreTasks',
      label: 'Checklists are tasks',
      hint: 'Batch the ID-less checkboxes of checklist sections ("Validation Checklist"…) as work.',
      checked: form.checklistsAreTasks,
      onChange: (checklistsAreTasks) => a.setForm({ checklistsAreTasks }),
    })}
  </div>`;
}

function gateAndCheckpoints(form: FormValues, e: Errors, a: Actions): TemplateResult {
  return html`<div class="grid grid-3">
    ${inputField({
      key: 'gate',
      label: 'Test gate command',
      placeholder: 'detect (npm test, pytest…)',
      hint: 'Empty: detect it. "none": no gate.',
      value: form.gate,
      error: e.gate,
      onInput: (gate) => a.setForm({ gate }),
    })}
    ${inputField({
      key: 'gateTimeoutMinutes',
      label: 'Gate timeout (minutes)',
      type: 'number',
      min: 1,
      step: 'any',
      value: form.gateTimeoutMinutes,
      error: e.gateTimeoutMinutes,
      onInput: (gateTimeoutMinutes) => a.setForm({ gateTimeoutMinutes }),
    })}
    ${selectField({
      key: 'checkpoints',
      label: 'Checkpoints',
      value: form.checkpoints,
      options: CHECKPOINT_OPTIONS,
      hint: 'How each batch is recorded in git, for Revert.',
      onChange: (v) => a.setForm({ checkpoints: CHECKPOINT_OPTIONS.find((o) => o.value === v)?.value ?? form.checkpoints }),
    })}
  </div>`;
}

function budgets(form: FormValues, e: Errors, a: Actions): TemplateResult {
  const set = (key: 'perBatchUsd' | 'totalUsd' | 'healUsd', value: string): void => {
    const patch: Partial<FormValues> = {};
    patch[key] = value;
    a.setForm(patch);
  };
  const usd = (key: 'perBatchUsd' | 'totalUsd' | 'healUsd', label: string, disabled = false): TemplateResult =>
    inputField({ key, label, type: 'number', step: 'any', prefix: '$', disabled, value: form[key], error: e[key], onInput: (v) => set(key, v) });
  return html`<div class="grid grid-3">${usd('perBatchUsd', 'Per batch')} ${usd('totalUsd', 'Total')} ${usd('healUsd', 'Per heal', !form.autoHeal)}</div>`;
}

function limitsAndModels(form: FormValues, e: Errors, a: Actions): TemplateResult {
  return html`<div class="grid grid-3">
    ${inputField({
      key: 'maxLimitWaitHours',
      label: 'Max usage-limit wait (hours)',
      type: 'number',
      min: 0,
      step: 'any',
      hint: 'A usage limit that resets later pauses the run until then.',
      value: form.maxLimitWaitHours,
      error: e.maxLimitWaitHours,
      onInput: (maxLimitWaitHours) => a.setForm({ maxLimitWaitHours }),
    })}
    ${inputField({
      key: 'model',
      label: 'Model',
      placeholder: 'Claude Code default',
      hint: 'sonnet, opus, haiku or a full model name.',
      value: form.model,
      error: e.model,
      onInput: (model) => a.setForm({ model }),
    })}
    ${inputField({
      key: 'fallbackModel',
      label: 'Fallback model',
      placeholder: 'none',
      hint: 'Used when the model is overloaded or unavailable.',
      value: form.fallbackModel,
      error: e.fallbackModel,
      onInput: (fallbackModel) => a.setForm({ fallbackModel }),
    })}
  </div>`;
}

export function advancedOptions(form: FormValues, v: FormValidation, open: boolean, a: Actions): TemplateResult {
  const e = v.fieldErrors;
  return html`<vscode-collapsible
    id="advanced"
    heading="Advanced options"
    description="healing, batches, parallel agents, test gate, checkpoints, budgets, models"
    ?open=${open}
    @vsc-collapsible-toggle=${(ev: Event) => a.setAdvancedOpen(Boolean((ev.target as unknown as { open: boolean }).open))}
  >
    <div class="advanced">
      <h4 class="subhead">Healing</h4>
      ${healing(form, e, a)}
      <h4 class="subhead">Batches</h4>
      ${planNumbers(form, e, a)} ${planSwitches(form, a)}
      <h4 class="subhead">Test gate and checkpoints</h4>
      ${gateAndCheckpoints(form, e, a)}
      <h4 class="subhead">Budgets (US dollars)</h4>
      ${budgets(form, e, a)}
      <h4 class="subhead">Limits and models</h4>
      ${limitsAndModels(form, e, a)}
    </div>
  </vscode-collapsible>`;
}
