// Accessibility gaps of @vscode-elements 2.5 that we close from outside: vscode-collapsible's header is a
// focusable <div> (Enter/Space toggle it) without a role or an expanded state, so screen readers do not
// announce it as a disclosure. Called after every render; idempotent.
type Collapsible = HTMLElement & { open?: boolean; heading?: string; updateComplete?: Promise<unknown> };

function apply(el: Collapsible): void {
  const header = el.shadowRoot?.querySelector('.collapsible-header');
  if (!header) return;
  header.setAttribute('role', 'button');
  header.setAttribute('aria-expanded', String(Boolean(el.open)));
  // Its heading and description are adjacent spans: name it by the heading alone.
  if (el.heading) header.setAttribute('aria-label', el.heading);
  el.shadowRoot?.querySelector('.header-icon')?.setAttribute('aria-hidden', 'true');
}

export function exposeCollapsibles(root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll<Collapsible>('vscode-collapsible'))) {
    // The header is (re)rendered in the element's own async update.
    void Promise.resolve(el.updateComplete).then(() => apply(el));
  }
}
