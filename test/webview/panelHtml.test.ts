// The panel's HTML shell (src/extension/panel/panelHtml.ts): a pure function, checked in Node.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentSecurityPolicy, escapeHtml, panelHtml, type PanelHtmlOptions } from '../../src/extension/panel/panelHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const NONCE = 'c2Vjb25kLW5vbmNlLXZhbHVl';
const opts: PanelHtmlOptions = {
  cspSource: CSP_SOURCE,
  nonce: NONCE,
  scriptUri: `${CSP_SOURCE}/ext/dist/webview/main.js`,
  elementsUri: `${CSP_SOURCE}/ext/dist/webview/vendor/vscode-elements.js`,
  codiconsUri: `${CSP_SOURCE}/ext/dist/webview/vendor/codicon.css`,
  title: 'SpecFlow: Complete Phase',
};

describe('panelHtml', function () {
  it('sets the CSP: nothing by default, scripts and styles only by nonce or from the webview source, no unsafe-inline', function () {
    const html = panelHtml(opts);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.equal(
      csp,
      `default-src &#39;none&#39;; img-src ${CSP_SOURCE} data:; font-src ${CSP_SOURCE}; style-src ${CSP_SOURCE} &#39;nonce-${NONCE}&#39;; script-src &#39;nonce-${NONCE}&#39; ${CSP_SOURCE};`,
    );
    assert.equal(
      contentSecurityPolicy(CSP_SOURCE, NONCE),
      `default-src 'none'; img-src ${CSP_SOURCE} data:; font-src ${CSP_SOURCE}; style-src ${CSP_SOURCE} 'nonce-${NONCE}'; script-src 'nonce-${NONCE}' ${CSP_SOURCE};`,
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('loads the @vscode-elements module, then our script, both with the nonce, into <div id="app">', function () {
    const html = panelHtml(opts);
    const scripts = [...html.matchAll(/<script([^>]*)><\/script>/g)].map((m) => m[1]!);
    assert.deepEqual(scripts, [` type="module" nonce="${NONCE}" src="${opts.elementsUri}"`, ` defer nonce="${NONCE}" src="${opts.scriptUri}"`]);
    assert.match(html, /<link rel="stylesheet" id="vscode-codicon-stylesheet" href="[^"]+codicon\.css" nonce="/, 'vscode-icon finds codicons by this id');
    assert.match(html, /<body>\s*<div id="app"><\/div>/);
    assert.match(html, /<title>SpecFlow: Complete Phase<\/title>/);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /<style/, 'no inline style element without a nonce');
  });

  it('adds the optional stylesheet and escapes every value it writes', function () {
    const html = panelHtml({ ...opts, styleUri: `${CSP_SOURCE}/a.css?x=1&y="2"`, title: '<script>alert(1)</script>' });
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/a\.css\?x=1&amp;y=&quot;2&quot;" nonce=/);
    assert.match(html, /<title>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('refuses a weak nonce or a CSP source that could inject directives', function () {
    assert.throws(() => panelHtml({ ...opts, nonce: 'short' }), /nonce/);
    assert.throws(() => panelHtml({ ...opts, nonce: `${NONCE}"><script>` }), /nonce/);
    assert.throws(() => panelHtml({ ...opts, cspSource: `${CSP_SOURCE}; script-src *` }), /CSP source/);
  });

  it('does not import vscode (the host passes strings, so it runs in plain Node)', function () {
    const source = readFileSync(join(__dirname, '../../src/extension/panel/panelHtml.ts'), 'utf8');
    assert.doesNotMatch(source, /from ['"]vscode['"]|require\(['"]vscode['"]\)/);
  });
});
