// Some modules cannot be loaded through tsx's require hook: ESM-only dependencies (execa), or ESM that imports its
// JSON without an import attribute. Bundle the module (everything inlined) into a temp dir, the way the product
// ships it, and require that.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

type Source = { entry: string } | { contents: string; resolveDir: string };

export function requireBundle<T>(source: Source, name: string): T {
  const dir = mkdtempSync(join(tmpdir(), `specflow-${name}-bundle-`));
  try {
    const outfile = join(dir, `${name}.cjs`);
    buildSync({
      ...('entry' in source ? { entryPoints: [source.entry] } : { stdin: { contents: source.contents, resolveDir: source.resolveDir, loader: 'ts' as const } }),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'error',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(outfile) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
