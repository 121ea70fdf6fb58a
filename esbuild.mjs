// One script builds every bundle: the extension host (cjs, `vscode` external), the headless CLI and the
// simulated agent (node, with a shebang), and the webview (browser iife). `--watch` rebuilds on change;
// `--production` minifies and drops sourcemaps, which is what ships in the vsix.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const shebang = { js: '#!/usr/bin/env node' };

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  // The extension is two bundles: a light shell that activation loads (its first line notes when loading
  // began, for the activation figure), and the engine with the panel host, required on first use.
  {
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', './engine.js'],
    banner: { js: 'const __specflowLoadStart = performance.now();' },
  },
  // engine.js reaches lazy.ts too (the panel's commands): its require('./engine.js') then resolves to itself
  { ...node, entryPoints: ['src/extension/engineEntry.ts'], outfile: 'dist/engine.js', external: ['vscode', './engine.js'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: shebang },
  { ...node, entryPoints: ['src/simulated/main.ts'], outfile: 'dist/simulated-claude.js', banner: shebang },
  // Test-only agent (never shipped: .vscodeignore drops dist/test). test/fixtures/fake-claude execs it.
  { ...node, entryPoints: ['test/fixtures/fakeClaude/main.ts'], outfile: 'dist/test/fake-claude.js' },
  {
    ...common,
    entryPoints: ['webview-ui/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  },
];

// The webview may load files only from dist/webview (localResourceRoots), so its vendored assets live there too.
function copyVendor() {
  const vendor = join(root, 'dist/webview/vendor');
  mkdirSync(vendor, { recursive: true });
  const files = [
    ['node_modules/@vscode-elements/elements/dist/bundled.js', 'vscode-elements.js'],
    ['node_modules/@vscode/codicons/dist/codicon.css', 'codicon.css'],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', 'codicon.ttf'],
  ];
  for (const [from, to] of files) copyFileSync(join(root, from), join(vendor, to));
}

function makeExecutable() {
  for (const f of ['dist/cli.js', 'dist/simulated-claude.js', 'dist/test/fake-claude.js']) chmodSync(join(root, f), 0o755);
}

/** Prints errors in the `$esbuild-watch` problem-matcher format so VS Code's task shows them. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** A production build ships no sourcemaps: remove the ones a development build left behind. */
function removeMaps(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.map')) rmSync(join(entry.parentPath ?? entry.path, entry.name));
  }
}

if (watch) {
  copyVendor();
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [problemMatcher] })));
  await Promise.all(contexts.map((c) => c.rebuild()));
  makeExecutable();
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyVendor();
  makeExecutable();
  if (production) removeMaps(join(root, 'dist'));
}
