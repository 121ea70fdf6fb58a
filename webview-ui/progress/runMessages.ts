// The run's error, wait and warnings (run.error / run.wait / run.warnings), with the run-log paths as links
// that ask the host to open them (`openFile`).
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { formatClock } from '../shared/format';
import { formatDuration } from '../../src/protocol/timeText';

function fileLink(path: string, a: Actions): TemplateResult {
  return html`<a
    href="#"
    class="file-link"
    @click=${(e: Event) => {
      e.preventDefault();
      a.openFile(path);
    }}
    >${icon('go-to-file')} <span>${path}</span></a
  >`;
}

const WAIT_REASONS: Record<string, string> = {
  rate_limit: 'Waiting for the rate limit to reset',
  usage_limit: 'Usage limit reached',
  transient_error: 'Waiting to retry after an error',
  user_gate: 'Waiting at the USER GATE',
  pause_between_batches: 'Paused between batches',
  user_pause: 'Paused',
};

function warningsView(warnings: readonly string[]): TemplateResult {
  return html`<div class="callout callout-warning" id="run-warnings" role="note">
    ${icon('warning')}
    <div>
      <p class="callout-title">${warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`}</p>
      <ul>
        ${warnings.map((w) => html`<li>${w}</li>`)}
      </ul>
    </div>
  </div>`;
}

function waitView(wait: NonNullable<ProgressView['wait']>, run: ProgressView, now: number): TemplateResult {
  const until = wait.until ? Date.parse(wait.until) : Number.NaN;
  // A usage limit's countdown is in the badge and the headline already.
  const countdown = !Number.isNaN(until) && !run.limit;
  return html`<div class="callout callout-info" id="run-wait">
    ${icon('watch')}
    <div>
      <p class="callout-title">${WAIT_REASONS[wait.reason] ?? 'Waiting'}</p>
      ${wait.message !== run.headline ? html`<p>${wait.message}</p>` : nothing}
      ${countdown ? html`<p class="muted">Until ${formatClock(wait.until!)}${until > now ? ` (in ${formatDuration(until - now)})` : ''}</p>` : nothing}
    </div>
  </div>`;
}

export function runMessages(run: ProgressView, now: number, a: Actions): TemplateResult | typeof nothing {
  const parts: TemplateResult[] = [];
  if (run.error) {
    parts.push(
      html`<div class="callout callout-error" id="run-error">
        ${icon('error')}
        <div>
          <p class="callout-title">${run.error.message}</p>
          <p class="muted">Kind: ${run.error.kind}</p>
          ${
            run.error.logPaths.length
              ? html`<p>Run logs:</p>
                  <ul class="log-paths">
                    ${run.error.logPaths.map((p) => html`<li>${fileLink(p, a)}</li>`)}
                  </ul>`
              : nothing
          }
        </div>
      </div>`,
    );
  }
  if (run.wait) parts.push(waitView(run.wait, run, now));
  if (run.pauseRequested && run.status !== 'paused') {
    parts.push(
      html`<div class="callout callout-info" id="pause-requested">
        ${icon('debug-pause')}
        <p>Pause requested: the run pauses when the current batch ends.</p>
      </div>`,
    );
  }
  if (run.warnings.length) parts.push(warningsView(run.warnings));
  return parts.length ? html`<div class="messages">${parts}</div>` : nothing;
}
