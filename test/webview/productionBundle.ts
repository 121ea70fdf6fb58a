// The webview bundle as `node esbuild.mjs --production` builds it (the same options as its webview
// entry: minified, no sourcemap), in memory, without touching dist/; built once per test process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './harness';

export interface ProductionBundle {
  bytes: number;
  /** A temporary file holding it (removed with the OS temp dir). */
  path: string;
}

let pending: Promise<ProductionBundle> | undefined;

export function productionBundle(): Promise<ProductionBundle> {
  pending ??= (async () => {
    const r = await build({
      entryPoints: [join(ROOT, 'webview-ui/main.ts')],
      outfile: 'main.js',
      bundle: true,
      minify: true,
      write: false,
      sourcemap: false,
      legalComments: 'none',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.css': 'text' },
      sourcesContent: false,
      logLevel: 'silent',
    });
    const out = r.outputFiles[0]!;
    const path = join(mkdtempSync(join(tmpdir(), 'specflow-webview-bundle-')), 'main.js');
    writeFileSync(path, out.contents);
    return { bytes: out.contents.length, path };
  })();
  return pending;
}
