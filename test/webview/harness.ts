// Runs the real webview bundle in Debian's Chromium: a loopback node:http server serves the bundle (built in
// memory from webview-ui/ by productionBundle.ts, so dist/ is neither needed nor touched), the vendored
// @vscode-elements and codicons straight from node_modules (the files esbuild.mjs copies to dist/webview/vendor),
// and a page built by panelHtml() (the production shell, CSP included), plus a theme stylesheet standing in for
// the variables VS Code sets. A fake acquireVsCodeApi records posted messages (and answers `ready` with the
// current snapshot, like the host) and keeps setState in sessionStorage, so it survives a reload as VS
// Code's does.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../src/extension/panel/panelHtml';
import { WebviewToHostSchema, type HostToWebview, type PanelState, type WebviewToHost } from '../../src/protocol/messages';
import { developmentBundle, ROOT } from './productionBundle';

export { ROOT };
/** What esbuild.mjs copies into dist/webview/vendor, served from where it copies them. */
const VENDOR: Record<string, string> = {
  'vscode-elements.js': join(ROOT, 'node_modules/@vscode-elements/elements/dist/bundled.js'),
  'codicon.css': join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'),
  'codicon.ttf': join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'),
};
const THEMES = join(__dirname, 'themes');
export const SHOTS = join(ROOT, 'test-results', 'webview');

export type Theme = 'light' | 'dark' | 'high-contrast';
const BODY_CLASS: Record<Theme, string> = { light: 'vscode-light', dark: 'vscode-dark', 'high-contrast': 'vscode-high-contrast' };

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** Serves a file below `dir`, or undefined when the path climbs out of it or does not exist. */
function fileBelow(dir: string, rel: string): Buffer | undefined {
  const path = normalize(join(dir, decodeURIComponent(rel)));
  if (!path.startsWith(dir + sep) || !existsSync(path)) return undefined;
  return readFileSync(path);
}

