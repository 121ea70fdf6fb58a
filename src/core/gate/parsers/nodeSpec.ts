// node:test's spec reporter (the default on a terminal, and everywhere from Node 23):
//   ▶ math                      a suite opens
//     ✖ subtracts (1.1ms)       a failing test, indented two spaces per level
//   ✖ math (4ms)                the suite closes, failed because a child failed
//   ℹ pass 2 / ℹ fail 1 / ℹ cancelled 0 / ℹ skipped 1 / ℹ todo 1
// The "✖ failing tests:" section at the end repeats failures without their suites, so names come from the tree.
import { NAME_SEPARATOR, uniq, type OutputParser } from './parsedOutput';

const TREE_LINE = /^( *)([▶✔✖﹣]) (.*)$/;
// A title, then an optional " (1.23ms)" and an optional " # SKIP" / " # TODO" / " # reason".
const TITLE = /^(.*?)(?: \(\d+(?:\.\d+)?m?s\))?(?: # .*)?$/;

function diagnostic(text: string, key: string): number | undefined {
  const m = new RegExp(`^ℹ ${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

function failingNames(lines: string[]): string[] {
  const open: string[] = []; // suite titles by depth
  const failed: string[] = [];
  for (const line of lines) {
    if (/^✖ failing tests:/.test(line)) break;
    const m = TREE_LINE.exec(line);
    if (!m) continue;
    const depth = Math.floor((m[1] ?? '').length / 2);
    const title = TITLE.exec(m[3] ?? '')?.[1] ?? '';
    if (m[2] === '▶') {
      open.length = depth;
      open[depth] = title;
      continue;
    }
    const closesSuite = open.length > depth && open[depth] === title;
    const path = [...open.slice(0, depth), title].join(NAME_SEPARATOR);
    open.length = depth;
    if (m[2] !== '✖') continue;
    // A suite that failed only because its children did is not a failure of its own; one that failed in a
    // hook (no failing child) is.
    if (closesSuite && failed.some((f) => f.startsWith(path + NAME_SEPARATOR))) continue;
    failed.push(path);
  }
  return uniq(failed);
}

export const parseNodeSpec: OutputParser = (text) => {
  const pass = diagnostic(text, 'pass');
  const fail = diagnostic(text, 'fail');
  if (pass === undefined || fail === undefined) return undefined;
  const skipped = (diagnostic(text, 'skipped') ?? 0) + (diagnostic(text, 'todo') ?? 0);
  const cancelled = diagnostic(text, 'cancelled') ?? 0;
  return {
    format: 'node-spec',
    counts: { passed: pass, failed: fail + cancelled, skipped },
    failingTests: failingNames(text.split('\n')),
  };
};
