// @actions/workflow-parser (GitHub's own parser, the one the Actions VS Code extension uses) is ESM that imports
// its JSON schema without an import attribute, which Node refuses: it is meant to be bundled. It is loaded
// bundled (requireBundle), the way the extension bundles it.
import { join } from 'node:path';
import type * as WorkflowParser from '@actions/workflow-parser';
import { requireBundle } from '../../support/requireBundle';

type Parser = Pick<typeof WorkflowParser, 'parseWorkflow' | 'convertWorkflowTemplate' | 'NoOperationTraceWriter'>;

export function loadWorkflowParser(): Parser {
  const contents = "export { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';";
  return requireBundle<Parser>({ contents, resolveDir: join(__dirname, '../../..') }, 'workflow-parser');
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