/** Polls `check` until it holds (a loaded machine delivers console events and timers late). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export class WebviewServer {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  /** Serve this file as dist/webview/main.js instead of the development build (e.g. the production build). */
  mainJs: string | undefined;
  private devJs = '';

  static async start(): Promise<WebviewServer> {
    const dev = await developmentBundle();
    let origin = '';
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      let body: Buffer | string | undefined;
      let type = 'text/html; charset=utf-8';
      if (url.pathname === '/panel.html') {
        const theme = (url.searchParams.get('theme') ?? 'dark') as Theme;
        body = WebviewServer.page(origin, theme in BODY_CLASS ? theme : 'dark', self.mainJs);
      } else if (url.pathname === '/dist/main.js') {
        body = readFileSync(self.mainJs ?? self.devJs);
        type = TYPES['.js']!;
      } else if (url.pathname.startsWith('/dist/vendor/')) {
        const file = VENDOR[url.pathname.slice('/dist/vendor/'.length)];
        body = file && existsSync(file) ? readFileSync(file) : undefined;
        type = TYPES[extname(url.pathname)] ?? 'application/octet-stream';
      } else if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      } else if (url.pathname.startsWith('/theme/')) {
        body = fileBelow(THEMES, url.pathname.slice('/theme/'.length));
        type = TYPES['.css']!;
      }
      if (body === undefined) {
        res.writeHead(404).end('not found');
        return;
      }
      // The shell changes per load (a fresh nonce); the bundles do not during a run, and letting Chromium
      // cache them lets V8 reuse its compiled code across the many page loads.
      const cache = url.pathname === '/panel.html' ? 'no-store' : 'max-age=600';
      res.writeHead(200, { 'content-type': type, 'cache-control': cache }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The handler above reads `self`: requests come only once start() has returned it (nobody knows the origin before).
    const self = new WebviewServer(server, origin);
    self.devJs = dev.path;
    return self;
  }

  /** The production shell, plus what VS Code adds: the theme's variables and the body's theme class. */
  static page(origin: string, theme: Theme, mainJs?: string): string {
    const html = panelHtml({
      cspSource: origin,
      nonce: randomBytes(18).toString('base64'),
      // A different URL per bundle: the browser caches them.
      scriptUri: `${origin}/dist/main.js?build=${encodeURIComponent(mainJs ?? 'dev')}`,
      elementsUri: `${origin}/dist/vendor/vscode-elements.js`,
      codiconsUri: `${origin}/dist/vendor/codicon.css`,
      title: 'SpecFlow: Complete Phase',
    });
    return html
      .replace('</head>', `  <link rel="stylesheet" href="${origin}/theme/${theme}.css">\n</head>`)
      .replace('<body>', `<body class="${BODY_CLASS[theme]}" data-vscode-theme-kind="${BODY_CLASS[theme]}">`);
  }

  url(theme: Theme): string {
    return `${this.origin}/panel.html?theme=${theme}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Stands in for acquireVsCodeApi(); runs before any page script, on every (re)load. The state lives in
 * sessionStorage under the page URL's `s` parameter: a reload keeps it (as VS Code does), a new session id
 * starts clean.
 */
const FAKE_VSCODE_API = `(() => {
  const KEY = '__specflowWebviewState:' + new URLSearchParams(location.search).get('s');
  let acquired = false;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => window.__specflowHost(JSON.parse(JSON.stringify(message))),
      getState: () => { const s = sessionStorage.getItem(KEY); return s === null ? undefined : JSON.parse(s); },
      setState: (state) => { sessionStorage.setItem(KEY, JSON.stringify(state)); return state; },
    });
  };
})();`;

export interface LoadOptions {
  theme?: Theme;
  width?: number;
  height?: number;
}

/**
 * One browser page running the webview, and the fake host it talks to. The page is reused across tests
 * (a new page costs Chromium a renderer process); `load()` starts a fresh webview with clean UI state.
 */
export class WebviewPage {
  posted: WebviewToHost[] = [];
  /** Messages that did not match WebviewToHostSchema (there should be none). */
  invalidPosts: unknown[] = [];
  consoleErrors: string[] = [];
  consoleWarnings: string[] = [];
  dialogs: string[] = [];
  /** Answer `ready` with the current snapshot (as the host does). */
  answerReady = true;
  state!: PanelState;
  private session = 0;
  private theme: Theme = 'dark';

  private constructor(
    readonly page: Page,
    private readonly server: WebviewServer,
  ) {}

  static async create(browser: Browser, server: WebviewServer, opts: { clock?: Date } = {}): Promise<WebviewPage> {
    // UTC and en-US: clock times and countdowns read the same on every machine.
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1, timezoneId: 'UTC', locale: 'en-US' });
    const page = await context.newPage();
    const wv = new WebviewPage(page, server);
    page.on('console', (m) => {
      if (m.type() === 'error') wv.consoleErrors.push(m.text());
      if (m.type() === 'warning') wv.consoleWarnings.push(m.text());
    });
    page.on('pageerror', (e) => wv.consoleErrors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      wv.dialogs.push(d.message());
      void d.dismiss();
    });
    if (opts.clock) {
      // A paused fake clock: time moves only by clock.runFor().
      await page.clock.install({ time: opts.clock });
      await page.clock.pauseAt(new Date(opts.clock.getTime() + 1000));
    }
    await page.exposeBinding('__specflowHost', (_source, message: unknown) => wv.onPost(message));
    await page.addInitScript({ content: FAKE_VSCODE_API });
    return wv;
  }

  /** A fresh webview (new UI state) showing `state`; resolves once it has rendered the snapshot. */
  async load(state: PanelState, opts: LoadOptions = {}): Promise<void> {
    this.state = state;
    this.theme = opts.theme ?? 'dark';
    this.posted = [];
    this.invalidPosts = [];
    this.consoleErrors = [];
    this.consoleWarnings = [];
    this.dialogs = [];
    this.answerReady = true;
    this.session++;
    await this.page.setViewportSize({ width: opts.width ?? 1000, height: opts.height ?? 900 });
    await this.page.goto(`${this.server.url(this.theme)}&s=${this.session}`);
    await this.waitForRender();
  }

  private async onPost(message: unknown): Promise<void> {
    const r = WebviewToHostSchema.safeParse(message);
    if (!r.success) {
      this.invalidPosts.push(message);
      return;
    }
    this.posted.push(r.data);
    if (r.data.type === 'ready' && this.answerReady) await this.send({ type: 'state', state: this.state });
  }

  /** Delivers a host message the way VS Code does (a `message` event on the webview's window). */
  async send(message: HostToWebview | Record<string, unknown>): Promise<void> {
    await this.page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message);
  }

  /** Replaces the snapshot and sends it (the host always sends whole snapshots). */
  async setState(state: PanelState): Promise<void> {
    this.state = state;
    await this.send({ type: 'state', state });
  }

  /** Waits until a snapshot has been rendered (the loading placeholder is gone). */
  async waitForRender(): Promise<void> {
    await this.page.locator('main.config-page, main.progress-page, main.report-page').first().waitFor();
  }

  /** Reloads the page as VS Code does when a hidden webview comes back: UI state kept, a new `ready`. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForRender();
  }

  postsOf<T extends WebviewToHost['type']>(type: T): Extract<WebviewToHost, { type: T }>[] {
    return this.posted.filter((m): m is Extract<WebviewToHost, { type: T }> => m.type === type);
  }

  async waitForPost<T extends WebviewToHost['type']>(type: T, timeoutMs = 5000): Promise<Extract<WebviewToHost, { type: T }>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.postsOf(type).at(-1);
      if (found) return found;
      if (Date.now() > end) throw new Error(`no "${type}" message was posted (posted: ${this.posted.map((m) => m.type).join(', ') || 'nothing'})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** What the webview last passed to setState (undefined before its first call). */
  async savedUiState(): Promise<Record<string, unknown> | undefined> {
    return this.page.evaluate(() => {
      const g = globalThis as unknown as { location: { search: string }; sessionStorage: { getItem(k: string): string | null } };
      const raw = g.sessionStorage.getItem(`__specflowWebviewState:${new URLSearchParams(g.location.search).get('s')}`);
      return raw === null ? undefined : (JSON.parse(raw) as Record<string, unknown>);
    });
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations);
  }

  /** Full-page PNG in test-results/webview/<name>.png. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(SHOTS, { recursive: true });
    const path = join(SHOTS, `${name}.png`);
    // Let the icon font settle before the picture.
    await this.page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
