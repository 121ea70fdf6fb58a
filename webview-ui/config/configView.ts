// The Complete Phase modal (FR-001…005, US2): pre-flight warnings, the batch preview, core options,
// advanced options (collapsed), and Start / Cancel.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PanelState, PreflightView } from '../../src/protocol/messages';
import type { Actions, StartFailure } from '../model';
import { icon } from '../shared/dom';
import { plural } from '../shared/format';
import type { BatchPreview } from './batchPreview';
import { checkboxField, inputField, textareaField } from './fields';
import type { FormValidation, FormValues } from './formModel';
import type { Notice, StartGate } from './notices';

export interface ConfigProps {
  panel: PanelState;
  form: FormValues;
  validation: FormValidation;
  preview: BatchPreview;
  notices: Notice[];
  gate: StartGate;
  advancedOpen: boolean;
  startFailure?: StartFailure | undefined;
}

/** Long fallback plans (a batch size of 1 on 500 tasks) list this many and count the rest. */
const MAX_LISTED = 40;

function noticesView(notices: Notice[]): TemplateResult | typeof nothing {
  if (!notices.length) return nothing;
  return html`<section class="notices" aria-labelledby="notices-h">
    <h2 id="notices-h" class="visually-hidden">Pre-flight checks</h2>
    <ul class="notice-list">
      ${notices.map(
        (n) =>
          html`<li class="notice ${n.blocking ? 'notice-blocking' : 'notice-warning'}" data-code=${n.code}>
            ${icon(n.blocking ? 'error' : 'warning')}
            <span>${n.message}${n.blocking ? html`<span class="notice-tag"> (blocks Start)</span>` : nothing}</span>
          </li>`,
      )}
    </ul>
  </section>`;
}

function taskSummary(p: PreflightView): string {
  if (!p.totalTasks) return 'No tasks yet';
  return `${plural(p.totalTasks, 'task')}: ${p.completedTasks} done, ${p.openTasks} open`;
}

function previewView(preview: BatchPreview, preflight: PreflightView | undefined, a: Actions): TemplateResult {
  const listed = preview.batches.slice(0, MAX_LISTED);
  const more = preview.batches.length - listed.length;
  return html`<section class="card-section batches" aria-labelledby="batches-h">
    <h2 id="batches-h">Batches</h2>
    ${
      !preflight
        ? html`<p class="muted">Checking the project…</p>`
        : preview.planText === undefined
          ? html`<p class="plan-text" id="plan-text">No tasks.md yet: the batches are planned from it after design.</p>`
          : html`<p class="plan-text" id="plan-text" aria-live="polite">
              ${icon('list-tree')} <span class="plan-count">${preview.planText}</span> <span class="muted"> · ${taskSummary(preflight)}</span>
            </p>`
    }
    ${
      preview.noSectionsWarning
        ? html`<div class="callout callout-warning" id="no-sections-warning" role="note">
            ${icon('warning')}
            <p>
              <span class="warning-text">${preview.noSectionsWarning}</span>
              <a
                href="#"
                class="inline-action"
                id="edit-batch-size"
                @click=${(e: Event) => {
                  e.preventDefault();
                  a.editBatchSize();
                }}
                >Change the batch size</a
              >
            </p>
          </div>`
        : nothing
    }
    ${
      listed.length
        ? html`<ol class="batch-preview" aria-label="Planned batches">
            ${listed.map(
              (b) =>
                html`<li>
                  <span class="batch-index">${b.index}</span>
                  <span class="batch-name">${b.name || `Batch ${b.index}`}</span>
                  <span class="batch-count">${plural(b.taskCount, 'task')}</span>
                </li>`,
            )}
          </ol>`
        : nothing
    }
    ${more > 0 ? html`<p class="muted">…and ${plural(more, 'more batch', 'more batches')}</p>` : nothing}
  </section>`;
}

function coreOptions(form: FormValues, v: FormValidation, a: Actions): TemplateResult {
  return html`<section class="card-section options" aria-labelledby="core-h">
    <h3 id="core-h">Core options</h3>
    ${checkboxField({
      key: 'autoMerge',
      label: 'Auto-merge',
      hint: 'Merge as soon as verify passes. Off: the run stops at "Merge ready" and waits for you.',
      checked: form.autoMerge,
      onChange: (autoMerge) => a.setForm({ autoMerge }),
    })}
    ${checkboxField({
      key: 'skipDesign',
      label: 'Skip design',
      hint: 'Do not run design even when spec.md or tasks.md is missing (design runs only when one of them is).',
      checked: form.skipDesign,
      onChange: (skipDesign) => a.setForm({ skipDesign }),
    })}
    ${checkboxField({
      key: 'skipAnalyze',
      label: 'Skip analyze',
      hint: 'Go from design straight to implement.',
      checked: form.skipAnalyze,
      onChange: (skipAnalyze) => a.setForm({ skipAnalyze }),
    })}
    ${textareaField({
      key: 'additionalContext',
      label: 'Additional context',
      hint: 'Added to every agent prompt of this run (design, implement, heal, verify).',
      placeholder: 'e.g. Focus on performance',
      value: form.additionalContext,
      error: v.fieldErrors.additionalContext,
      onInput: (additionalContext) => a.setForm({ additionalContext }),
    })}
  </section>`;
}

