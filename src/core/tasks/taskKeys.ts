// IDs that do not move, and keys that are unique. Pure.
//
// - A task with no written ID gets an ID derived from its section and its text, `setup/create-the-repo`, and `~2`,
//   `~3`… for later tasks that derive the same: never from its line, so inserting lines elsewhere renames nothing.
//   A derived ID always starts with a letter and holds a lower-case word, so it never looks like `T\d+` or a number.
// - A task's key is its ID; a repeated written ID gets `#2`, `#3`… in file order (`T007`, `T007#2`). Derived IDs
//   are unique by construction, and `#`/`~` never occur in written IDs, so keys never collide.

const MARKERS = /\[(?:P|V|W|US\d+|[Ss][Ee][Rr][Ii][Aa][Ll])\]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const SECTION_WORDS = 4;
const SECTION_CHARS = 32;
const TEXT_WORDS = 6;
const TEXT_CHARS = 40;

/** Lower-case words of the text joined by `-`, cut at a word boundary (a single long word is cut by code points). */
function slug(text: string, maxWords: number, maxChars: number): string {
  const words = text.replace(MARKERS, ' ').toLowerCase().split(NON_WORD);
  let out = '';
  let taken = 0;
  for (const w of words) {
    if (w === '') continue;
    if (out === '') out = w.length <= maxChars ? w : [...w].slice(0, maxChars).join('');
    else if (out.length + 1 + w.length <= maxChars) out += '-' + w;
    else break;
    if (++taken === maxWords) break;
  }
  return out;
}

function safeTextSlug(text: string): string {
  const s = slug(text, TEXT_WORDS, TEXT_CHARS);
  if (s === '') return 'task';
  return /^\p{L}/u.test(s) && !/^t\d/.test(s) ? s : `task-${s}`;
}

/** Hands out derived IDs and keys in file order; one instance per parse. */
export class KeyRegistry {
  /** First line of each written ID; the lines of the repeated ones apart (100k IDs must not mean 100k arrays). */
  private readonly firstLine = new Map<string, number>();
  private readonly repeats = new Map<string, number[]>();
  private readonly derived = new Map<string, number>();

  /** The key for the next task that carries this written ID. */
  writtenKey(id: string, line: number): string {
    const first = this.firstLine.get(id);
    if (first === undefined) {
      this.firstLine.set(id, line);
      return id;
    }
    const lines = this.repeats.get(id);
    if (lines) lines.push(line);
    else this.repeats.set(id, [first, line]);
    return `${id}#${lines ? lines.length : 2}`;
  }

  derivedId(section: string | undefined, text: string): string {
    const sec = section === undefined ? '' : slug(section, SECTION_WORDS, SECTION_CHARS);
    const base = sec === '' ? safeTextSlug(text) : `${sec}/${safeTextSlug(text)}`;
    const n = (this.derived.get(base) ?? 0) + 1;
    this.derived.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  }

  /** Written IDs that appear more than once, with all their lines, in the order first repeated. */
  repeated(): { id: string; lines: number[] }[] {
    return [...this.repeats].map(([id, lines]) => ({ id, lines }));
  }
}
