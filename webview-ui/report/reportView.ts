// The Report view (mode `report`): the run's morning-after report rendered from its JSON — the summary
// line, the next step, the timeline picture, each batch, the steps and what is left — with a way back to
// the progress. Never HTML from the report: its text goes through lit bindings, its SVG into an <img>.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PanelState, Report } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { actionLink, icon } from '../shared/dom';
import { formatClock, plural } from '../shared/format';
import { reportBatch } from './reportBatch';
import { leftView, nextStepView, stepsView, waitItem } from './reportParts';
import { svgDataUrl } from './timelineImage';

function header(r: Report, a: Actions): TemplateResult {
  return html`<header class="page-header report-header">
    <div class="report-title-row">
      <h1 id="page-title">${icon('output')} Report</h1>
      <vscode-button id="back-to-progress" secondary icon="arrow-left" @click=${() => a.showProgress()}>Back to progress</vscode-button>
    </div>
    <p class="subtitle">
      <span class="project-name">${r.projectName}</span> <span class="muted">run ${r.id} · written ${formatClock(r.generatedAt)}</span>
      ${actionLink('open-report-md', 'Open as Markdown', () => a.openFile(`.specflow/reports/orchestration-${r.id}.md`))}
    </p>
  </header>`;
}

function summary(r: Report): TemplateResult {
  const s = r.summary;
  return html`<section class="report-summary outcome-${s.outcome}" aria-labelledby="summary-line">
    <p class="summary-line" id="summary-line">${s.line}</p>
    <p class="muted summary-facts">
      ${plural(s.batches.total, 'batch', 'batches')}: ${s.batches.completed} completed, ${s.batches.healed} healed, ${s.batches.failed} failed ·
      ${plural(s.heals, 'heal')}${r.gate ? ` · test gate ${r.gate.command}${r.gate.baseline ? ` (before the run: ${r.gate.baseline})` : ''}` : ' · no test gate'}${
        r.checkpoints ? ` · checkpoints: ${r.checkpoints.mode}${r.checkpoints.reason ? ` (${r.checkpoints.reason})` : ''}` : ''
      }
    </p>
  </section>`;
}

function problems(r: Report, a: Actions): TemplateResult | typeof nothing {
  if (!r.error && !r.warnings.length) return nothing;
  return html`${
    r.error
      ? html`<div class="callout callout-error" id="report-error">
          ${icon('error')}
          <div>
            <p class="callout-title">${r.error.message}</p>
            <ul class="log-paths">
              ${r.error.logPaths.map((p) => html`<li>${actionLink(undefined, p, () => a.openFile(p), 'file-link')}</li>`)}
            </ul>
          </div>
        </div>`
      : nothing
  }
  ${
    r.warnings.length
      ? html`<div class="callout callout-warning" id="report-warnings">
          ${icon('warning')}
          <ul>
            ${r.warnings.map((w) => html`<li>${w}</li>`)}
          </ul>
        </div>`
      : nothing
  }`;
}

function timeline(r: Report, svg: string | undefined): TemplateResult | typeof nothing {
  if (!svg) return nothing;
  const alt = `Timeline of run ${r.id}: ${plural(r.batches.length, 'batch', 'batches')} with their durations, heals, waits and test gate results`;
  return html`<figure class="timeline" id="timeline">
    <img id="timeline-img" src=${svgDataUrl(svg)} alt=${alt} />
  </figure>`;
}

export function reportView(panel: PanelState, copied: string | undefined, a: Actions): TemplateResult {
  const r = panel.report;
  if (!r) {
    return html`<main class="page report-page" aria-labelledby="page-title">
      <h1 id="page-title">${icon('output')} Report</h1>
      <p class="muted">The report is not available.</p>
      <vscode-button id="back-to-progress" secondary icon="arrow-left" @click=${() => a.showProgress()}>Back to progress</vscode-button>
    </main>`;
  }
  return html`<main class="page report-page" aria-labelledby="page-title">
    ${header(r, a)} ${summary(r)} ${problems(r, a)} ${nextStepView(r.next, copied, a)} ${timeline(r, panel.reportSvg)}
    <section class="section" aria-labelledby="report-batches-h" id="report-batches">
      <h2 id="report-batches-h">Batches</h2>
      ${r.batches.length ? r.batches.map((b) => reportBatch(b, a)) : html`<p class="muted">No implement batches in this run.</p>`}
    </section>
    ${
      r.waits.length
        ? html`<section class="section" aria-labelledby="waits-h" id="report-waits">
            <h2 id="waits-h">Waits between batches</h2>
            <ul class="waits">
              ${r.waits.map(waitItem)}
            </ul>
          </section>`
        : nothing
    }
    ${stepsView(r.steps, a)} ${leftView(r.left)}
  </main>`;
}
