// The Complete Phase modal (FR-001…005, US2): pre-flight warnings, the batch preview (the host's plan), the
// test gate and checkpoints, core options, advanced options (collapsed), and Start / Cancel.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PanelState, PreflightView } from '../../src/protocol/messages';
import type { Actions, StartFailure } from '../model';
import { icon } from '../shared/dom';
import { advancedOptions } from './advancedOptions';
import { checkboxField, textareaField } from './fields';
import type { FormValidation, FormValues } from './formModel';
import type { Notice, StartGate } from './notices';
import { planView } from './planView';
import { safetyView } from './safetyView';

export interface ConfigProps {
  panel: PanelState;
  form: FormValues;
  validation: FormValidation;
  /** A preview of changed options is on its way: the plan shown is the previous one. */
  updating: boolean;
  notices: Notice[];
  gate: StartGate;
  advancedOpen: boolean;
  startFailure?: StartFailure | undefined;
}

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
  const preflight = p.panel.preflight;
  return html`<main class="page config-page" aria-labelledby="page-title">
    <div class="card">
      <header class="page-header">
        <h1 id="page-title">${icon('rocket')} Complete Phase</h1>
        <p class="subtitle"><span class="project-name">${p.panel.project.name}</span> <span class="muted">${p.panel.project.path}</span></p>
      </header>
      ${noticesView(p.notices)} ${planView(preflight, { form: p.form, updating: p.updating }, a)} ${safetyView(preflight, a)}
      <h2 class="visually-hidden">Options</h2>
      ${coreOptions(p.form, p.validation, a)} ${advancedOptions(p.form, p.validation, p.advancedOpen, a)} ${problemsView(p.validation, p.startFailure)}
      <footer class="actions">
        <vscode-button id="start" icon="play" ?disabled=${!p.gate.enabled} @click=${() => p.gate.enabled && a.start()}>Start</vscode-button>
        <vscode-button id="dismiss" secondary @click=${() => a.dismiss()}>Cancel</vscode-button>
        <p class="start-reason" id="start-reason" aria-live="polite">${p.gate.reason ?? ''}</p>
      </footer>
      ${environmentLine(preflight, a)}
    </div>
  </main>`;
}
