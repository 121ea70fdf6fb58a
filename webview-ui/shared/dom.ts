// Small helpers for lit templates. Everything is rendered as text through lit's bindings; no innerHTML.
import { html, type TemplateResult } from 'lit/html.js';
import { ifDefined } from 'lit/directives/if-defined.js';

/** The value of the element an event came from (native inputs and @vscode-elements fields alike). */
export function valueOf(event: Event): string {
  const value = (event.target as unknown as { value?: unknown }).value;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function checkedOf(event: Event): boolean {
  return Boolean((event.target as unknown as { checked?: unknown }).checked);
}

/** A codicon from the vendored codicon.css, hidden from screen readers (the text next to it says it). */
export function icon(name: string, extraClass = ''): TemplateResult {
  return html`<span class="codicon codicon-${name} ${extraClass}" aria-hidden="true"></span>`;
}

/** A link-styled action (`<a href="#">`) that runs `run` instead of navigating. */
export function actionLink(id: string | undefined, label: string, run: () => void, extraClass = 'inline-action'): TemplateResult {
  return html`<a
    href="#"
    id=${ifDefined(id)}
    class=${extraClass}
    @click=${(e: Event) => {
      e.preventDefault();
      run();
    }}
    >${label}</a
  >`;
}
