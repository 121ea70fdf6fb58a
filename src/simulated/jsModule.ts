// The code the simulated agent writes for a task that names a JavaScript source file: a small module (a class
// for models, a function otherwise) whose behaviour is derived from the task's words, and a node:test file that
// exercises it. Pure: the same task always gives the same text, so a healer can recompute what a file should
// be. A scripted fault drops one call from the module, which its own test catches.
import * as path from 'node:path';

export type ModuleShape = 'class' | 'function';

export interface JsModuleSpec {
  /** Project-relative path of the module (posix). */
  modulePath: string;
  /** Project-relative path of its test file. */
  testPath: string;
  taskId: string;
  /** The task's whole text (recorded in the module's first line, so a healer can rebuild the spec). */
  taskText: string;
  /** What the task does, without markers and the file name: "Create the album model". */
  title: string;
  esm: boolean;
  shape: ModuleShape;
  /** The exported class or function. */
  name: string;
}

const JS_EXT = /\.(c|m)?js$/;
const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec']);
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof let new null return static super switch this throw true try typeof var void while with yield await implements interface package private protected public arguments eval'.split(
    ' ',
  ),
);
const HEADER = /^\/\/ Written by the SpecFlow simulated agent \(no AI\) for (\S+): (.*)$/m;

/** A JS file that gets a real module and a test: not a test itself, not a config file, not under a test folder. */
export function isJsModuleTarget(rel: string): boolean {
  const parts = rel.split('/');
  const base = parts[parts.length - 1] ?? '';
  if (!JS_EXT.test(base)) return false;
  if (parts.slice(0, -1).some((p) => TEST_DIRS.has(p))) return false;
  return !/[.-](test|spec|config|conf|setup)\.[cm]?js$/i.test(base) && !/^(test|spec)[.-]/i.test(base);
}

