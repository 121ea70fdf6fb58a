// What the views may do (model.ts `Actions`), as changes of the model and messages to the host.
import type { WebviewToHost } from '../src/protocol/messages';
import { formFromConfig } from './config/formModel';
import type { Actions, Model } from './model';
import { checkRaise } from './progress/raiseBudgetModel';
import type { FormValues, UiState } from './uiState';
import { validation } from './view';

const MAX_OPEN_LOG_ENTRIES = 100;

/** The controller's side that the actions use. */
export interface Controller {
  readonly model: Model;
  post(message: WebviewToHost): boolean;
  updateUi(patch: Partial<UiState>): void;
  /** The modal's values changed: preview the plan if a plan-changing option moved. */
  formChanged(form: FormValues): void;
  schedule(): void;
  /** Focus this element after the next render. */
  focusAfterRender(selector: string): void;
}

type RunMessage = 'pause' | 'resume' | 'merge' | 'exportLog' | 'cancel';

/** The run the view shows: the report's in the Report view, else the progress's. */
function shownRunId(m: Model): string | undefined {
  const p = m.panel;
  return p?.mode === 'report' ? (p.report?.id ?? p.run?.id) : p?.run?.id;
}

function runActions(
  c: Controller,
): Pick<Actions, Exclude<RunMessage, 'cancel'> | 'revertBatch' | 'openChanges' | 'showReport' | 'showProgress'> & { cancel: () => void } {
  const withRun = (type: RunMessage) => (): void => {
    const id = shownRunId(c.model);
    if (id) c.post({ type, id });
  };
  const withBatch =
    (type: 'revertBatch' | 'openChanges') =>
    (batch: number): void => {
      const id = shownRunId(c.model);
      if (id) c.post({ type, id, batch });
    };
  const show = (view: 'report' | 'progress') => (): void => {
    const id = shownRunId(c.model);
    if (id) c.post({ type: 'showView', id, view });
  };
  return {
    pause: withRun('pause'),
    resume: withRun('resume'),
    merge: withRun('merge'),
    exportLog: withRun('exportLog'),
    cancel: withRun('cancel'),
    revertBatch: withBatch('revertBatch'),
    openChanges: withBatch('openChanges'),
    showReport: show('report'),
    showProgress: show('progress'),
  };
}

function formActions(c: Controller): Pick<Actions, 'setForm' | 'setAdvancedOpen' | 'editOption' | 'start' | 'dismiss'> {
  return {
    setForm: (patch) => {
      const panel = c.model.panel;
      if (!panel) return;
      const form = { ...(c.model.ui.form ?? formFromConfig(panel.config)), ...patch };
      c.updateUi({ form });
      c.formChanged(form);
    },
    setAdvancedOpen: (open) => c.updateUi({ advancedOpen: open }),
    editOption: (key) => {
      c.focusAfterRender(`#f-${key}`);
      c.updateUi({ advancedOpen: true });
    },
    start: () => {
      const m = c.model;
      if (!m.panel || m.startPending) return;
      const v = validation(m.ui.form ?? formFromConfig(m.panel.config), m.panel.config);
      if (!v.config) return;
      if (c.post({ type: 'start', config: v.config })) {
        m.startPending = true;
        m.startFailure = undefined;
        c.schedule();
      }
    },
    dismiss: () => void c.post({ type: 'dismiss' }),
  };
}

function budgetActions(c: Controller): Pick<Actions, 'setRaise' | 'raiseAndResume'> {
  return {
    setRaise: (cap, value) => {
      const raise = c.model.raise;
      if (!raise) return;
      c.model.raise = { ...raise, values: { ...raise.values, [cap]: value } };
      c.schedule();
    },
    raiseAndResume: () => {
      const { raise, panel } = c.model;
      if (!raise || !panel) return;
      const { budget } = checkRaise(raise, panel.config);
      if (budget) c.post({ type: 'resume', id: raise.runId, budget });
    },
  };
}

function cancelActions(c: Controller, cancel: () => void): Pick<Actions, 'askCancel' | 'confirmCancel' | 'keepRunning'> {
  const confirming = (on: boolean, focus: string): void => {
    c.model.confirmingCancel = on;
    c.focusAfterRender(focus);
    c.schedule();
  };
  return {
    askCancel: () => confirming(true, '#confirm-cancel'),
    confirmCancel: () => {
      cancel();
      confirming(false, '.controls vscode-button');
    },
    keepRunning: () => confirming(false, '#btn-cancel'),
  };
}

function copyText(c: Controller, text: string): void {
  const done = (): void => {
    c.model.copied = text;
    c.schedule();
  };
  // VS Code webviews allow clipboard writes from a click; without it, the command stays selectable.
  void navigator.clipboard?.writeText(text).then(done, (e: unknown) => console.warn('SpecFlow: could not copy', e));
}

export function createActions(c: Controller): Actions {
  const { cancel, ...run } = runActions(c);
  return {
    ...formActions(c),
    ...run,
    ...budgetActions(c),
    ...cancelActions(c, cancel),
    newRun: () => void c.post({ type: 'newRun' }),
    openFile: (path) => void c.post({ type: 'openFile', path }),
    setLogFilter: (patch) => c.updateUi({ logFilter: { ...c.model.ui.logFilter, ...patch } }),
    toggleLogEntry: (seq, open) => {
      // <details> also fires `toggle` when a render restores it: nothing to do then.
      if (open === c.model.ui.logOpen.includes(seq)) return;
      const list = c.model.ui.logOpen.filter((s) => s !== seq);
      if (open) list.push(seq);
      c.updateUi({ logOpen: list.slice(-MAX_OPEN_LOG_ENTRIES) });
    },
    copyText: (text) => copyText(c, text),
  };
}
