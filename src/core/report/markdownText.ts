// Text that goes into the Markdown report safely: escaped prose, code spans and table cells. Pure.
import { oneLine } from './text';

/**
 * Prose: Markdown's punctuation escaped, so a task named `*draft* <b>` shows as written. `#` and `>` mean
 * something only at the start of a line (a heading, a quote), so only there are they escaped.
 */
export function md(text: string, max = 300): string {
  return oneLine(text, max)
    .replace(/[\\`*_[\]<|~]/g, (c) => `\\${c}`)
    .replace(/^[#>]/, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '&amp;');
}

/** A code span that no backtick in the text can close early. */
export function code(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${flat}${pad}${tick}`;
}

/** A table row; a `|` inside a cell (even in a code span) is escaped, as GitHub's tables need. */
export function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/(?<!\\)\|/g, '\\|')).join(' | ')} |`;
}

export function table(head: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  return [row(head), `| ${align.map((a) => (a === 'r' ? '--:' : '---')).join(' | ')} |`, ...rows.map(row)];
}
