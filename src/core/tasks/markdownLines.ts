// Line-level Markdown recognisers for tasks.md: checkboxes, headings, code fences. Pure.

/**
 * A list item with a one-character box. The box may hold any mark that is not a letter, digit or bracket
 * (`[/]`, `[!]`, `[✓]`), besides the known `x X b B ~ -` and space, so that no task with an unusual mark is
 * lost; `]*` is Kiro's optional marker.
 */
const CHECKBOX = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\[([xXbB ]|[^\][A-Za-z0-9\t])\](\*?)(?:[ \t]+(.*))?$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const LIST_START = new Set(['-', '*', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

export interface CheckboxLine {
  indent: number;
  mark: string;
  optional: boolean;
  body: string;
}

export interface HeadingLine {
  level: number;
  name: string;
}

/** First non-blank character of a line, so that most lines are rejected without running a regex. */
export function firstChar(line: string): string {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c !== ' ' && c !== '\t') return c;
  }
  return '';
}

export function indentWidth(line: string): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') w += 1;
    else if (c === '\t') w += 4;
    else break;
  }
  return w;
}

export function checkboxOf(raw: string, first: string): CheckboxLine | undefined {
  const m = LIST_START.has(first) ? CHECKBOX.exec(raw) : null;
  if (!m) return undefined;
  return { indent: indentWidth(m[1]!), mark: m[2]!, optional: m[3] === '*', body: (m[4] ?? '').trim() };
}

export function headingOf(raw: string, first: string): HeadingLine | undefined {
  const m = first === '#' ? HEADING.exec(raw) : null;
  return m ? { level: m[1]!.length, name: m[2]!.trim() } : undefined;
}

/** The marker of a fence this line opens (an inline code span that happens to start a line does not). */
export function fenceOpening(raw: string, first: string): string | undefined {
  const open = first === '`' || first === '~' ? FENCE_OPEN.exec(raw) : null;
  if (!open || (open[1]![0] === '`' && open[2]!.includes('`'))) return undefined;
  return open[1]!;
}

export function closesFence(raw: string, marker: string): boolean {
  const close = FENCE_CLOSE.exec(raw);
  return Boolean(close && close[1]![0] === marker[0] && close[1]!.length >= marker.length);
}
