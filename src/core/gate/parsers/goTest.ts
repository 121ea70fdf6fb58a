// go test:
//   --- FAIL: TestTable (0.00s)                 a test; subtests follow indented, "TestTable/two"
//       --- FAIL: TestTable/two (0.00s)
//   FAIL	example.com/calc	0.002s           the package line comes after its tests
//   ok  	example.com/calc/util	(cached)
//   FAIL	example.com/calc/cmd [build failed]
// Passing tests are listed only with -v, so without it there are names but no counts.
import { NAME_SEPARATOR, uniq, type OutputParser } from './parsedOutput';

const TEST = /^ *--- (FAIL|PASS|SKIP): (\S+) \(/;
const PACKAGE = /^(ok|FAIL|\?)[ \t]+(\S+)[ \t]+(?:\d+(?:\.\d+)?s|\(cached\)|\[no test files\])/;
const BROKEN_PACKAGE = /^FAIL\t(\S+) \[(build|setup) failed\]/;

/** A parent test fails when a subtest does: keep only the deepest names. */
function leaves(names: string[]): string[] {
  const parents = new Set<string>();
  for (const n of names) {
    const parts = n.split('/');
    for (let i = 1; i < parts.length; i++) parents.add(parts.slice(0, i).join('/'));
  }
  return names.filter((n) => !parents.has(n));
}

export const parseGoTest: OutputParser = (text) => {
  let seenPackage = false;
  let verbose = false;
  let pending: { status: string; name: string }[] = [];
  const failed: string[] = [];
  const passed: string[] = [];
  let skipped = 0;
  const flush = (pkg: string) => {
    const prefix = pkg ? pkg + NAME_SEPARATOR : '';
    const names = (status: string) => leaves(pending.filter((t) => t.status === status).map((t) => t.name));
    failed.push(...names('FAIL').map((n) => prefix + n));
    passed.push(...names('PASS').map((n) => prefix + n));
    skipped += names('SKIP').length;
    pending = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('=== RUN ')) verbose = true;
    const test = TEST.exec(line);
    if (test) {
      if (test[1] !== 'FAIL') verbose = true;
      pending.push({ status: test[1] ?? '', name: test[2] ?? '' });
      continue;
    }
    const broken = BROKEN_PACKAGE.exec(line);
    const pkg = broken?.[1] ?? PACKAGE.exec(line)?.[2];
    if (!pkg) continue;
    seenPackage = true;
    flush(pkg);
    if (broken) failed.push(`${pkg} [${broken[2]} failed]`);
  }
  flush('');
  if (!seenPackage && !failed.length) return undefined;
  const failingTests = uniq(failed);
  return { format: 'go', ...(verbose ? { counts: { passed: passed.length, failed: failingTests.length, skipped } } : {}), failingTests };
};
