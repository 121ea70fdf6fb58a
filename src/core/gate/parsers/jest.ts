// jest:
//   FAIL src/math.test.js                 (" FAIL " in inverse colours on a terminal)
//     ● math › subtracts                  one per failing test (named here "src/math.test.js > math > subtracts")
//     ● Test suite failed to run          a file that did not load
//   Tests:       1 failed, 1 skipped, 3 passed, 5 total
import { NAME_SEPARATOR, countWords, uniq, type OutputParser } from './parsedOutput';

const SUMMARY = /^Tests: +(.*\d+ total)\s*$/gm;
const FILE = /^ *(FAIL|PASS) +(\S.*?)(?: \([^)]*\))?\s*$/;
const BULLET = /^ {2}● (.+)$/;

function failingNames(lines: string[]): string[] {
  const names: string[] = [];
  let file = '';
  for (const line of lines) {
    const header = FILE.exec(line);
    if (header) {
      file = header[2] ?? '';
      continue;
    }
    const title = BULLET.exec(line)?.[1]?.trim().split(' › ').join(NAME_SEPARATOR);
    if (!title || title === 'Console') continue;
    if (title === 'Test suite failed to run') names.push(`${file || 'a test file'} (failed to run)`);
    else names.push(file ? file + NAME_SEPARATOR + title : title);
  }
  return uniq(names);
}

export const parseJest: OutputParser = (text) => {
  const summaries = [...text.matchAll(SUMMARY)];
  if (!summaries.length) return undefined;
  // One summary per jest run; several when a workspace script runs jest in each package.
  const words = countWords(summaries.map((m) => m[1]).join(', '));
  return {
    format: 'jest',
    counts: { passed: words.get('passed') ?? 0, failed: words.get('failed') ?? 0, skipped: (words.get('skipped') ?? 0) + (words.get('todo') ?? 0) },
    failingTests: failingNames(text.split('\n')),
  };
};
