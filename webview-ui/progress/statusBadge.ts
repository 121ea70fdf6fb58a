// The run's status as a badge: each status has its own codicon and theme colour (FR-062). The label is
// the host's statusLabel, word for word.
import { html, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/core/model/progress';
import { icon } from '../shared/dom';

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

export function statusBadge(status: RunStatus, label: string): TemplateResult {
  const spin = status === 'running' ? 'codicon-modifier-spin' : '';
  return html`<span class="status-badge status-${status}" id="status-badge" data-status=${status}
    >${icon(STATUS_ICONS[status], spin)}<span class="status-label">${label}</span></span
  >`;
}
