// @actions/workflow-parser (GitHub's own parser, the one the Actions VS Code extension uses) is ESM that imports
// its JSON schema without an import attribute, which Node refuses: it is meant to be bundled. Bundle it into a
// temp dir, the way the extension bundles it, and load that.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type * as WorkflowParser from '@actions/workflow-parser';

type Parser = Pick<typeof WorkflowParser, 'parseWorkflow' | 'convertWorkflowTemplate' | 'NoOperationTraceWriter'>;

export function loadWorkflowParser(): Parser {
  const dir = mkdtempSync(join(tmpdir(), 'specflow-workflow-parser-'));
  try {
    const outfile = join(dir, 'workflow-parser.cjs');
    buildSync({
      stdin: {
        contents: "export { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';",
        resolveDir: join(__dirname, '../../..'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'error',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(outfile) as Parser;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A parsed token (toJSON form) as plain data: mappings → objects, sequences → arrays, expressions → `${{ … }}`. */
export function plain(token: unknown): unknown {
  if (typeof token !== 'object' || token === null) return token;
  if (Array.isArray(token)) return token.map(plain);
  const t = token as { map?: { Key: unknown; Value: unknown }[]; seq?: unknown[]; expr?: string };
  if (t.map) return Object.fromEntries(t.map.map(({ Key, Value }) => [String(plain(Key)), plain(Value)]));
  if (t.seq) return t.seq.map(plain);
  if (t.expr !== undefined) return `\${{ ${t.expr} }}`;
  return token;
}
