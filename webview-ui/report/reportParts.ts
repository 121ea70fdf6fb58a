// Parts of the Report view: the next step (with its command to copy), a gate result, a wait, the steps
// and what is left. Everything is the report's text, rendered as text.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Report } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { formatClock, formatUsd, plural } from '../shared/format';
import { formatDuration } from '../../src/protocol/timeText';

type Gate = NonNullable<Report['batches'][number]['gate']>;
type Wait = Report['waits'][number];
type LeftTask = Report['left']['open'][number];

export function gateText(g: Gate, a: Actions): TemplateResult {
  return html`<a
      href="#"
      class="gate-badge gate-${g.verdict}"
      data-verdict=${g.verdict}
      title="Open the gate log (${g.logPath})"
      @click=${(e: Event) => {
        e.preventDefault();
        a.openFile(g.logPath);
      }}
      >${g.badge}</a
    >
    <span class="muted"
      >${g.reason} · <code class="command">${g.command}</code> · ${formatDuration(g.durationMs)}${g.runs > 1 ? ` · ran ${g.runs} times` : ''}</span
    >
    ${g.newFailures.length ? html`<span class="new-failures">New failures: ${g.newFailures.join(', ')}</span>` : nothing}`;
}

const WAIT_NAMES: Record<Wait['reason'], string> = {
  rate_limit: 'Rate limit',
  usage_limit: 'Usage limit',
  transient_error: 'Retry after an error',
  user_gate: 'USER GATE',
  pause_between_batches: 'Pause between batches',
  user_pause: 'Paused',
};

export function waitItem(w: Wait): TemplateResult {
  const length = w.ongoing ? `since ${formatClock(w.since)}${w.until ? `, until ${formatClock(w.until)}` : ''}` : formatDuration(w.durationMs ?? 0);
  return html`<li class="wait ${w.ongoing ? 'is-ongoing' : ''}">
    ${icon('watch')} <strong>${WAIT_NAMES[w.reason]}</strong> <span class="muted">(${length})</span> <span>${w.message}</span>
  </li>`;
}

export function nextStepView(next: Report['next'], copied: string | undefined, a: Actions): TemplateResult {
  const command = next.command;
  return html`<section class="callout callout-info next-step" id="next-step" aria-labelledby="next-h">
    ${icon('arrow-circle-right')}
    <div>
      <h2 id="next-h" class="callout-title">Next step</h2>
      <p id="next-text">${next.text}</p>
      ${next.notBefore ? html`<p class="muted">Not before ${formatClock(next.notBefore)}</p>` : nothing}
      ${
        command
          ? html`<div class="command-line">
              <code id="next-command">${command}</code>
              <vscode-button id="copy-command" secondary icon=${copied === command ? 'check' : 'copy'} @click=${() => a.copyText(command)}
                >${copied === command ? 'Copied' : 'Copy'}</vscode-button
              >
            </div>`
          : nothing
      }
    </div>
  </section>`;
}

const STEP_NAMES: Record<Report['steps'][number]['name'], string> = { design: 'Design', analyze: 'Analyze', verify: 'Verify', merge: 'Merge' };

export function stepsView(steps: Report['steps'], a: Actions): TemplateResult | typeof nothing {
  if (!steps.length) return nothing;
  return html`<section class="section" aria-labelledby="steps-h" id="report-steps">
    <h2 id="steps-h">Steps</h2>
    <ul class="report-steps">
      ${steps.map(
        (s) =>
          html`<li class="report-step step-${s.status}" data-step=${s.name}>
            <span class="step-name">${STEP_NAMES[s.name]}</span>
            <span class="muted">${s.status}${s.durationMs !== undefined ? ` · ${formatDuration(s.durationMs)}` : ''} · ${formatUsd(s.costUsd)}</span>
            ${s.confirmedBy ? html`<span class="step-confirmed">${icon(s.verified ? 'verified' : 'info')} ${s.confirmedBy}</span>` : nothing}
            ${s.gate ? html`<span class="step-gate">${gateText(s.gate, a)}</span>` : nothing} ${s.note ? html`<span class="muted">${s.note}</span>` : nothing}
            ${s.error ? html`<span class="batch-error">${icon('error')} ${s.error}</span>` : nothing}
          </li>`,
      )}
    </ul>
  </section>`;
}

function leftGroup(id: string, title: string, tasks: readonly LeftTask[]): TemplateResult | typeof nothing {
  if (!tasks.length) return nothing;
  return html`<h3 class="subhead" id=${id}>${title} (${tasks.length})</h3>
    <ul class="left-tasks" aria-labelledby=${id}>
      ${tasks.map(
        (t) =>
          html`<li><code class="task-id">${t.id}</code> <span>${t.title}</span>${t.reason ? html` <span class="muted">— ${t.reason}</span>` : nothing}</li>`,
      )}
    </ul>`;
}

export function leftView(left: Report['left']): TemplateResult {
  const count = left.open.length + left.blocked.length + left.deferred.length;
  return html`<section class="section" aria-labelledby="left-h" id="report-left">
    <h2 id="left-h">What is left</h2>
    ${
      count
        ? html`<p class="muted">${plural(count, 'task')} not done.</p>
            ${leftGroup('left-open', 'Open', left.open)} ${leftGroup('left-blocked', 'Blocked', left.blocked)}
            ${leftGroup('left-deferred', 'Deferred', left.deferred)}`
        : html`<p>${icon('pass-filled', 'ok')} Nothing: every task is done.</p>`
    }
  </section>`;
}
