// The file paths a task's text names, so that tasks touching the same file never run in parallel groups. Pure.
//
// What counts as a path (a miss only risks a merge conflict, which the merge step handles; a false hit only costs
// parallelism, so the rules lean towards catching paths):
// - Inside inline code (`` `src/app.ts` ``, `` `package.json` ``, `` `.env` ``): one word (no spaces) that holds a `/`
//   or `\`, or ends in an extension (`.ts`, `.py`, `.c`), or starts with a dot.
// - In plain text, a word with a separator: `src/models/user.ts`, `tests/x_test.py`, `app/(auth)/page.tsx` — when
//   its last part has an extension, or it ends in `/` (a directory), or it has two separators (`docs/api/v2`). So
//   prose like `and/or`, `client/server` or `read/write` is not a path. URLs (`://`) are not paths.
// - In plain text, a file name without a separator (`package.json`, `user_test.py`, `README.md`): a name and a
//   lower-case extension that starts with a letter, unless it reads like a product or an abbreviation: `Node.js`,
//   `Vue.js`, `Socket.io` (a capitalised, otherwise lower-case name with `.js` or `.io`), `ASP.NET`, `e.g.`, `i.e.`
//   and versions (`v1.2`) are not. So a bare `App.js` is missed; `src/App.js` or `` `App.js` `` is found.
// - Words are split at spaces, `,` and `;`; brackets, quotes, emphasis and sentence punctuation around a word are
//   dropped, and a Markdown link's target is a word of its own.
// Paths are compared without a leading `./`, with `/` for `\`, case-insensitively (macOS and Windows file systems
// are). A path ending in `/` is a directory and overlaps every path under it.

const INLINE_CODE = /`([^`]+)`/g;
const WORD_EDGE = /^[("'[<{*_]+|[)"'\]>},.;:!?*_]+$/g;
const EXTENSION = /\.[A-Za-z][A-Za-z0-9]{0,9}$/;
const FILE_NAME = /^[\w@+-][\w.@+-]*\.[a-z][a-z0-9]{0,9}$/;
const PRODUCT_NAME = /^[A-Z][a-z0-9]*\.(?:js|io)$/;
const NOT_FILES = new Set(['e.g', 'i.e']);

/** `src/a.ts:42`, `src/a.ts:42:7` and `src/a.ts#L42` name `src/a.ts`. */
const LINE_REFERENCE = /(?::\d+)+$|#L\d+(?:-L?\d+)?$/;

function normalise(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .toLowerCase();
}

function codePath(code: string): string | undefined {
  const word = code.trim().replace(LINE_REFERENCE, '');
  if (word === '' || /\s/.test(word) || word.includes('://')) return undefined;
  if (/[/\\]/.test(word) || EXTENSION.test(word) || /^\.\w/.test(word)) return normalise(word);
  return undefined;
}

function plainPath(raw: string): string | undefined {
  const word = raw.replace(WORD_EDGE, '').replace(LINE_REFERENCE, '');
  if (word === '' || word.includes('://')) return undefined;
  const separators = (word.match(/[/\\]/g) ?? []).length;
  if (separators > 0) {
    return /[/\\]$/.test(word) || EXTENSION.test(word) || separators >= 2 ? normalise(word) : undefined;
  }
  if (!FILE_NAME.test(word) || PRODUCT_NAME.test(word) || NOT_FILES.has(word.toLowerCase())) return undefined;
  return normalise(word);
}

/** The distinct paths one line of text names, in the order first written. */
export function pathsIn(text: string): string[] {
  const found = new Set<string>();
  const plain = text.replace(/\]\(/g, '] ').replace(INLINE_CODE, (_, code: string) => {
    const path = codePath(code);
    if (path !== undefined) found.add(path);
    return ' ';
  });
  for (const word of plain.split(/[\s,;]+/)) {
    const path = plainPath(word);
    if (path !== undefined) found.add(path);
  }
  return [...found];
}

/** The paths a task names in its text, its steps and its detail lines. */
export function taskPaths(task: { text: string; steps?: readonly { text: string }[]; context?: readonly string[] }): string[] {
  const found = new Set(pathsIn(task.text));
  for (const step of task.steps ?? []) for (const p of pathsIn(step.text)) found.add(p);
  for (const line of task.context ?? []) for (const p of pathsIn(line)) found.add(p);
  return [...found];
}

/** Same file, or one is a directory (`src/models/`) the other sits in. */
export function pathsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  return (a.endsWith('/') && b.startsWith(a)) || (b.endsWith('/') && a.startsWith(b));
}
