// The run's error or wait message (run.error / run.wait), with the run-log paths as links that ask the
// host to open them (`openFile`).
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/core/model/progress';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { formatClock, formatDuration } from '../shared/format';

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
  transient_error: 'Waiting to retry after an error',
  user_gate: 'Waiting at the USER GATE',
  pause_between_batches: 'Paused between batches',
  user_pause: 'Paused',
};

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
  if (run.wait) {
    const until = run.wait.until ? Date.parse(run.wait.until) : Number.NaN;
    parts.push(
      html`<div class="callout callout-info" id="run-wait">
        ${icon('watch')}
        <div>
          <p class="callout-title">${WAIT_REASONS[run.wait.reason] ?? 'Waiting'}</p>
          ${run.wait.message !== run.headline ? html`<p>${run.wait.message}</p>` : nothing}
          ${
            !Number.isNaN(until)
              ? html`<p class="muted">Until ${formatClock(run.wait.until!)}${until > now ? ` (in ${formatDuration(until - now)})` : ''}</p>`
              : nothing
          }
        </div>
      </div>`,
    );
  }
  if (run.pauseRequested && run.status !== 'paused') {
    parts.push(
      html`<div class="callout callout-info" id="pause-requested">
        ${icon('debug-pause')}
        <p>Pause requested: the run pauses when the current batch ends.</p>
      </div>`,
    );
  }
  return parts.length ? html`<div class="messages">${parts}</div>` : nothing;
}
