// Answers for --json-schema decision calls: a minimal valid value, except that SpecFlow's "classify why an
// implement batch failed" question gets an answer read off the prompt (the failure, the tasks still open), so
// a demo's report shows a diagnosis that fits the failure rather than placeholder words.
import { minimalValue } from './schemaAnswer';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const CLASSIFY = /^SpecFlow decision: classify why an implement batch failed/;

function enumHas(schema: Obj, key: string, value: string): boolean {
  const prop = isObj(schema.properties) ? schema.properties[key] : undefined;
  return isObj(prop) && Array.isArray(prop.enum) && prop.enum.includes(value);
}

function ids(list: string | undefined): string[] {
  return !list || list.trim() === 'none' ? [] : list.split(/,\s*/).map((s) => s.trim());
}

/** The failure kind the prompt's words point to (as SpecFlow's own kinds name them). */
function kindOf(text: string): string {
  if (/test gate is worse|failing test|not ok \d|AssertionError/i.test(text)) return 'failing_test';
  if (/SyntaxError|Unexpected token/.test(text)) return 'syntax_error';
  if (/Cannot find (module|package) '[^./]/.test(text)) return 'dependency';
  if (/ENOENT|no such file|does not exist|Cannot find module/i.test(text)) return 'missing_file';
  return 'other';
}

/** One sentence: for a worse gate, how many tests fail and in which files; else the failure, shortened. */
function summaryOf(failure: string): string {
  const gate = /test gate is worse[^]*?(\d+) failing tests?/i.exec(failure);
  if (!gate) return failure.length > 300 ? `${failure.slice(0, 299)}…` : failure || 'The batch failed; see the agent result.';
  const files = [...new Set([...failure.matchAll(/[\w@.-]+(?:\/[\w@.-]+)+\.[cm]?[jt]sx?\b/g)].map((m) => m[0]))];
  return `The project's tests are worse than before the run: ${gate[1]} failing test(s)${files.length ? ` in ${files.join(', ')}` : ''}.`;
}

function classification(prompt: string, schema: Obj, base: Obj): Obj {
  const failure = /^Failure: (.*)$/m.exec(prompt)?.[1]?.trim() ?? '';
  const batch = /^Batch \d+: ".*" with tasks (.*?); still open: (.*)\.$/m.exec(prompt);
  const all = ids(batch?.[1]);
  const open = ids(batch?.[2]);
  const kind = kindOf(prompt);
  const answer: Obj = {
    recoverable: true,
    kind: enumHas(schema, 'kind', kind) ? kind : base.kind,
    summary: summaryOf(failure),
    tasksDone: all.filter((id) => !open.includes(id)),
    tasksLeft: open,
    suggestion:
      kind === 'failing_test'
        ? 'Fix the code the failing tests exercise so they pass again, without weakening the tests.'
        : 'Fix what the error names, then finish the tasks still open.',
  };
  // Only what the schema asks for, with the type the minimal answer has there.
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(answer)) {
    if (key in base && typeof base[key] === typeof value && Array.isArray(base[key]) === Array.isArray(value)) out[key] = value;
  }
  return out;
}

export function decisionValue(prompt: string, schema: unknown): unknown {
  const base = minimalValue(schema);
  if (!isObj(schema) || !isObj(base) || !CLASSIFY.test(prompt.trimStart())) return base;
  return classification(prompt, schema, base);
}
