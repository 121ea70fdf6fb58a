// The implement batches: status, tasks, duration, heal attempts and cost of each (FR-061, FR-032).
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/core/model/progress';
import { icon } from '../shared/dom';
import { formatDuration, formatUsd } from '../shared/format';

type Batch = ProgressView['batches'][number];

const BATCH_STATUS: Record<Batch['status'], { icon: string; label: string }> = {
  pending: { icon: 'circle-large-outline', label: 'Pending' },
  running: { icon: 'sync', label: 'Running' },
  completed: { icon: 'pass-filled', label: 'Completed' },
  healed: { icon: 'wand', label: 'Healed' },
  failed: { icon: 'error', label: 'Failed' },
  cancelled: { icon: 'circle-slash', label: 'Cancelled' },
};

function row(b: Batch, current: number | undefined): TemplateResult {
  const s = BATCH_STATUS[b.status];
  const isCurrent = b.index === current;
  return html`<tr class="batch-row batch-${b.status} ${isCurrent ? 'is-current' : ''}" data-index=${b.index} aria-current=${isCurrent ? 'true' : 'false'}>
    <td class="num">${b.index}</td>
    <td class="name">
      <span class="batch-name">${b.name || `Batch ${b.index}`}</span>
      <span class="batch-meta narrow-only"
        >${[b.durationMs !== undefined ? formatDuration(b.durationMs) : '', b.healAttempts ? `${b.healAttempts} heal${b.healAttempts === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ')}</span
      >
      ${b.note ? html`<span class="batch-note">${b.note}</span>` : nothing}
      ${b.error ? html`<span class="batch-error">${icon('error')} ${b.error}</span>` : nothing}
    </td>
    <td class="status">
      <span class="batch-status batch-status-${b.status}">${icon(s.icon, b.status === 'running' ? 'codicon-modifier-spin' : '')} ${s.label}</span>
    </td>
    <td class="num">${b.taskCount}</td>
    <td class="num wide-only">${b.durationMs !== undefined ? formatDuration(b.durationMs) : '—'}</td>
    <td class="num wide-only">${b.healAttempts}</td>
    <td class="num">${formatUsd(b.costUsd)}</td>
  </tr>`;
}

export function batchTable(run: ProgressView): TemplateResult {
  return html`<section class="section batches-section" aria-labelledby="batches-h">
    <h2 id="batches-h">Batches</h2>
    ${
      run.batches.length
        ? html`<div class="table-wrap">
            <table class="batch-table">
              <thead>
                <tr>
                  <th scope="col" class="num">#</th>
                  <th scope="col">Batch</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">Tasks</th>
                  <th scope="col" class="num wide-only">Duration</th>
                  <th scope="col" class="num wide-only">Heals</th>
                  <th scope="col" class="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                ${run.batches.map((b) => row(b, run.batch?.index))}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">
            ${run.phase === 'design' || run.phase === 'analyze' ? 'Batches are planned from tasks.md when implement starts.' : 'No implement batches in this run.'}
          </p>`
    }
  </section>`;
}
