// Small helpers for lit templates. Everything is rendered as text through lit's bindings; no innerHTML.
import { html, type TemplateResult } from 'lit/html.js';

/** The value of the element an event came from (native inputs and @vscode-elements fields alike). */
export function valueOf(event: Event): string {
  return String((event.target as unknown as { value?: unknown }).value ?? '');
}

export function checkedOf(event: Event): boolean {
  return Boolean((event.target as unknown as { checked?: unknown }).checked);
}

/** A codicon from the vendored codicon.css, hidden from screen readers (the text next to it says it). */
export function icon(name: string, extraClass = ''): TemplateResult {
  return html`<span class="codicon codicon-${name} ${extraClass}" aria-hidden="true"></span>`;
}
