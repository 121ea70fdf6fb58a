// The last resort: a line that is exactly "N passed, N failed", as SpecFlow's own `npm test` ends.
import type { OutputParser } from './parsedOutput';

const LINE = /^ *(\d+) passed, (\d+) failed(?:, (\d+) skipped)? *$/gm;

export const parseSummaryLine: OutputParser = (text) => {
  const all = [...text.matchAll(LINE)];
  const last = all[all.length - 1];
  if (!last) return undefined;
  return {
    format: 'summary',
    counts: { passed: Number(last[1]), failed: Number(last[2]), ...(last[3] ? { skipped: Number(last[3]) } : {}) },
    failingTests: [],
  };
};
