// The inline "Raise budget and resume" form under a budget stop: the cap that stopped the run comes first,
// raised and focused; Resume sends only the caps that changed (`resume` with a `budget` patch).
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { live } from 'lit/directives/live.js';
import type { Actions } from '../model';
import { icon, valueOf } from '../shared/dom';
import { formatUsd } from '../shared/format';
import { CAP_LABELS, CAP_NAMES, CAPS, type Cap, type RaiseCheck, type RaiseForm } from './raiseBudgetModel';

function capField(c: Cap, form: RaiseForm, error: string | undefined, a: Actions): TemplateResult {
  const id = `raise-${c}`;
  const stopper = c === form.cap;
  return html`<div class="field field-input ${stopper ? 'is-stopper' : ''} ${error ? 'has-error' : ''}" data-cap=${c}>
    <vscode-label for=${id}>${CAP_LABELS[c]}${stopper ? html` <span class="stopper-tag">stopped the run</span>` : nothing}</vscode-label>
    <vscode-textfield
      id=${id}
      type="number"
      .step=${'any'}
      ?invalid=${Boolean(error)}
      .value=${live(form.values[c])}
      @input=${(e: Event) => a.setRaise(c, valueOf(e))}
      ><span slot="content-before" class="affix" aria-hidden="true">$</span></vscode-textfield
    >
    <p class="hint">now ${formatUsd(form.current[c])}</p>
    <p class="field-error" id="${id}-error" aria-live="polite">${error ? html`${icon('error')} <span>${error}</span>` : nothing}</p>
  </div>`;
}

export function raiseBudgetView(form: RaiseForm, check: RaiseCheck, busy: string | undefined, a: Actions): TemplateResult {
  // The cap that stopped the run first: it is the one to raise.
  const order = form.cap ? [form.cap, ...CAPS.filter((c) => c !== form.cap)] : [...CAPS];
  const enabled = Boolean(check.budget) && !busy;
  return html`<form
    class="raise-budget"
    id="raise-budget"
    aria-labelledby="raise-h"
    @submit=${(e: Event) => {
      e.preventDefault();
      if (enabled) a.raiseAndResume();
    }}
  >
    <h3 id="raise-h">${icon('credit-card')} Raise budget and resume</h3>
    <p class="muted">${form.cap ? `The ${CAP_NAMES[form.cap]} cap stopped the run. ` : ''}Raise the caps you want; the run resumes with them.</p>
    <div class="grid grid-4">${order.map((c) => capField(c, form, check.errors[c], a))}</div>
    <vscode-button id="raise-resume" icon="debug-continue" ?disabled=${!enabled} @click=${() => enabled && a.raiseAndResume()}
      >Raise budget and resume</vscode-button
    >
  </form>`;
}
