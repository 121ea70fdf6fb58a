// One batch of the report: its tasks with their titles, the commit and files changed (+/−), the test gate,
// each heal ("error → what the healer did"), decisions, waits and cost, and Open Changes. Text only.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Report } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { formatClock, formatUsd, plural } from '../shared/format';
import { formatDuration } from '../../src/protocol/timeText';
import { gateText, waitItem } from './reportParts';

type ReportBatch = Report['batches'][number];
type Checkpoint = NonNullable<ReportBatch['checkpoint']>;

const STATUS_ICONS: Record<ReportBatch['status'], string> = {
  pending: 'circle-large-outline',
  running: 'sync',
  completed: 'pass-filled',
  healed: 'wand',
  failed: 'error',
  cancelled: 'circle-slash',
};

function commitLine(cp: Checkpoint): TemplateResult {
  const sha = cp.shortSha ?? cp.afterSha?.slice(0, 7);
  const what = cp.status === 'failed' ? html`<span class="checkpoint-failed">${icon('warning')} checkpoint failed: ${cp.error ?? ''}</span>` : nothing;
  return html`<div class="fact" data-fact="commit">
    <dt>${icon('git-commit')} ${cp.commitSha ? 'Commit' : 'Checkpoint'}</dt>
    <dd>
      ${sha ? html`<code class="sha" title=${cp.commitSha ?? cp.afterSha ?? ''}>${sha}</code>` : nothing}
      <span class="diffstat"
        >${plural(cp.totals.files, 'file')} <span class="adds">+${cp.totals.additions}</span> <span class="dels">−${cp.totals.deletions}</span></span
      >
      ${cp.reverted ? html`<span class="reverted-tag">${icon('discard')} reverted ${formatClock(cp.reverted.at)}</span>` : nothing} ${what}
    </dd>
  </div>`;
}

function filesList(cp: Checkpoint): TemplateResult | typeof nothing {
  if (!cp.files.length) return nothing;
  return html`<details class="files">
    <summary>${plural(cp.files.length, 'file')} changed</summary>
    <ul class="file-changes">
      ${cp.files.map(
        (f) =>
          html`<li>
            <span class="file-status file-status-${f.status}" title=${f.status}>${f.status}</span>
            <span class="file-path">${f.oldPath ? `${f.oldPath} → ` : ''}${f.path}</span>
            ${f.binary ? html`<span class="muted">binary</span>` : html`<span class="adds">+${f.additions}</span> <span class="dels">−${f.deletions}</span>`}
          </li>`,
      )}
    </ul>
    ${cp.skippedPaths.length ? html`<p class="muted">Left out of the commit (you had changed them): ${cp.skippedPaths.join(', ')}</p>` : nothing}
  </details>`;
}

function healsList(b: ReportBatch): TemplateResult | typeof nothing {
  if (!b.heals.length) return nothing;
  return html`<h4 class="subhead">Heals</h4>
    <ol class="heals">
      ${b.heals.map(
        (h) =>
          html`<li class="heal ${h.healed ? 'is-healed' : ''}" data-attempt=${h.attempt}>
            <p class="heal-trigger">${icon('error')} <span>${h.trigger}</span></p>
            ${h.diagnosis ? html`<p class="heal-diagnosis muted">${h.diagnosis}</p>` : nothing}
            <p class="heal-result">
              ${icon('arrow-right')}
              <span class="heal-said">${h.healerSaid ?? `the healer ended: ${h.outcome}`}</span>
            </p>
            <p class="heal-meta muted">
              Attempt ${h.attempt} · ${h.healed ? 'healed the batch' : h.outcome} ·
              ${formatUsd(h.costUsd)}${h.durationMs !== undefined ? ` · ${formatDuration(h.durationMs)}` : ''}
            </p>
          </li>`,
      )}
    </ol>`;
}

function decisionsList(b: ReportBatch): TemplateResult | typeof nothing {
  if (!b.decisions.length) return nothing;
  return html`<h4 class="subhead">Decisions</h4>
    <ul class="decisions">
      ${b.decisions.map((d) => html`<li><time datetime=${d.at} class="muted">${formatClock(d.at)}</time> <span>${d.text}</span></li>`)}
    </ul>`;
}

function batchHead(b: ReportBatch, a: Actions): TemplateResult {
  const canDiff = Boolean(b.checkpoint?.afterSha);
  return html`<header class="report-batch-head">
    <h3>${icon(STATUS_ICONS[b.status], `batch-status-${b.status}`)} <span>${b.index}. ${b.name}</span></h3>
    <span class="muted">${b.status}${b.durationMs !== undefined ? ` · ${formatDuration(b.durationMs)}` : ''} · ${formatUsd(b.costUsd)}</span>
    ${canDiff ? html`<vscode-button class="open-changes" secondary icon="diff" @click=${() => a.openChanges(b.index)}>Open Changes</vscode-button>` : nothing}
  </header>`;
}

export function reportBatch(b: ReportBatch, a: Actions): TemplateResult {
  return html`<section class="report-batch batch-${b.status}" data-index=${b.index} aria-label="Batch ${b.index}: ${b.name}">
    ${batchHead(b, a)} ${b.error ? html`<p class="batch-error">${icon('error')} ${b.error}</p>` : nothing}
    ${b.note ? html`<p class="batch-note">${b.note}</p>` : nothing}
    <dl class="facts">
      ${b.checkpoint ? commitLine(b.checkpoint) : nothing}
      ${
        b.gate
          ? html`<div class="fact" data-fact="gate">
              <dt>${icon('beaker')} Test gate</dt>
              <dd>${gateText(b.gate, a)}</dd>
            </div>`
          : nothing
      }
    </dl>
    ${b.checkpoint ? filesList(b.checkpoint) : nothing}
    <h4 class="subhead">Tasks</h4>
    <ul class="report-tasks">
      ${b.tasks.map((t) => html`<li><code class="task-id">${t.id}</code> <span>${t.title}</span></li>`)}
    </ul>
    ${healsList(b)} ${decisionsList(b)}
    ${
      b.waits.length
        ? html`<h4 class="subhead">Waits</h4>
            <ul class="waits">
              ${b.waits.map(waitItem)}
            </ul>`
        : nothing
    }
  </section>`;
}
