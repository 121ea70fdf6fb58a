// Model → template: picks the modal, the progress display or the report, and derives what they need
// (validation, notices, start gate). Pure apart from lit's templates.
import { html, type TemplateResult } from 'lit/html.js';
import type { PanelState } from '../src/protocol/messages';
import { configView } from './config/configView';
import { formFromConfig, validateForm, type FormValidation, type FormValues } from './config/formModel';
import { allNotices, listedNotices, startGate } from './config/notices';
import type { Actions, Model } from './model';
import { noRunView, progressView } from './progress/progressView';
import { reportView } from './report/reportView';

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

function modal(m: Model, panel: PanelState, a: Actions): TemplateResult {
  const form = m.ui.form ?? formFromConfig(panel.config);
  const v = validation(form, panel.config);
  const notices = allNotices(panel);
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
      updating: m.previewPending,
      notices: listedNotices(notices, panel.preflight),
      gate,
      advancedOpen: m.ui.advancedOpen,
      startFailure: m.startFailure,
    },
    a,
  );
}

export function appView(m: Model, a: Actions): TemplateResult {
  const panel = m.panel;
  if (!panel) return loading();
  if (panel.mode === 'report') return reportView(panel, m.copied, a);
  if (panel.mode === 'progress') {
    if (!panel.run) return noRunView(panel);
    const { run } = panel;
    return progressView(
      {
        panel,
        run,
        activity: m.activity,
        agents: m.agents,
        ui: m.ui,
        confirmingCancel: m.confirmingCancel,
        raise: m.raise,
        now: m.now,
        receivedAt: m.receivedAt,
      },
      a,
    );
  }
  return modal(m, panel, a);
}
