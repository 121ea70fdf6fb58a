// The buttons that fit the run now (US5-4: they replace the action buttons while a run is active): Pause,
// Resume, Cancel (with an inline confirm step), Merge, New run — as the host's status policy allows them
// (`state.actions`) — and Report once the run rests.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ProgressView, RunActions } from '../../src/protocol/messages';
import type { Actions } from '../model';

const NONE: RunActions = { pause: false, resume: false, cancel: false, merge: false, newRun: false };

export interface ControlsProps {
  run: ProgressView;
  actions: RunActions | undefined;
  busy: string | undefined;
  confirming: boolean;
  /** The run rests (no agent works): its report can be shown. */
  resting: boolean;
}

function confirmCancel(off: boolean, a: Actions): TemplateResult {
  return html`<div class="controls confirm" role="group" aria-labelledby="confirm-text">
    <p id="confirm-text" class="confirm-text">Cancel this run? The agent is stopped and the state is kept, so the run can be resumed later.</p>
    <vscode-button id="confirm-cancel" icon="debug-stop" ?disabled=${off} @click=${() => a.confirmCancel()}>Cancel run</vscode-button>
    <vscode-button id="keep-running" secondary @click=${() => a.keepRunning()}>Keep going</vscode-button>
  </div>`;
}

export function runControls(p: ControlsProps, a: Actions): TemplateResult {
  const c = p.actions ?? NONE;
  const off = Boolean(p.busy);
  if (p.confirming && c.cancel) return confirmCancel(off, a);
  // The first button that applies is the primary one.
  const primary = c.merge ? 'merge' : c.resume ? 'resume' : c.newRun ? 'newRun' : undefined;
  const btn = (key: keyof RunActions, label: string, iconName: string, onClick: () => void, disabled = off): TemplateResult | typeof nothing =>
    c[key]
      ? html`<vscode-button id="btn-${key}" icon=${iconName} ?secondary=${primary !== key} ?disabled=${disabled} @click=${onClick}>${label}</vscode-button>`
      : nothing;
  return html`<div class="controls" role="group" aria-label="Run controls">
    ${btn('merge', 'Merge', 'git-merge', a.merge)} ${btn('resume', 'Resume', 'debug-continue', a.resume)}
    ${btn('pause', p.run.pauseRequested ? 'Pause requested' : 'Pause', 'debug-pause', a.pause, off || p.run.pauseRequested)}
    ${btn('cancel', 'Cancel', 'debug-stop', a.askCancel)} ${btn('newRun', 'New run', 'add', a.newRun)}
    ${p.resting ? html`<vscode-button id="btn-report" icon="output" secondary ?disabled=${off} @click=${() => a.showReport()}>Report</vscode-button>` : nothing}
    ${p.busy ? html`<span class="busy" role="status"><vscode-progress-ring aria-hidden="true"></vscode-progress-ring><span>${p.busy}</span></span>` : nothing}
  </div>`;
}
