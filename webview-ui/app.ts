// The webview's controller: keeps the model, turns host messages and user actions into model changes,
// persists the UI state, renders. The host is the source of truth for the run: on load we post `ready`
// and it answers with a full `state` snapshot (and again whenever something changes); we never poll.
import { html, render } from 'lit/html.js';
import type { HostToWebview, PanelState, WebviewToHost } from '../src/protocol/messages';
import { formFromConfig } from './config/formModel';
import type { Actions, Model } from './model';
import { controlsFor } from './progress/runControls';
import { isTicking } from './progress/progressView';
import { exposeCollapsibles } from './shared/a11y';
import { injectStyles } from './styles';
import type { FormValues, UiState } from './uiState';
import { appView, validation } from './view';
import type { WebviewBridge } from './vscodeApi';

const MAX_OPEN_LOG_ENTRIES = 100;

function sameForm(a: FormValues, b: FormValues): boolean {
  return (Object.keys(a) as (keyof FormValues)[]).every((k) => a[k] === b[k]);
}

export class App {
  private readonly model: Model;
  private renderQueued = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private scrollRestored = false;
  private focusAfterRender: string | undefined;
  readonly actions: Actions;

  constructor(
    private readonly root: HTMLElement,
    private readonly bridge: WebviewBridge,
  ) {
    const now = Date.now();
    this.model = { ui: bridge.getUiState(), receivedAt: now, now, startPending: false, confirmingCancel: false };
    this.actions = this.createActions();
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

  private onState(state: PanelState): void {
    const m = this.model;
    const ui: UiState = { ...m.ui };
    const viewChanged = ui.view !== undefined && ui.view !== state.mode;
    if (state.mode === 'config') {
      // Keep what the user typed across snapshots and reloads; start afresh for a new run or another
      // project, and follow the host's config (settings changed) while the user has not edited anything.
      const prev = m.panel?.mode === 'config' ? m.panel.config : undefined;
      const untouched = prev !== undefined && ui.form !== undefined && sameForm(ui.form, formFromConfig(prev));
      if (!ui.form || viewChanged || untouched || ui.project !== state.project.path) ui.form = formFromConfig(state.config);
    } else {
      delete ui.form;
      m.startPending = false;
      m.startFailure = undefined;
    }
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
    if (m.confirmingCancel && !(state.run && controlsFor(state.run.status).cancel)) m.confirmingCancel = false;
    this.saveUi();
    this.updateClock();
  }

  // ---- actions -------------------------------------------------------------------------------------

  private post(message: WebviewToHost): void {
    this.bridge.post(message);
  }

  private runId(): string | undefined {
    return this.model.panel?.run?.id;
  }

  private createActions(): Actions {
    const withRun = (type: 'pause' | 'resume' | 'merge' | 'exportLog' | 'cancel') => (): void => {
      const id = this.runId();
      if (id) this.post({ type, id });
    };
    return {
      setForm: (patch) => {
        const panel = this.model.panel;
        if (!panel) return;
        this.updateUi({ form: { ...(this.model.ui.form ?? formFromConfig(panel.config)), ...patch } });
      },
      setAdvancedOpen: (open) => this.updateUi({ advancedOpen: open }),
      editBatchSize: () => {
        this.focusAfterRender = '#f-batchSizeFallback';
        this.updateUi({ advancedOpen: true });
      },
      start: () => {
        const panel = this.model.panel;
        if (!panel || this.model.startPending) return;
        const v = validation(this.model.ui.form ?? formFromConfig(panel.config), panel.config);
        if (!v.config) return;
        if (this.bridge.post({ type: 'start', config: v.config })) {
          this.model.startPending = true;
          this.model.startFailure = undefined;
          this.schedule();
        }
      },
      dismiss: () => this.post({ type: 'dismiss' }),
      pause: withRun('pause'),
      resume: withRun('resume'),
      merge: withRun('merge'),
      exportLog: withRun('exportLog'),
      newRun: () => this.post({ type: 'newRun' }),
      askCancel: () => {
        this.model.confirmingCancel = true;
        this.focusAfterRender = '#confirm-cancel';
        this.schedule();
      },
      confirmCancel: () => {
        withRun('cancel')();
        this.model.confirmingCancel = false;
        this.focusAfterRender = '.controls vscode-button';
        this.schedule();
      },
      keepRunning: () => {
        this.model.confirmingCancel = false;
        this.focusAfterRender = '#btn-cancel';
        this.schedule();
      },
      openFile: (path) => this.post({ type: 'openFile', path }),
      setLogFilter: (patch) => this.updateUi({ logFilter: { ...this.model.ui.logFilter, ...patch } }),
      toggleLogEntry: (seq, open) => {
        // <details> also fires `toggle` when a render restores it: nothing to do then.
        if (open === this.model.ui.logOpen.includes(seq)) return;
        const list = this.model.ui.logOpen.filter((s) => s !== seq);
        if (open) list.push(seq);
        this.updateUi({ logOpen: list.slice(-MAX_OPEN_LOG_ENTRIES) });
      },
    };
  }

  // ---- UI state ------------------------------------------------------------------------------------

  private updateUi(patch: Partial<UiState>): void {
    this.model.ui = { ...this.model.ui, ...patch };
    this.saveUi();
    this.schedule();
  }

  private saveUi(): void {
    this.bridge.setUiState(this.model.ui);
  }

  private onScroll(): void {
    this.model.ui = { ...this.model.ui, scrollY: Math.max(0, Math.round(window.scrollY)) };
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveUi(), 150);
  }

  /** Elapsed and ETA tick once a second while an agent works (or a wait counts down); no timer otherwise. */
  private updateClock(): void {
    const run = this.model.panel?.mode === 'progress' ? this.model.panel.run : undefined;
    const tick = Boolean(run && (isTicking(run) || run.wait?.until));
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

  private schedule(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.renderNow();
    });
  }

  private renderNow(): void {
    try {
      render(appView(this.model, this.actions), this.root);
    } catch (e) {
      console.error('SpecFlow: the view failed to render', e);
      render(html`<main class="page"><p class="callout callout-error">The SpecFlow view failed to render: ${String(e)}</p></main>`, this.root);
      return;
    }
    exposeCollapsibles(this.root);
    if (this.focusAfterRender) {
      const el = this.root.querySelector(this.focusAfterRender) as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
      this.focusAfterRender = undefined;
      // A just-created @vscode-elements button gets its tabindex in its first (async) update.
      if (el) void Promise.resolve(el.updateComplete).then(() => el.focus());
    }
    if (!this.scrollRestored && this.model.panel) {
      this.scrollRestored = true;
      const y = this.model.ui.scrollY;
      if (y > 0) requestAnimationFrame(() => window.scrollTo(0, y));
    }
  }
}
