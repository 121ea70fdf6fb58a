// The decision log (FR-064, SC-005): every transition and decision with its reason; filterable by kind and
// free text, each entry expandable to its evidence (JSON, shown as text), exportable through the host.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DecisionLogEntry } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon, valueOf } from '../shared/dom';
import { formatClock } from '../shared/format';
import { LOG_KINDS, type LogFilter } from '../uiState';

/** The newest entries shown; the export has them all. */
const MAX_SHOWN = 200;

const KIND_ICONS: Record<DecisionLogEntry['kind'], string> = {
  transition: 'arrow-right',
  decision: 'lightbulb',
  reconcile: 'history',
  note: 'note',
};

type StateRef = DecisionLogEntry['from'];

function ref(s: StateRef): string {
  return `${s.status} · ${s.phase}${s.batch !== undefined ? ` · batch ${s.batch}` : ''}`;
}

const evidenceCache = new WeakMap<DecisionLogEntry, string>();

/** The entry's evidence as indented JSON (cached: the display re-renders every second while a run is active). */
function evidenceText(e: DecisionLogEntry): string {
  let text = evidenceCache.get(e);
  if (text === undefined) {
    try {
      text = Object.keys(e.evidence).length ? JSON.stringify(e.evidence, null, 2) : '';
    } catch {
      text = '(this evidence cannot be shown as JSON)';
    }
    evidenceCache.set(e, text);
  }
  return text;
}

/** Entries matching the filter, newest first. */
export function filterLog(entries: readonly DecisionLogEntry[], filter: LogFilter): DecisionLogEntry[] {
  const q = filter.text.trim().toLowerCase();
  return entries
    .filter((e) => filter.kind === 'all' || e.kind === filter.kind)
    .filter((e) => !q || [e.reason, e.kind, ref(e.from), ref(e.to), evidenceText(e)].some((t) => t.toLowerCase().includes(q)))
    .sort((x, y) => y.seq - x.seq);
}

function entryView(e: DecisionLogEntry, open: boolean, a: Actions): TemplateResult {
  const moved = ref(e.from) !== ref(e.to);
  return html`<li class="log-entry log-${e.kind}" data-seq=${e.seq}>
    <details .open=${live(open)} @toggle=${(ev: Event) => a.toggleLogEntry(e.seq, (ev.target as HTMLDetailsElement).open)}>
      <summary>
        <span class="log-seq">#${e.seq}</span>
        <time class="log-time" datetime=${e.at}>${formatClock(e.at)}</time>
        <span class="log-kind">${icon(KIND_ICONS[e.kind])} ${e.kind}</span>
        <span class="log-reason">${e.reason}</span>
        ${moved ? html`<span class="log-move">${ref(e.from)} → ${ref(e.to)}</span>` : nothing}
      </summary>
      ${
        evidenceText(e)
          ? html`<pre class="log-evidence" aria-label="Evidence for entry ${e.seq}">${evidenceText(e)}</pre>`
          : html`<p class="log-evidence muted">No evidence recorded.</p>`
      }
    </details>
  </li>`;
}

export function decisionLog(entries: readonly DecisionLogEntry[] | undefined, filter: LogFilter, openSeqs: readonly number[], a: Actions): TemplateResult {
  const all = entries ?? [];
  const matching = filterLog(all, filter);
  const shown = matching.slice(0, MAX_SHOWN);
  const open = new Set(openSeqs);
  return html`<section class="section decision-log" aria-labelledby="log-h" id="decision-log">
    <div class="section-head">
      <h2 id="log-h">Decision log <span class="count muted">(${all.length})</span></h2>
      <vscode-button id="export-log" secondary icon="export" ?disabled=${!all.length} @click=${a.exportLog}>Export</vscode-button>
    </div>
    <div class="log-filters" role="search" aria-label="Filter the decision log">
      <div class="field">
        <vscode-label for="log-kind">Kind</vscode-label>
        <vscode-single-select id="log-kind" .value=${live(filter.kind)} @change=${(e: Event) => a.setLogFilter({ kind: valueOf(e) as LogFilter['kind'] })}>
          <vscode-option value="all">All kinds</vscode-option>
          ${LOG_KINDS.map((k) => html`<vscode-option value=${k}>${k}</vscode-option>`)}
        </vscode-single-select>
      </div>
      <div class="field grow">
        <vscode-label for="log-text">Search</vscode-label>
        <vscode-textfield
          id="log-text"
          type="search"
          placeholder="reason, state or evidence"
          .value=${live(filter.text)}
          @input=${(e: Event) => a.setLogFilter({ text: valueOf(e) })}
        ></vscode-textfield>
      </div>
    </div>
    <p class="muted log-count" aria-live="polite">
      ${matching.length === all.length ? `${all.length} entries` : `${matching.length} of ${all.length} entries match`}${
        matching.length > shown.length ? `, newest ${shown.length} shown (Export has them all)` : ''
      }
    </p>
    ${
      shown.length
        ? html`<ol class="log-list">
            ${repeat(
              shown,
              (e) => e.seq,
              (e) => entryView(e, open.has(e.seq), a),
            )}
          </ol>`
        : nothing
    }
  </section>`;
}
