// Bundle sizes of a production build, and activate() time measured inside the real editor by the E2E tier.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './stats';

// npm runs the bench from the package root (the bench is bundled into dist/bench/ first).
const ROOT = process.cwd();

export function benchExtension(): BenchRow[] {
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
    const data: unknown = JSON.parse(readFileSync(activation, 'utf8'));
    const runs = (Array.isArray(data) ? data : [data]) as { activationMs: number; loadAndActivateMs?: number; at: string }[];
    const last = runs.slice(-3);
    const at = `${last.length} e2e run(s), the last ${last.at(-1)?.at ?? '?'}`;
    const worst = Math.max(...last.map((r) => r.activationMs));
    rows.push({
      measure: 'activate() in code-server 4.139.1, worst of the last e2e runs',
      value: worst,
      unit: 'ms',
      goal: '≤ 50 ms',
      ok: worst <= 50,
      note: `${at}: ${last.map((r) => r.activationMs.toFixed(1)).join(', ')} ms`,
    });
    const loads = last.flatMap((r) => (r.loadAndActivateMs !== undefined ? [r.loadAndActivateMs] : []));
    if (loads.length)
      rows.push({
        measure: 'loading the extension code + activate(), worst',
        value: Math.max(...loads),
        unit: 'ms',
        note: loads.map((v) => v.toFixed(1)).join(', ') + ' ms',
      });
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