/** `src/models/album.js` → `test/models/album.test.js`; a file outside src/ keeps its folders under test/. */
export function testPathFor(modulePath: string): string {
  const ext = path.posix.extname(modulePath);
  const inside = modulePath.startsWith('src/') ? modulePath.slice(4) : modulePath;
  return `test/${inside.slice(0, -ext.length)}.test${ext}`;
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function identifier(base: string, pascal: boolean): string {
  const parts = words(base).map((w, i) => (i === 0 && !pascal ? w[0]!.toLowerCase() : w[0]!.toUpperCase()) + w.slice(1));
  let id = parts.join('') || (pascal ? 'Module' : 'module');
  if (/^\d/.test(id)) id = `_${id}`;
  return RESERVED.has(id) ? `${id}Module` : id;
}

/** The task's words without `[P]`/`[US1]` markers and from the file name on: "Create the album model". */
export function taskTitle(text: string, modulePath: string): string {
  let t = text.replace(/\[[^\]]*\]\s*/g, '');
  const at = t.indexOf(modulePath);
  if (at >= 0) t = t.slice(0, at);
  t = t
    .replace(/\s+(in|into|at|to|under|for|from|as|with|inside)\s*$/i, '')
    .replace(/[\s:;,.`'"(-]+$/, '')
    .trim();
  return t || path.posix.basename(modulePath, path.posix.extname(modulePath));
}

/** Text safe inside a one-line comment or a JSDoc block. */
function commentText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\*\//g, '* /');
}

export function jsModuleSpec(modulePath: string, task: { id: string; text: string }, packageType: string | undefined): JsModuleSpec {
  const ext = path.posix.extname(modulePath);
  const base = path.posix.basename(modulePath, ext);
  // The text is kept as the module's first line records it, so the spec rebuilt from that line is the same.
  const text = commentText(task.text);
  const title = taskTitle(text, modulePath);
  const isModel = modulePath.split('/').some((p) => p === 'models' || p === 'model') || /\b(model|class|entity)\b/i.test(title);
  const shape: ModuleShape = isModel ? 'class' : 'function';
  return {
    modulePath,
    testPath: testPathFor(modulePath),
    taskId: task.id,
    taskText: text,
    title,
    esm: ext === '.mjs' || (ext === '.js' && packageType === 'module'),
    shape,
    name: identifier(base, shape === 'class'),
  };
}

/** The spec a module's first line records, or undefined when the simulated agent did not write it. */
export function specFromModule(modulePath: string, content: string, packageType: string | undefined): JsModuleSpec | undefined {
  const m = HEADER.exec(content);
  return m ? jsModuleSpec(modulePath, { id: m[1]!, text: m[2]! }, packageType) : undefined;
}

/** The module's slug rule, as the generated code computes it (expected values in tests come from here). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const SLUG_LINE = "  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');";
/** The scripted fault: the lower-casing is forgotten, so capitals are dropped instead of kept as letters. */
export const FAULTY_SLUG_LINE = "  return String(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');";

/** A single-quoted JavaScript string literal. */
function q(text: string): string {
  const escaped = text.replace(/[\\'\n\r\u2028\u2029]/g, (c) => (c === '\\' || c === "'" ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return `'${escaped}'`;
}

function kindOf(spec: JsModuleSpec): string {
  return spec.name[0]!.toLowerCase() + spec.name.slice(1);
}

function classBody(spec: JsModuleSpec, exp: string): string[] {
  return [
    `/** ${commentText(spec.title)} (${spec.taskId}): a named ${kindOf(spec)} with a URL-safe slug. */`,
    `${exp}class ${spec.name} {`,
    '  constructor(name) {',
    "    this.name = String(name ?? '').trim();",
    '    this.slug = slugify(this.name);',
    '  }',
    '',
    '  toJSON() {',
    `    return { kind: ${q(kindOf(spec))}, name: this.name, slug: this.slug };`,
    '  }',
    '}',
  ];
}

function functionBody(spec: JsModuleSpec, exp: string): string[] {
  return [
    `/** ${commentText(spec.title)} (${spec.taskId}): the items as { slug, label } entries, in order, each slug once. */`,
    `${exp}function ${spec.name}(items) {`,
    '  const seen = new Set();',
    '  const entries = [];',
    '  for (const item of items) {',
    "    const label = String(item ?? '').trim();",
    '    const slug = slugify(label);',
    '    if (!slug || seen.has(slug)) continue;',
    '    seen.add(slug);',
    '    entries.push({ slug, label });',
    '  }',
    '  return entries;',
    '}',
  ];
}

function headerLine(spec: JsModuleSpec): string {
  return `// Written by the SpecFlow simulated agent (no AI) for ${spec.taskId}: ${spec.taskText}`;
}

export function renderModule(spec: JsModuleSpec, opts: { faulty?: boolean } = {}): string {
  const exp = spec.esm ? 'export ' : '';
  const lines = [headerLine(spec)];
  if (!spec.esm) lines.push("'use strict';");
  lines.push('', ...(spec.shape === 'class' ? classBody(spec, exp) : functionBody(spec, exp)), '');
  lines.push('/** Lower-case words joined by dashes: "Summer Trip, 2024!" → "summer-trip-2024". */');
  lines.push(`${exp}function slugify(text) {`, opts.faulty ? FAULTY_SLUG_LINE : SLUG_LINE, '}');
  if (!spec.esm) lines.push('', `module.exports = { ${spec.name}, slugify };`);
  return `${lines.join('\n')}\n`;
}

/** What the generated function returns for `items` (the same rule as its JavaScript). */
export function expectedEntries(items: readonly string[]): Array<{ slug: string; label: string }> {
  const seen = new Set<string>();
  const out: Array<{ slug: string; label: string }> = [];
  for (const item of items) {
    const label = item.trim();
    const slug = slugify(label);
    if (!slug || seen.has(slug)) continue;
    seen.add(slug);
    out.push({ slug, label });
  }
  return out;
}

/** A JavaScript literal for a JSON-like value, laid out as a person would write it. */
function js(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(js).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k)}: ${js(v)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return typeof value === 'string' ? q(value) : JSON.stringify(value);
}

function classTests(spec: JsModuleSpec, label: string): string[] {
  const name = spec.title;
  const sample = `${spec.taskId}: ${name}!`;
  return [
    `test(${q(`${label}: new ${spec.name}() keeps its trimmed name and a lower-case slug`)}, () => {`,
    `  const item = new ${spec.name}(${q(`  ${name}  `)});`,
    `  assert.deepEqual(item.toJSON(), ${js({ kind: kindOf(spec), name, slug: slugify(name) })});`,
    '});',
    '',
    `test(${q(`${label}: slugify lower-cases words and drops punctuation`)}, () => {`,
    `  assert.equal(slugify(${q(sample)}), ${q(slugify(sample))});`,
    '});',
  ];
}

function functionTests(spec: JsModuleSpec, label: string): string[] {
  const base = path.posix.basename(spec.modulePath, path.posix.extname(spec.modulePath));
  const items = [`  ${spec.title}`, spec.title.toUpperCase(), '  ', base];
  return [
    `test(${q(`${label}: ${spec.name}() lists each item once, by its lower-case slug`)}, () => {`,
    `  assert.deepEqual(${spec.name}(${js(items)}), ${js(expectedEntries(items))});`,
    '});',
    '',
    `test(${q(`${label}: ${spec.name}() of no items is empty`)}, () => {`,
    `  assert.deepEqual(${spec.name}([]), []);`,
    '});',
  ];
}

/** The node:test file for the module; every test's name starts with the module's path and the task ID. */
export function renderModuleTest(spec: JsModuleSpec): string {
  let rel = path.posix.relative(path.posix.dirname(spec.testPath), spec.modulePath);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const label = `${spec.modulePath} (${spec.taskId})`;
  const lines = [`// Written by the SpecFlow simulated agent (no AI) for ${spec.taskId}: tests for ${spec.modulePath}`];
  if (spec.esm) {
    lines.push("import test from 'node:test';", "import assert from 'node:assert/strict';", `import { ${spec.name}, slugify } from ${q(rel)};`);
  } else {
    lines.push(
      "'use strict';",
      "const test = require('node:test');",
      "const assert = require('node:assert/strict');",
      `const { ${spec.name}, slugify } = require(${q(rel)});`,
    );
  }
  lines.push('', ...(spec.shape === 'class' ? classTests(spec, label) : functionTests(spec, label)));
  if (spec.shape === 'function')
    lines.push('', `test(${q(`${label}: slugify lower-cases words`)}, () => {`, `  assert.equal(slugify('Hello World'), 'hello-world');`, '});');
  return `${lines.join('\n')}\n`;
}
