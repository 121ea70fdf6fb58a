// The webview's controller: keeps the model, turns host messages and user actions into model changes,
// persists the UI state, renders. The host is the source of truth for the run: on load we post `ready`
// and it answers with a full `state` snapshot (and again whenever something changes); we never poll.
import { html, render } from 'lit/html.js';
import type { HostToWebview, PanelState, WebviewToHost } from '../src/protocol/messages';
import { createActions, type Controller } from './actions';
import { formFromConfig } from './config/formModel';
import { previewOptions, PreviewRequests } from './config/previewRequests';
import type { Actions, Model } from './model';
import { needsClock } from './progress/progressView';
import { raiseFormFor } from './progress/raiseBudgetModel';
import { exposeCollapsibles } from './shared/a11y';
import { injectStyles } from './styles';
import type { FormValues, UiState } from './uiState';
import { appView } from './view';
import type { WebviewBridge } from './vscodeApi';

function sameForm(a: FormValues, b: FormValues): boolean {
  return (Object.keys(a) as (keyof FormValues)[]).every((k) => a[k] === b[k]);
}

export class App implements Controller {
  readonly model: Model;
  readonly actions: Actions;
  private readonly previews: PreviewRequests;
  private renderQueued = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private scrollRestored = false;
  private focusSelector: string | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly bridge: WebviewBridge,
  ) {
    const now = Date.now();
    this.model = { ui: bridge.getUiState(), receivedAt: now, now, agents: {}, startPending: false, previewPending: false, confirmingCancel: false };
    this.previews = new PreviewRequests((options) => {
      const sent = this.post({ type: 'preview', options });
      this.schedule();
      return sent;
    });
    this.actions = createActions(this);
  }

  start(): void {
    injectStyles();
    this.bridge.onMessage((m) => this.onMessage(m));
    window.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.renderNow();
    this.bridge.post({ type: 'ready' });
  }

  // ---- host → webview ------------------------------------------------------------------------------

  private onMessage(m: HostToWebview): void {
    switch (m.type) {
      case 'state':
        this.onState(m.state);
        break;
      case 'activity':
        this.model.activity = m.activity;
        this.model.agents = { ...this.model.agents, [m.activity.executionId]: m.activity };
        break;
      case 'startResult':
        this.model.startPending = false;
        this.model.startFailure = m.ok ? undefined : { ...(m.message !== undefined ? { message: m.message } : {}), issues: m.issues ?? [] };
        break;
      default: {
        const never: never = m;
        console.warn('SpecFlow: unhandled host message', never);
      }
    }
    this.schedule();
  }

  /** Keep what the user typed across snapshots and reloads; start afresh for a new run or another project. */
  private configState(state: PanelState, ui: UiState, viewChanged: boolean): void {
    const m = this.model;
    // Follow the host's config (settings changed) while the user has not edited anything.
    const prev = m.panel?.mode === 'config' ? m.panel.config : undefined;
    const untouched = prev !== undefined && ui.form !== undefined && sameForm(ui.form, formFromConfig(prev));
    this.previews.answered();
    if (!ui.form || viewChanged || untouched || ui.project !== state.project.path) {
      ui.form = formFromConfig(state.config);
      this.previews.baseline(previewOptions(ui.form, state.config));
    } else if (!this.previews.known) {
      // Reloaded with edited values: the host's plan is for its own options, not these.
      this.previews.request(previewOptions(ui.form, state.config));
    }
  }

  /** A run is shown: the modal's values go; a budget stop gets its raise form (once per run). */
  private runState(state: PanelState, ui: UiState): void {
    const m = this.model;
    delete ui.form;
    this.previews.cancel();
    m.startPending = false;
    m.startFailure = undefined;
    const run = state.run;
    if (!run || run.error?.kind !== 'budget_exceeded' || !state.actions?.resume) delete m.raise;
    else if (m.raise?.runId !== run.id) {
      m.raise = raiseFormFor(run, state.config);
      if (state.mode === 'progress' && m.raise.cap) this.focusAfterRender(`#raise-${m.raise.cap}`);
    }
    if (m.confirmingCancel && !state.actions?.cancel) m.confirmingCancel = false;
  }

  private onState(state: PanelState): void {
    const m = this.model;
    const ui: UiState = { ...m.ui };
    const viewChanged = ui.view !== undefined && ui.view !== state.mode;
    if (state.mode === 'config') this.configState(state, ui, viewChanged);
    else this.runState(state, ui);
    if (viewChanged) {
      ui.scrollY = 0;
      window.scrollTo(0, 0);
    }
    ui.view = state.mode;
    ui.project = state.project.path;
    m.ui = ui;
    m.panel = state;
    m.receivedAt = m.now = Date.now();
    m.activity = state.activity;
    // the snapshot lists the agents still running: activity of finished ones goes
    m.agents = Object.fromEntries([...(state.agents ?? []), ...(state.activity ? [state.activity] : [])].map((x) => [x.executionId, x]));
    this.saveUi();
    this.updateClock();
  }

  // ---- Controller (used by the actions) --------------------------------------------------------------

  post(message: WebviewToHost): boolean {
    return this.bridge.post(message);
  }

  formChanged(form: FormValues): void {
    const panel = this.model.panel;
    if (panel) this.previews.request(previewOptions(form, panel.config));
  }

  focusAfterRender(selector: string): void {
    this.focusSelector = selector;
  }

  updateUi(patch: Partial<UiState>): void {
    this.model.ui = { ...this.model.ui, ...patch };
    this.saveUi();
    this.schedule();
  }

  // ---- UI state ------------------------------------------------------------------------------------

  private saveUi(): void {
    this.bridge.setUiState(this.model.ui);
  }

  private onScroll(): void {
    this.model.ui = { ...this.model.ui, scrollY: Math.max(0, Math.round(window.scrollY)) };
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveUi(), 150);
  }

  /** Active time, ETA and countdowns tick once a second while one of them moves; no timer otherwise. */
  private updateClock(): void {
    const run = this.model.panel?.mode === 'progress' ? this.model.panel.run : undefined;
    const tick = Boolean(run && needsClock(run));
    if (tick && !this.timer) {
      this.timer = setInterval(() => {
        this.model.now = Date.now();
        this.schedule();
      }, 1000);
    } else if (!tick && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  // ---- rendering -----------------------------------------------------------------------------------

  schedule(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.renderNow();
    });
  }

  private renderNow(): void {
    this.model.previewPending = this.previews.pending;
    try {
      render(appView(this.model, this.actions), this.root);
    } catch (e) {
      console.error('SpecFlow: the view failed to render', e);
      render(html`<main class="page"><p class="callout callout-error">The SpecFlow view failed to render: ${String(e)}</p></main>`, this.root);
      return;
    }
    exposeCollapsibles(this.root);
    this.applyFocus();
    if (!this.scrollRestored && this.model.panel) {
      this.scrollRestored = true;
      const y = this.model.ui.scrollY;
      if (y > 0) requestAnimationFrame(() => window.scrollTo(0, y));
    }
  }

  private applyFocus(): void {
    if (!this.focusSelector) return;
    const el = this.root.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(this.focusSelector);
    this.focusSelector = undefined;
    // A just-created @vscode-elements control gets its tabindex in its first (async) update.
    if (el) void Promise.resolve(el.updateComplete).then(() => el.focus());
  }
}
