// The implement batches (FR-061, FR-032): status, tasks, the test gate, the checkpoint commit, duration,
// heals and cost of each, with Open Changes and Revert per row and the groups of a running parallel wave.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ActivityView, ProgressView } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { formatUsd, plural } from '../shared/format';
import { formatDuration } from '../../src/protocol/timeText';
import { actionsCell, commitCell, gateCell, groupRows, type Batch } from './batchCells';

const COLUMNS = 10;

const BATCH_STATUS: Record<Batch['status'], { icon: string; label: string }> = {
  pending: { icon: 'circle-large-outline', label: 'Pending' },
  running: { icon: 'sync', label: 'Running' },
  completed: { icon: 'pass-filled', label: 'Completed' },
  healed: { icon: 'wand', label: 'Healed' },
  failed: { icon: 'error', label: 'Failed' },
  cancelled: { icon: 'circle-slash', label: 'Cancelled' },
};

function nameCell(b: Batch): TemplateResult {
  const meta = [
    plural(b.taskCount, 'task'),
    b.durationMs !== undefined ? formatDuration(b.durationMs) : '',
    b.healAttempts ? plural(b.healAttempts, 'heal') : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return html`<td class="name">
    <span class="batch-name">${b.name || `Batch ${b.index}`}</span>
    <span class="batch-meta narrow-only">${meta}</span>
    ${b.note ? html`<span class="batch-note">${b.note}</span>` : nothing}
    ${b.error ? html`<span class="batch-error">${icon('error')} ${b.error}</span>` : nothing}
  </td>`;
}

function row(b: Batch, current: number | undefined, a: Actions, agents: Record<string, ActivityView>): TemplateResult {
  const s = BATCH_STATUS[b.status];
  const isCurrent = b.index === current;
  return html`<tr class="batch-row batch-${b.status} ${isCurrent ? 'is-current' : ''}" data-index=${b.index} aria-current=${isCurrent ? 'true' : 'false'}>
      <td class="num">${b.index}</td>
      ${nameCell(b)}
      <td class="status">
        <span class="batch-status batch-status-${b.status}">${icon(s.icon, b.status === 'running' ? 'codicon-modifier-spin' : '')} ${s.label}</span>
      </td>
      <td class="num wide-only">${b.taskCount}</td>
      <td class="gate">${gateCell(b, a)}</td>
      <td class="commit-cell">${commitCell(b)}</td>
      <td class="num wide-only">${b.durationMs !== undefined ? formatDuration(b.durationMs) : '—'}</td>
      <td class="num wide-only">${b.healAttempts}</td>
      <td class="num">${formatUsd(b.costUsd)}</td>
      <td class="actions-cell">${actionsCell(b, a)}</td>
    </tr>
    ${groupRows(b, COLUMNS, agents)}`;
}

function caption(run: ProgressView): TemplateResult | typeof nothing {
  const parts: string[] = [];
  if (run.gate) parts.push(`Test gate: ${run.gate.command}${run.gate.baseline ? ` (before the run: ${run.gate.baseline})` : ''}`);
  if (run.checkpoints)
    parts.push(
      run.checkpoints.mode === 'off' ? `Checkpoints off${run.checkpoints.reason ? `: ${run.checkpoints.reason}` : ''}` : `Checkpoints: ${run.checkpoints.mode}`,
    );
  return parts.length ? html`<p class="muted batches-caption" id="batches-caption">${parts.join(' · ')}</p>` : nothing;
}

export function batchTable(run: ProgressView, a: Actions, agents: Record<string, ActivityView>): TemplateResult {
  return html`<section class="section batches-section" aria-labelledby="batches-h">
    <h2 id="batches-h">Batches</h2>
    ${caption(run)}
    ${
      run.batches.length
        ? html`<div class="table-wrap">
            <table class="batch-table">
              <thead>
                <tr>
                  <th scope="col" class="num">#</th>
                  <th scope="col">Batch</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num wide-only">Tasks</th>
                  <th scope="col">Gate</th>
                  <th scope="col">Commit</th>
                  <th scope="col" class="num wide-only">Duration</th>
                  <th scope="col" class="num wide-only">Heals</th>
                  <th scope="col" class="num">Cost</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${run.batches.map((b) => row(b, run.batch?.index, a, agents))}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">
            ${run.phase === 'design' || run.phase === 'analyze' ? 'Batches are planned from tasks.md when implement starts.' : 'No implement batches in this run.'}
          </p>`
    }
  </section>`;
}
