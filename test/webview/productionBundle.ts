// The webview bundle built in memory with esbuild, without touching dist/ (which other work uses): the
// production build exactly as `node esbuild.mjs --production` makes its webview entry (minified, no
// sourcemap), and a development build (not minified) that the Chromium tests run by default. Each is built
// once per test process; the bundle's inputs (the metafile) show which source files it holds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

export const ROOT = join(__dirname, '..', '..');

export interface WebviewBundle {
  bytes: number;
  /** A temporary file holding it (removed when the test process exits). */
  path: string;
  /** Every source file in the bundle, relative to the repository root. */
  inputs: string[];
  /** The bundle's code. */
  text: string;
}

async function buildBundle(minify: boolean): Promise<WebviewBundle> {
  const r = await build({
    entryPoints: [join(ROOT, 'webview-ui/main.ts')],
    outfile: 'main.js',
    bundle: true,
    minify,
    write: false,
    metafile: true,
    sourcemap: false,
    legalComments: 'none',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
    sourcesContent: false,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const out = r.outputFiles[0]!;
  const dir = mkdtempSync(join(tmpdir(), `specflow-webview-${minify ? 'prod' : 'dev'}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'main.js');
  writeFileSync(path, out.contents);
  const inputs = Object.keys(r.metafile.inputs).map((p) => relative(ROOT, join(ROOT, p)));
  return { bytes: out.contents.length, path, inputs, text: out.text };
}

let production: Promise<WebviewBundle> | undefined;
let development: Promise<WebviewBundle> | undefined;

export function productionBundle(): Promise<WebviewBundle> {
  production ??= buildBundle(true);
  return production;
}

export function developmentBundle(): Promise<WebviewBundle> {
  development ??= buildBundle(false);
  return development;
}
