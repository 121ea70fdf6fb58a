// What every output parser returns, and the text clean-up they share.
import type { GateCounts, GateFormat } from '../../model/gate';

export interface ParsedOutput {
  format: GateFormat;
  counts?: GateCounts;
  /** In the order the runner printed them, deduplicated; not yet capped. */
  failingTests: string[];
}

/** Returns undefined when the text is not this parser's format. Parsers are pure. */
export type OutputParser = (text: string) => ParsedOutput | undefined;

/** How nested test names are joined, whatever the runner's own separator. */
export const NAME_SEPARATOR = ' > ';

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks such as jest's file links).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Colour codes removed, CRLF normalised, and a line redrawn with bare `\r` (progress bars) kept as its last state. */
export function cleanOutput(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) =>
      line.includes('\r')
        ? (line
            .split('\r')
            .filter((part) => part.length > 0)
            .pop() ?? '')
        : line,
    )
    .join('\n');
}

export function uniq(names: Iterable<string>): string[] {
  return [...new Set(names)];
}

/** Sums `N word` pairs in a summary such as "1 failed, 3 passed, 4 total" into the words given. */
export function countWords(summary: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const m of summary.matchAll(/(\d+) ([a-z]+)/g)) {
    const word = m[2] ?? '';
    found.set(word, (found.get(word) ?? 0) + Number(m[1]));
  }
  return found;
}
