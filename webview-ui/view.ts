// Model → template: picks the modal or the progress display, and derives what they need (validation,
// batch preview, notices, start gate). Pure apart from lit's templates.
import { html, type TemplateResult } from 'lit/html.js';
import type { PanelState } from '../src/protocol/messages';
import { batchPreview } from './config/batchPreview';
import { configView } from './config/configView';
import { formFromConfig, validateForm, validBatchSize, type FormValidation, type FormValues } from './config/formModel';
import { preflightNotices, startGate } from './config/notices';
import type { Actions, Model } from './model';
import { noRunView, progressView } from './progress/progressView';

let memo: { form: FormValues; base: PanelState['config']; result: FormValidation } | undefined;

/** validateForm, remembered for the same form and base (renders also happen for unrelated reasons). */
export function validation(form: FormValues, base: PanelState['config']): FormValidation {
  if (memo && memo.form === form && memo.base === base) return memo.result;
  memo = { form, base, result: validateForm(form, base) };
  return memo.result;
}

function loading(): TemplateResult {
  return html`<main class="page loading" aria-busy="true"><p class="muted">Loading SpecFlow…</p></main>`;
}

export function appView(m: Model, a: Actions): TemplateResult {
  const panel = m.panel;
  if (!panel) return loading();
  if (panel.mode === 'progress') {
    if (!panel.run) return noRunView(panel);
    return progressView(
      { panel, run: panel.run, activity: m.activity, ui: m.ui, confirmingCancel: m.confirmingCancel, now: m.now, receivedAt: m.receivedAt },
      a,
    );
  }
  const form = m.ui.form ?? formFromConfig(panel.config);
  const v = validation(form, panel.config);
  const notices = preflightNotices(panel);
  const gate = startGate({
    busy: panel.busy,
    pending: m.startPending,
    notices,
    invalidFields: Object.keys(v.fieldErrors).length,
    otherErrors: v.otherErrors.length,
  });
  return configView(
    {
      panel,
      form,
      validation: v,
      preview: batchPreview(panel.preflight, validBatchSize(form)),
      notices,
      gate,
      advancedOpen: m.ui.advancedOpen,
      startFailure: m.startFailure,
    },
    a,
  );
}
