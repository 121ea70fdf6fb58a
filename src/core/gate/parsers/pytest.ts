// pytest:
//   FAILED tests/test_math.py::test_equal[2-3] - assert 2 == 3       ("short test summary info", on by default)
//   ERROR tests/test_math.py::test_uses_broken - RuntimeError: …     (an error in a fixture or at collection)
//   ===== 3 failed, 2 passed, 1 skipped, 1 error in 0.75s =====      (with -q, the same line without "=")
import { countWords, uniq, type OutputParser } from './parsedOutput';

const SUMMARY = /^(?:=+ )?((?:\d+ [a-z]+(?:, )?)+|no tests ran) in \d+(?:\.\d+)?s(?: \([^)]*\))?(?: =+)?$/gm;
const OUTCOME = /^(FAILED|ERROR) (.+)$/;

/** The test's node id: up to " - message", but a parametrised id "[…]" may itself hold spaces and dashes. */
function nodeId(rest: string): string {
  const bracket = /^(\S*?\[.*?\])(?: - |$)/.exec(rest);
  if (bracket?.[1]) return bracket[1];
  return rest.split(' - ')[0]?.trim() ?? rest;
}

export const parsePytest: OutputParser = (text) => {
  const summaries = [...text.matchAll(SUMMARY)];
  const last = summaries[summaries.length - 1];
  if (!last) return undefined;
  const words = countWords(last[1] ?? '');
  // "12 files in 0.3s" is somebody else's line.
  if (last[1] !== 'no tests ran' && !['passed', 'failed', 'error', 'errors', 'skipped', 'xfailed', 'xpassed', 'deselected'].some((w) => words.has(w)))
    return undefined;
  const failingTests = uniq(
    text
      .split('\n')
      .map((l) => OUTCOME.exec(l)?.[2])
      .filter((r): r is string => !!r)
      .map(nodeId),
  );
  const errors = (words.get('error') ?? 0) + (words.get('errors') ?? 0);
  return {
    format: 'pytest',
    counts: { passed: words.get('passed') ?? 0, failed: (words.get('failed') ?? 0) + errors, skipped: words.get('skipped') ?? 0 },
    failingTests,
  };
};
