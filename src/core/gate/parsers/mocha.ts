// mocha's spec reporter:
//     2 passing (7ms)
//     1 pending
//     2 failing
//
//     1) math
//          nested
//            multiplies:            the title's parts, one per line, the last ending with ":"
//        AssertionError …
import { NAME_SEPARATOR, uniq, type OutputParser } from './parsedOutput';

function stat(text: string, word: string): number | undefined {
  const m = new RegExp(`^ *(\\d+) ${word}\\b`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

function failingTitles(lines: string[]): string[] {
  const start = lines.findIndex((l) => /^ *\d+ failing\b/.test(l));
  if (start < 0) return [];
  const names: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const first = /^ {2}\d+\) (.*)$/.exec(lines[i] ?? '');
    if (!first) continue;
    const parts = [first[1] ?? ''];
    // A title spans lines until the one that ends with ":" (a handful at most).
    for (let j = i + 1; !parts[parts.length - 1]?.endsWith(':') && j < lines.length && j < i + 12; j++) {
      const next = lines[j]?.trim() ?? '';
      if (!next) break;
      parts.push(next);
    }
    const last = parts.length - 1;
    parts[last] = (parts[last] ?? '').replace(/:$/, '');
    names.push(parts.map((p) => p.trim()).join(NAME_SEPARATOR));
  }
  return uniq(names);
}

export const parseMocha: OutputParser = (text) => {
  const passing = stat(text, 'passing');
  if (passing === undefined) return undefined;
  return {
    format: 'mocha',
    counts: { passed: passing, failed: stat(text, 'failing') ?? 0, skipped: stat(text, 'pending') ?? 0 },
    failingTests: failingTitles(text.split('\n')),
  };
};
