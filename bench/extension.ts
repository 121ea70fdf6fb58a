// Bundle sizes of a production build, and activate() time measured inside the real editor by the E2E tier.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './stats';

// npm runs the bench from the package root (the bench is bundled into dist/bench/ first).
const ROOT = process.cwd();

export async function benchExtension(): Promise<BenchRow[]> {
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
  const kb = (f: string) => statSync(join(ROOT, f)).size / 1024;
  const rows: BenchRow[] = [
    { measure: 'bundle: dist/extension.js (minified)', value: kb('dist/extension.js'), unit: 'KiB' },
    { measure: 'bundle: dist/cli.js (minified)', value: kb('dist/cli.js'), unit: 'KiB' },
    {
      measure: 'bundle: dist/webview/main.js (minified, without @vscode-elements)',
      value: kb('dist/webview/main.js'),
      unit: 'KiB',
      goal: '≤ 300 KB',
      ok: kb('dist/webview/main.js') <= 293,
    },
    { measure: 'bundle: vendored @vscode-elements (for reference)', value: kb('dist/webview/vendor/vscode-elements.js'), unit: 'KiB' },
  ];
  const activation = join(ROOT, 'test-results', 'e2e', 'activation.json');
  if (existsSync(activation)) {
    const a = JSON.parse(readFileSync(activation, 'utf8')) as { activationMs: number; at: string };
    rows.push({ measure: 'activate() in code-server 4.139.1 (from the last E2E run)', value: a.activationMs, unit: 'ms', note: `measured ${a.at}` });
  } else {
    rows.push({
      measure: 'activate() time',
      value: NaN,
      unit: 'ms',
      note: 'run the e2e tier first (node test/run-all.mjs e2e): it writes test-results/e2e/activation.json',
    });
  }
  // Leave a development build behind, as `npm run build` would.
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  return rows;
}
