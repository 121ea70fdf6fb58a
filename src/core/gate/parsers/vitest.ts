// vitest's default reporter:
//    ❯ src/math.test.ts (3 tests | 1 failed) 6ms
//      × math > subtracts 4ms
//   ⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯
//    FAIL  src/math.test.ts > math > subtracts
//    FAIL  src/broken.test.ts [ src/broken.test.ts ]     (under "Failed Suites": a file that did not load)
//    Test Files  2 failed | 1 passed (3)
//         Tests  1 failed | 5 passed | 1 skipped (7)
import { countWords, uniq, type OutputParser } from './parsedOutput';

const SUMMARY = /^ *Tests {2}(.*)\(\d+\)\s*$/gm;
const FAIL_LINE = /^ *FAIL {2}(.+?)(?: \[ [^\]]+ \])?\s*$/;
const CROSS_LINE = /^ +× (.+?)(?: \d+m?s)?\s*$/;

function failingNames(lines: string[]): string[] {
  const failLines = lines.map((l) => FAIL_LINE.exec(l)?.[1]).filter((n): n is string => !!n && !n.startsWith('Tests failed.'));
  if (failLines.length) return uniq(failLines);
  // No error summary (a custom setup cut it): the per-file list still names the tests, without their file.
  return uniq(lines.map((l) => CROSS_LINE.exec(l)?.[1]).filter((n): n is string => !!n));
}

export const parseVitest: OutputParser = (text) => {
  const summaries = [...text.matchAll(SUMMARY)];
  if (!summaries.length || !/^ *Test Files {2}/m.test(text)) return undefined;
  const words = countWords(summaries.map((m) => m[1]).join(' | '));
  return {
    format: 'vitest',
    counts: { passed: words.get('passed') ?? 0, failed: words.get('failed') ?? 0, skipped: (words.get('skipped') ?? 0) + (words.get('todo') ?? 0) },
    failingTests: failingNames(text.split('\n')),
  };
};
