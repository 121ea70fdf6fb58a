// The buttons that fit the run's status (US5-4: they replace the action buttons while a run is active):
// Pause, Resume, Cancel (with an inline confirm step), Merge and New run.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/core/model/progress';
import type { Actions } from '../model';

type RunStatus = ProgressView['status'];

const PAUSABLE: readonly RunStatus[] = ['running'];
const RESUMABLE: readonly RunStatus[] = ['paused', 'failed', 'cancelled', 'budget_exceeded', 'waiting'];
const CANCELLABLE: readonly RunStatus[] = ['running', 'healing', 'paused', 'waiting', 'merge_ready'];
const MERGEABLE: readonly RunStatus[] = ['merge_ready', 'waiting'];
/** Nothing holds the project any more: a new run may start. */
const FINISHED: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

export interface ControlSet {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  merge: boolean;
  newRun: boolean;
}

export function controlsFor(status: RunStatus): ControlSet {
  return {
    pause: PAUSABLE.includes(status),
    resume: RESUMABLE.includes(status),
    cancel: CANCELLABLE.includes(status),
    merge: MERGEABLE.includes(status),
    newRun: FINISHED.includes(status),
  };
}

export function runControls(run: ProgressView, busy: string | undefined, confirming: boolean, a: Actions): TemplateResult {
  const c = controlsFor(run.status);
  const off = Boolean(busy);
  if (confirming && c.cancel) {
    return html`<div class="controls confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text" class="confirm-text">Cancel this run? The agent is stopped and the state is kept, so the run can be resumed later.</p>
      <vscode-button id="confirm-cancel" icon="debug-stop" ?disabled=${off} @click=${a.confirmCancel}>Cancel run</vscode-button>
      <vscode-button id="keep-running" secondary @click=${a.keepRunning}>Keep going</vscode-button>
    </div>`;
  }
  // The first button that applies is the primary one.
  const primary = c.merge ? 'merge' : c.resume ? 'resume' : c.newRun ? 'newRun' : undefined;
  const btn = (key: keyof ControlSet, label: string, iconName: string, onClick: () => void, disabled = off): TemplateResult | typeof nothing =>
    c[key]
      ? html`<vscode-button id="btn-${key}" icon=${iconName} ?secondary=${primary !== key} ?disabled=${disabled} @click=${onClick}>${label}</vscode-button>`
      : nothing;
  return html`<div class="controls" role="group" aria-label="Run controls">
    ${btn('merge', 'Merge', 'git-merge', a.merge)} ${btn('resume', 'Resume', 'debug-continue', a.resume)}
    ${btn('pause', run.pauseRequested ? 'Pause requested' : 'Pause', 'debug-pause', a.pause, off || run.pauseRequested)}
    ${btn('cancel', 'Cancel', 'debug-stop', a.askCancel)} ${btn('newRun', 'New run', 'add', a.newRun)}
    ${busy ? html`<span class="busy" role="status"><vscode-progress-ring aria-hidden="true"></vscode-progress-ring><span>${busy}</span></span>` : nothing}
  </div>`;
}
