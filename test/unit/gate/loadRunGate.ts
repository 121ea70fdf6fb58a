// runGate spawns through execa, which is ESM-only and cannot be loaded through tsx's require hook: bundle the
// module (everything inlined) into a temp dir, the way the CLI ships it, and load that. The pure modules the
// tests also use (compareToBaseline, describeGate…) are imported from source as usual.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type * as RunGateModule from '../../../src/core/gate/runGate';

export function loadRunGate(): typeof RunGateModule {
  const dir = mkdtempSync(join(tmpdir(), 'specflow-gate-bundle-'));
  try {
    const outfile = join(dir, 'runGate.cjs');
    buildSync({
      entryPoints: [join(__dirname, '../../../src/core/gate/runGate.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'error',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(outfile) as typeof RunGateModule;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
