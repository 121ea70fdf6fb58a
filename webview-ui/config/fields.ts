// One labelled control per option, with its hint and its inline error. The error paragraph is a polite
// live region: @vscode-elements keep the real <input> in a shadow root, where aria-describedby cannot
// reach a light-DOM id, so a new or changed error is announced instead.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { checkedOf, icon, valueOf } from '../shared/dom';
import type { FieldKey } from './formModel';

const idOf = (key: FieldKey): string => `f-${key}`;

function errorLine(key: FieldKey, error: string | undefined): TemplateResult {
  return html`<p class="field-error" id="${idOf(key)}-error" aria-live="polite">${error ? html`${icon('error')} <span>${error}</span>` : nothing}</p>`;
}

function hintLine(hint: string | undefined): TemplateResult | typeof nothing {
  return hint ? html`<p class="hint">${hint}</p>` : nothing;
}

export function checkboxField(opts: {
  key: FieldKey;
  label: string;
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}): TemplateResult {
  return html`<div class="field field-checkbox">
    <vscode-checkbox
      id=${idOf(opts.key)}
      data-field=${opts.key}
      label=${opts.label}
      .checked=${live(opts.checked)}
      ?disabled=${opts.disabled ?? false}
      @change=${(e: Event) => opts.onChange(checkedOf(e))}
    ></vscode-checkbox>
    ${hintLine(opts.hint)}
  </div>`;
}

export function inputField(opts: {
  key: FieldKey;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'number';
  min?: number;
  max?: number;
  step?: number | 'any';
  placeholder?: string;
  prefix?: string;
  disabled?: boolean;
  onInput: (value: string) => void;
}): TemplateResult {
  const id = idOf(opts.key);
  return html`<div class="field field-input ${opts.error ? 'has-error' : ''}">
    <vscode-label for=${id}>${opts.label}</vscode-label>
    <vscode-textfield
      id=${id}
      data-field=${opts.key}
      type=${opts.type ?? 'text'}
      min=${ifDefined(opts.min)}
      max=${ifDefined(opts.max)}
      .step=${opts.step}
      placeholder=${ifDefined(opts.placeholder)}
      ?disabled=${opts.disabled ?? false}
      ?invalid=${Boolean(opts.error)}
      .value=${live(opts.value)}
      @input=${(e: Event) => opts.onInput(valueOf(e))}
      >${opts.prefix ? html`<span slot="content-before" class="affix" aria-hidden="true">${opts.prefix}</span>` : nothing}</vscode-textfield
    >
    ${hintLine(opts.hint)} ${errorLine(opts.key, opts.error)}
  </div>`;
}

export function textareaField(opts: {
  key: FieldKey;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  placeholder?: string;
  onInput: (value: string) => void;
}): TemplateResult {
  const id = idOf(opts.key);
  return html`<div class="field field-textarea ${opts.error ? 'has-error' : ''}">
    <vscode-label for=${id}>${opts.label}</vscode-label>
    <vscode-textarea
      id=${id}
      data-field=${opts.key}
      rows="4"
      resize="vertical"
      placeholder=${ifDefined(opts.placeholder)}
      ?invalid=${Boolean(opts.error)}
      .value=${live(opts.value)}
      @input=${(e: Event) => opts.onInput(valueOf(e))}
    ></vscode-textarea>
    ${hintLine(opts.hint)} ${errorLine(opts.key, opts.error)}
  </div>`;
}

export function selectField(opts: {
  key: FieldKey;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  hint?: string;
  onChange: (value: string) => void;
}): TemplateResult {
  const id = idOf(opts.key);
  return html`<div class="field field-input">
    <vscode-label for=${id}>${opts.label}</vscode-label>
    <vscode-single-select id=${id} data-field=${opts.key} .value=${live(opts.value)} @change=${(e: Event) => opts.onChange(valueOf(e))}>
      ${opts.options.map((o) => html`<vscode-option value=${o.value} ?selected=${o.value === opts.value}>${o.label}</vscode-option>`)}
    </vscode-single-select>
    ${hintLine(opts.hint)}
  </div>`;
}
