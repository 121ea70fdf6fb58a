// The UI's own stylesheet, bundled as text (esbuild's text loader) and added as one <style> carrying the
// page's CSP nonce (style-src 'nonce-…'), so the CSP needs no 'unsafe-inline'.
import base from './styles/base.css';
import config from './styles/config.css';
import progress from './styles/progress.css';
import report from './styles/report.css';

/** The nonce VS Code's page was built with, read from our own <script nonce> (the attribute is hidden, the property is not). */
export function pageNonce(): string | undefined {
  for (const s of Array.from(document.querySelectorAll('script'))) {
    if (s.nonce) return s.nonce;
  }
  return undefined;
}

export function injectStyles(doc: Document = document): void {
  if (doc.getElementById('specflow-styles')) return;
  const css = [base, config, progress, report].join('\n');
  const nonce = pageNonce();
  if (nonce) {
    const style = doc.createElement('style');
    style.id = 'specflow-styles';
    style.setAttribute('nonce', nonce);
    style.textContent = css;
    doc.head.append(style);
    return;
  }
  // No nonce (a page without CSP): a constructed stylesheet works everywhere Chromium runs.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
