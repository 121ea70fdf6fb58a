// The modal's batch preview (FR-004/005): the engine's own plan as the host sent it — the format it read,
// optional tasks and checklist items left out, sections split at the cap, the parallel waves — and
// "updating…" while the host works on a preview of changed options.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PreflightView } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { actionLink, icon } from '../shared/dom';
import { plural } from '../shared/format';
import { parseNumber, type FormValues } from './formModel';

/** Long fallback plans (a batch size of 1 on 500 tasks) list this many and count the rest. */
const MAX_LISTED = 40;

const FORMAT_NAMES: Record<string, string> = {
  'spec-kit': 'spec-kit format',
  specflow: 'SpecFlow format',
  kiro: 'Kiro format',
  openspec: 'OpenSpec format',
  numbered: 'Numbered list',
  plain: 'Plain checklist',
};

export function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? `${format} format`;
}

function taskSummary(p: PreflightView): string {
  if (!p.totalTasks) return 'No tasks yet';
  return `${plural(p.totalTasks, 'task')}: ${p.completedTasks} done, ${p.openTasks} open`;
}

/** The format, optional tasks and checklist items: one line of facts under the plan. */
function factsView(p: PreflightView, a: Actions): TemplateResult | typeof nothing {
  const facts: TemplateResult[] = [];
  if (p.format) facts.push(html`<li id="plan-format">${icon('markdown')} <span>${formatName(p.format)}</span></li>`);
  if (p.optionalTasks > 0) {
    facts.push(
      p.skippedOptionalTasks > 0
        ? html`<li id="plan-optional">
            ${icon('eye-closed')} <span>${plural(p.skippedOptionalTasks, 'optional task')} skipped —</span>
            ${actionLink('include-optional', 'include them', () => a.setForm({ includeOptionalTasks: true }), '')}
          </li>`
        : html`<li id="plan-optional">${icon('eye')} <span>${plural(p.optionalTasks, 'optional task')} included</span></li>`,
    );
  }
  if (p.checklistItems > 0) {
    facts.push(
      html`<li id="plan-checklist">
        ${icon('checklist')}
        <span>${plural(p.checklistItems, 'checklist item')} ${p.checklistItems === 1 ? 'is' : 'are'} not batched —</span>
        ${actionLink('checklists-as-tasks', 'count them as tasks', () => a.setForm({ checklistsAreTasks: true }), '')}
      </li>`,
    );
  }
  return facts.length
    ? html`<ul class="plan-facts" aria-label="About tasks.md">
        ${facts}
      </ul>`
    : nothing;
}

function noSectionsView(p: PreflightView, a: Actions): TemplateResult | typeof nothing {
  const warning = p.warnings.find((w) => w.code === 'no_sections');
  if (!p.fallback || !p.openTasks || !warning) return nothing;
  return html`<div class="callout callout-warning" id="no-sections-warning" role="note">
    ${icon('warning')}
    <p>
      <span class="warning-text">${warning.message}</span> ${actionLink('edit-batch-size', 'Change the batch size', () => a.editOption('batchSizeFallback'))}
    </p>
  </div>`;
}

function splitNote(p: PreflightView, form: FormValues, a: Actions): TemplateResult | typeof nothing {
  const split = p.batches.filter((b) => b.split && b.split.part === 1).length;
  if (!split) return nothing;
  const cap = parseNumber(form.maxBatchTasks);
  const capText = Number.isInteger(cap) && cap > 0 ? `more than ${plural(cap, 'open task')}` : 'too many open tasks';
  return html`<p class="plan-note" id="split-note">
    ${icon('split-horizontal')}
    <span>${plural(split, 'section has', 'sections have')} ${capText}: ${split === 1 ? 'it runs' : 'they run'} in parts, one batch each.</span>
    ${actionLink('edit-max-batch-tasks', 'Change max batch tasks', () => a.editOption('maxBatchTasks'))}
  </p>`;
}

function batchItem(b: PreflightView['batches'][number]): TemplateResult {
  return html`<li class=${b.split ? 'is-split' : ''} data-index=${b.index}>
    <span class="batch-index">${b.index}</span>
    <span class="batch-name"
      >${b.name || `Batch ${b.index}`}${
        b.split ? html` <span class="split-mark" title="Part ${b.split.part} of ${b.split.of} of one section">${icon('split-horizontal')}</span>` : nothing
      }${b.waves ? html`<span class="batch-waves">${icon('layers')} ${b.waves}</span>` : nothing}</span
    >
    <span class="batch-count">${plural(b.taskCount, 'task')}</span>
  </li>`;
}

function planLine(p: PreflightView): TemplateResult {
  if (p.planText === undefined) return html`<p class="plan-text" id="plan-text">No tasks.md yet: the batches are planned from it after design.</p>`;
  return html`<p class="plan-text" id="plan-text">
    ${icon('list-tree')} <span class="plan-count">${p.planText}</span> <span class="muted"> · ${taskSummary(p)}</span>
  </p>`;
}

export function planView(p: PreflightView | undefined, opts: { form: FormValues; updating: boolean }, a: Actions): TemplateResult {
  const listed = p?.batches.slice(0, MAX_LISTED) ?? [];
  const more = (p?.batches.length ?? 0) - listed.length;
  return html`<section class="card-section batches ${opts.updating ? 'is-updating' : ''}" aria-labelledby="batches-h" aria-busy=${opts.updating}>
    <div class="section-title">
      <h2 id="batches-h">Batches</h2>
      <span class="updating" id="preview-updating" role="status"
        >${opts.updating ? html`${icon('loading', 'codicon-modifier-spin')} <span>updating…</span>` : nothing}</span
      >
    </div>
    ${
      !p
        ? html`<p class="muted">Checking the project…</p>`
        : html`${planLine(p)} ${factsView(p, a)} ${noSectionsView(p, a)} ${splitNote(p, opts.form, a)}
          ${
            listed.length
              ? html`<ol class="batch-preview" aria-label="Planned batches">
                  ${listed.map(batchItem)}
                </ol>`
              : nothing
          }
          ${more > 0 ? html`<p class="muted">…and ${plural(more, 'more batch', 'more batches')}</p>` : nothing}`
    }
  </section>`;
}
