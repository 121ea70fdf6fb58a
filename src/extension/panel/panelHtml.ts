// The SpecFlow panel's HTML shell: CSP, the @vscode-elements bundle, codicons, our script, `<div id="app">`.
// Pure (no `vscode` import): the host passes webview.cspSource, a fresh nonce and asWebviewUri() strings,
// so this is tested in Node and the webview tests serve exactly this page.
//
// CSP: no 'unsafe-inline' and no 'unsafe-eval'. Our CSS is one <style nonce> (webview-ui/styles.ts);
// @vscode-elements (lit) styles its shadow roots with constructed stylesheets (adoptedStyleSheets), which
// style-src does not govern, and sets dynamic styles through the CSSOM (styleMap), which CSP allows;
// vscode-icon links codicon.css from ${cspSource}. zod's `new Function` probe is switched off
// (webview-ui/zodSetup.ts). Every test in test/webview checks that no securitypolicyviolation fired.
// The elements bundle is an ES module; main.js is a classic `defer` script, which runs after it.

export interface PanelHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per page (letters, digits, + / = - _). */
  nonce: string;
  /** dist/webview/main.js */
  scriptUri: string;
  /** dist/webview/vendor/vscode-elements.js (an ES module) */
  elementsUri: string;
  /** dist/webview/vendor/codicon.css; its id is the one vscode-icon looks for */
  codiconsUri: string;
  /** An optional extra stylesheet. */
  styleUri?: string;
  title: string;
}

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return (
    [
      "default-src 'none'",
      `img-src ${cspSource} data:`,
      `font-src ${cspSource}`,
      `style-src ${cspSource} 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}' ${cspSource}`,
    ].join('; ') + ';'
  );
}

export function panelHtml(o: PanelHtmlOptions): string {
  if (!NONCE.test(o.nonce)) throw new Error('panelHtml: the nonce must be at least 16 characters of [A-Za-z0-9+/=_-]');
  // cspSource may list several sources ("'self' https://*.vscode-cdn.net" in code-server): only what could
  // end the directive or the attribute is refused.
  if (/[;"\r\n<>]/.test(o.cspSource) || !o.cspSource.trim()) throw new Error(`panelHtml: not a CSP source: ${o.cspSource}`);
  const a = escapeHtml;
  const n = a(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(o.cspSource, o.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${a(o.codiconsUri)}" nonce="${n}">
${o.styleUri ? `  <link rel="stylesheet" href="${a(o.styleUri)}" nonce="${n}">\n` : ''}  <title>${a(o.title)}</title>
</head>
<body>
  <div id="app"></div>
  <script type="module" nonce="${n}" src="${a(o.elementsUri)}"></script>
  <script defer nonce="${n}" src="${a(o.scriptUri)}"></script>
</body>
</html>
`;
}
