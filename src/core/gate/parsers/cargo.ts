// cargo test: one block per test binary (unit tests, each tests/*.rs, doc-tests), each ending in its own line
//   test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.15s
// Failing tests read "test tests::subtracts ... FAILED"; names get their binary ("rs::tests::subtracts") because
// every crate of a workspace has its own src/lib.rs with its own `tests` module.
import { NAME_SEPARATOR, uniq, type OutputParser } from './parsedOutput';

const RESULT = /^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored/;
const RUNNING = /^ *Running (?:unittests )?(\S+)(?: \(([^)]+)\))?/;
const DOC_TESTS = /^ *Doc-tests (\S+)/;
const FAILED_TEST = /^test (.+) \.\.\. FAILED$/;

/** "target/debug/deps/rs-a35a48c092d3f767" → "rs"; without a binary path, the source path. */
function binaryName(source: string, binary: string | undefined): string {
  if (!binary) return source;
  const base = binary.split(/[\\/]/).pop() ?? binary;
  return base.replace(/-[0-9a-f]{16}(?:\.exe)?$/, '');
}

export const parseCargo: OutputParser = (text) => {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let found = false;
  let target = '';
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const result = RESULT.exec(line);
    if (result) {
      found = true;
      passed += Number(result[1]);
      failed += Number(result[2]);
      skipped += Number(result[3]);
      continue;
    }
    const running = RUNNING.exec(line);
    if (running) target = binaryName(running[1] ?? '', running[2]);
    const doc = DOC_TESTS.exec(line);
    if (doc) target = `${doc[1]} (doc)`;
    const test = FAILED_TEST.exec(line)?.[1];
    if (test) names.push(target ? target + NAME_SEPARATOR + test : test);
  }
  if (!found) return undefined;
  return { format: 'cargo', counts: { passed, failed, skipped }, failingTests: uniq(names) };
};
