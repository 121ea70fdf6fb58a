// The progress display (FR-060…064, US4): status and headline (announced politely), phase bar, tasks
// line with a progress bar, elapsed / ETA / cost, error or wait message, the controls, batches, agent
// activity and the decision log.
import { html, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/core/model/progress';
import type { ActivityView, PanelState } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { formatDuration, formatUsd } from '../shared/format';
import type { UiState } from '../uiState';
import { activityPanel } from './activityPanel';
import { batchTable } from './batchTable';
import { decisionLog } from './decisionLog';
import { phaseBar } from './phaseBar';
import { runControls } from './runControls';
import { runMessages } from './runMessages';
import { statusBadge } from './statusBadge';

export interface ProgressProps {
  panel: PanelState;
  run: ProgressView;
  activity?: ActivityView | undefined;
  ui: UiState;
  confirmingCancel: boolean;
  now: number;
  receivedAt: number;
}

/** Whether the clock runs: elapsed and ETA tick locally only while an agent works. */
export function isTicking(run: ProgressView): boolean {
  return run.status === 'running' || run.status === 'healing';
}

export function timing(run: ProgressView, now: number, receivedAt: number): { elapsedMs: number; etaMs?: number } {
  const since = isTicking(run) ? Math.max(0, now - receivedAt) : 0;
  return {
    elapsedMs: run.elapsedMs + since,
    ...(run.etaMs !== undefined ? { etaMs: Math.max(0, run.etaMs - since) } : {}),
  };
}

function stats(run: ProgressView, now: number, receivedAt: number): TemplateResult {
  const t = timing(run, now, receivedAt);
  const over = run.costUsd > run.budgetUsd;
  return html`<dl class="stats">
    <div class="stat">
      <dt>${icon('history')} Elapsed</dt>
      <dd id="elapsed">${formatDuration(t.elapsedMs)}</dd>
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

export function progressView(p: ProgressProps, a: Actions): TemplateResult {
  const { run } = p;
  return html`<main class="page progress-page" aria-labelledby="page-title">
    <header class="page-header">
      <h1 id="page-title">${icon('rocket')} Complete Phase</h1>
      <p class="subtitle"><span class="project-name">${run.projectName || p.panel.project.name}</span> <span class="muted">run ${run.id}</span></p>
    </header>
    <section class="summary card" aria-labelledby="status-h">
      <h2 id="status-h" class="visually-hidden">Run status</h2>
      <div class="live" id="live" aria-live="polite" aria-atomic="true">
        ${statusBadge(run.status, run.statusLabel)}
        <p class="headline" id="headline">${run.headline}</p>
      </div>
      ${phaseBar(run.phases)} ${tasks(run)} ${stats(run, p.now, p.receivedAt)} ${runMessages(run, p.now, a)}
      ${runControls(run, p.panel.busy, p.confirmingCancel, a)}
    </section>
    ${batchTable(run)} ${activityPanel(p.activity, a)} ${decisionLog(p.panel.decisionLog, p.ui.logFilter, p.ui.logOpen, a)}
  </main>`;
}

export function noRunView(panel: PanelState): TemplateResult {
  return html`<main class="page" aria-labelledby="page-title">
    <header class="page-header">
      <h1 id="page-title">${icon('rocket')} Complete Phase</h1>
      <p class="subtitle"><span class="project-name">${panel.project.name}</span></p>
    </header>
    <p class="muted">No run to show.</p>
  </main>`;
}