function advancedOptions(form: FormValues, v: FormValidation, open: boolean, a: Actions): TemplateResult {
  const e = v.fieldErrors;
  return html`<vscode-collapsible
    id="advanced"
    heading="Advanced options"
    description="auto-heal, batch size, budgets, models"
    ?open=${open}
    @vsc-collapsible-toggle=${(ev: Event) => a.setAdvancedOpen(Boolean((ev.target as unknown as { open: boolean }).open))}
  >
    <div class="advanced">
      <div class="grid">
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
      </div>
      <h4 class="subhead">Budgets (US dollars)</h4>
      <div class="grid grid-3">
        ${inputField({
          key: 'perBatchUsd',
          label: 'Per batch',
          type: 'number',
          step: 'any',
          prefix: '$',
          value: form.perBatchUsd,
          error: e.perBatchUsd,
          onInput: (perBatchUsd) => a.setForm({ perBatchUsd }),
        })}
        ${inputField({
          key: 'totalUsd',
          label: 'Total',
          type: 'number',
          step: 'any',
          prefix: '$',
          value: form.totalUsd,
          error: e.totalUsd,
          onInput: (totalUsd) => a.setForm({ totalUsd }),
        })}
        ${inputField({
          key: 'healUsd',
          label: 'Per heal',
          type: 'number',
          step: 'any',
          prefix: '$',
          disabled: !form.autoHeal,
          value: form.healUsd,
          error: e.healUsd,
          onInput: (healUsd) => a.setForm({ healUsd }),
        })}
      </div>
      <h4 class="subhead">Models</h4>
      <div class="grid">
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
      </div>
    </div>
  </vscode-collapsible>`;
}

function problemsView(v: FormValidation, failure: StartFailure | undefined): TemplateResult | typeof nothing {
  if (!v.otherErrors.length && !failure) return nothing;
  return html`<div class="callout callout-error" role="alert" id="start-problems">
    ${icon('error')}
    <div>
      ${failure ? html`<p><strong>${failure.message ?? 'The run could not start'}</strong></p>` : nothing}
      ${v.otherErrors.length ? html`<p>These options come from the settings and are not valid:</p>` : nothing}
      <ul>
        ${[...(failure?.issues ?? []), ...v.otherErrors].map((i) => html`<li>${i}</li>`)}
      </ul>
    </div>
  </div>`;
}

function environmentLine(p: PreflightView | undefined, a: Actions): TemplateResult | typeof nothing {
  if (!p || (!p.tasksPath && !p.claudePath)) return nothing;
  const claude = p.claudePath ? `Claude Code${p.claudeVersion ? ` ${p.claudeVersion}` : ''} (${p.claudePath})` : undefined;
  const tasksPath = p.tasksPath;
  return html`<p class="environment muted">
    ${
      tasksPath
        ? html`<a
            href="#"
            id="open-tasks"
            title="Open ${tasksPath}"
            @click=${(e: Event) => {
              e.preventDefault();
              a.openFile(tasksPath);
            }}
            >${tasksPath}</a
          >`
        : nothing
    }
    ${tasksPath && claude ? ' · ' : ''}${claude ?? ''}
  </p>`;
}

export function configView(p: ConfigProps, a: Actions): TemplateResult {
  return html`<main class="page config-page" aria-labelledby="page-title">
    <div class="card">
      <header class="page-header">
        <h1 id="page-title">${icon('rocket')} Complete Phase</h1>
        <p class="subtitle"><span class="project-name">${p.panel.project.name}</span> <span class="muted">${p.panel.project.path}</span></p>
      </header>
      ${noticesView(p.notices)} ${previewView(p.preview, p.panel.preflight, a)}
      <h2 class="visually-hidden">Options</h2>
      ${coreOptions(p.form, p.validation, a)} ${advancedOptions(p.form, p.validation, p.advancedOpen, a)} ${problemsView(p.validation, p.startFailure)}
      <footer class="actions">
        <vscode-button id="start" icon="play" ?disabled=${!p.gate.enabled} @click=${() => p.gate.enabled && a.start()}>Start</vscode-button>
        <vscode-button id="dismiss" secondary @click=${a.dismiss}>Cancel</vscode-button>
        <p class="start-reason" id="start-reason" aria-live="polite">${p.gate.reason ?? ''}</p>
      </footer>
      ${environmentLine(p.panel.preflight, a)}
    </div>
  </main>`;
}
