// The progress display (FR-060…064, US4): status and headline (announced politely), phase bar, tasks
// line with a progress bar, active time / ETA / cost, error, wait and warnings, the raise-budget form after
// a budget stop, the controls, batches, agent activity and the decision log.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ActivityView, PanelState, ProgressView } from '../../src/protocol/messages';
import type { Actions, Model } from '../model';
import { icon } from '../shared/dom';
import { formatUsd } from '../shared/format';
import { formatDuration } from '../../src/protocol/timeText';
import type { UiState } from '../uiState';
import { activityPanel } from './activityPanel';
import { batchTable } from './batchTable';
import { decisionLog } from './decisionLog';
import { limitCountdown } from './limitText';
import { phaseBar } from './phaseBar';
import { raiseBudgetView } from './raiseBudget';
import { checkRaise } from './raiseBudgetModel';
import { runControls } from './runControls';
import { runMessages } from './runMessages';
import { statusBadge } from './statusBadge';

export interface ProgressProps {
  panel: PanelState;
  run: ProgressView;
  activity?: ActivityView | undefined;
  agents: Record<string, ActivityView>;
  ui: UiState;
  confirmingCancel: boolean;
  raise: Model['raise'];
  now: number;
  receivedAt: number;
}

/** An agent works: active time and ETA move on the local clock, and the run has no report to show yet. */
export function isTicking(run: ProgressView): boolean {
  return run.status === 'running' || run.status === 'healing';
}

/** Something on the page counts down or up each second. */
export function needsClock(run: ProgressView): boolean {
  return isTicking(run) || Boolean(run.wait?.until) || Boolean(run.limit?.until);
}

export function timing(run: ProgressView, now: number, receivedAt: number): { activeMs: number; etaMs?: number } {
  const since = isTicking(run) ? Math.max(0, now - receivedAt) : 0;
  // Waiting (a rate or usage limit) is not active time.
  return {
    activeMs: run.activeMs + (run.wait ? 0 : since),
    ...(run.etaMs !== undefined ? { etaMs: Math.max(0, run.etaMs - since) } : {}),
  };
}

function stats(run: ProgressView, now: number, receivedAt: number): TemplateResult {
  const t = timing(run, now, receivedAt);
  const over = run.costUsd > run.budgetUsd;
  return html`<dl class="stats">
    <div class="stat" title="Time an agent worked: paused, waiting and stopped time left out. Since the start: ${formatDuration(run.elapsedMs)}">
      <dt>${icon('history')} Active time</dt>
      <dd id="active-time">${formatDuration(t.activeMs)}</dd>
    </div>
    <div class="stat">
      <dt>${icon('watch')} Remaining</dt>
      <dd id="eta">${t.etaMs !== undefined ? `about ${formatDuration(t.etaMs)}` : '—'}</dd>
    </div>
    <div class="stat ${over ? 'over-budget' : ''}">
      <dt>${icon('credit-card')} Cost</dt>
      <dd id="cost">${formatUsd(run.costUsd)} of ${formatUsd(run.budgetUsd)}</dd>
    </div>
  </dl>`;
}

function tasks(run: ProgressView): TemplateResult {
  return html`<div class="tasks">
    <p class="tasks-line" id="tasks-line">${run.tasksLine}</p>
    <progress
      id="tasks-progress"
      aria-labelledby="tasks-line"
      max=${Math.max(1, run.tasks.total)}
      .value=${Math.min(run.tasks.completed, Math.max(1, run.tasks.total))}
    ></progress>
  </div>`;
}

/** The host's headline; while a usage limit holds the run, its countdown on the local clock. */
function headline(run: ProgressView, now: number): TemplateResult {
  const c = run.limit ? limitCountdown(run.limit, now) : undefined;
  if (!run.limit) return html`<p class="headline" id="headline">${run.headline}</p>`;
  if (!c) return html`<p class="headline" id="headline">${run.limit.message}</p>`;
  // The seconds are hidden from screen readers: the live region would announce them every second.
  return html`<p class="headline" id="headline">
    Usage limit: resumes at ${c.at}<span class="countdown" id="headline-countdown" aria-hidden="true"> (in ${c.left})</span>
  </p>`;
}

function raiseForm(p: ProgressProps, a: Actions): TemplateResult | typeof nothing {
  if (!p.raise || p.raise.runId !== p.run.id || p.run.error?.kind !== 'budget_exceeded' || !p.panel.actions?.resume) return nothing;
  return raiseBudgetView(p.raise, checkRaise(p.raise, p.panel.config), p.panel.busy, a);
}

function pageHeader(p: ProgressProps): TemplateResult {
  return html`<header class="page-header">
    <h1 id="page-title">${icon('rocket')} Complete Phase</h1>
    <p class="subtitle"><span class="project-name">${p.run.projectName || p.panel.project.name}</span> <span class="muted">run ${p.run.id}</span></p>
  </header>`;
}

export function progressView(p: ProgressProps, a: Actions): TemplateResult {
  const { run } = p;
  return html`<main class="page progress-page" aria-labelledby="page-title">
    ${pageHeader(p)}
    <section class="summary card" aria-labelledby="status-h">
      <h2 id="status-h" class="visually-hidden">Run status</h2>
      <div class="live" id="live" aria-live="polite" aria-atomic="true">${statusBadge(run, p.now)} ${headline(run, p.now)}</div>
      ${phaseBar(run.phases)} ${tasks(run)} ${stats(run, p.now, p.receivedAt)} ${runMessages(run, p.now, a)} ${raiseForm(p, a)}
      ${runControls({ run, actions: p.panel.actions, busy: p.panel.busy, confirming: p.confirmingCancel, resting: !isTicking(run) }, a)}
    </section>
    ${batchTable(run, a, p.agents)} ${activityPanel(p.activity, a)} ${decisionLog(p.panel.decisionLog, p.ui.logFilter, p.ui.logOpen, a)}
  </main>`;
}

export function noRunView(panel: PanelState): TemplateResult {
  return html`<main class="page progress-page" aria-labelledby="page-title">
    <header class="page-header">
      <h1 id="page-title">${icon('rocket')} Complete Phase</h1>
      <p class="subtitle"><span class="project-name">${panel.project.name}</span></p>
    </header>
    <p class="muted">No run to show.</p>
  </main>`;
}
