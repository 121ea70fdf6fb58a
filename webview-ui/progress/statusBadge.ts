// The run's status as a badge: each status has its own codicon and theme colour (FR-062). The label is
// the host's statusLabel, word for word — except while a usage limit holds the run, when the badge counts
// down to its reset ("Usage limit · 3h 12m").
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/protocol/messages';
import { icon } from '../shared/dom';
import { limitCountdown } from './limitText';

type RunStatus = ProgressView['status'];

/** Codicon per status; the colour comes from the `status-<status>` class (styles/progress.css). */
export const STATUS_ICONS: Record<RunStatus, string> = {
  running: 'sync',
  paused: 'debug-pause',
  healing: 'wand',
  waiting: 'watch',
  completed: 'pass-filled',
  merge_ready: 'git-merge',
  failed: 'error',
  cancelled: 'circle-slash',
  budget_exceeded: 'credit-card',
};

export function statusBadge(run: ProgressView, now: number): TemplateResult {
  if (run.limit) {
    const c = limitCountdown(run.limit, now);
    return html`<span class="status-badge status-limit" id="status-badge" data-status=${run.status} data-limit="true"
      >${icon('watch')}<span class="status-label">Usage limit</span>${
        c ? html`<span class="countdown" id="badge-countdown" aria-hidden="true"> · ${c.left}</span>` : nothing
      }</span
    >`;
  }
  const spin = run.status === 'running' ? 'codicon-modifier-spin' : '';
  return html`<span class="status-badge status-${run.status}" id="status-badge" data-status=${run.status}
    >${icon(STATUS_ICONS[run.status], spin)}<span class="status-label">${run.statusLabel}</span></span
  >`;
}
