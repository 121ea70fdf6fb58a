// Each output parser against output captured from the real tool (node:test, mocha, pytest, cargo: run on
// this machine) or written by hand following the tool's reporter source (jest, vitest, go).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanOutput } from '../../../src/core/gate/parsers/parsedOutput';
import { MAX_FAILING_NAMES, parseTestOutput } from '../../../src/core/gate/parsers/parseTestOutput';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'output', name), 'utf8');
const parse = (name: string) => parseTestOutput(fixture(name));

describe('gate output parsers', () => {
  describe('node:test', () => {
    it('spec reporter: counts, and failing tests named with their suites (suites that fail through a child are not listed)', () => {
      assert.deepEqual(parse('node-spec.txt'), {
        format: 'node-spec',
        counts: { passed: 2, failed: 3, skipped: 2 },
        failingTests: ['math > subtracts', 'math > nested > multiplies', 'top level fails'],
        failingTestsTruncated: false,
      });
    });
    it('a suite that fails in its own hook is a failure of its own', () => {
      const text = ['▶ db', '  ✔ reads (1ms)', '✖ db (3ms)', "  'before' hook failed", 'ℹ pass 1', 'ℹ fail 1'].join('\n');
      assert.deepEqual(parseTestOutput(text)?.failingTests, ['db']);
    });
    it('TAP reporter (Node 20 off a terminal): the same names from the indentation of subtests', () => {
      assert.deepEqual(parse('node-tap.txt'), {
        format: 'tap',
        counts: { passed: 2, failed: 3, skipped: 2 },
        failingTests: ['math > subtracts', 'math > nested > multiplies', 'top level fails'],
        failingTestsTruncated: false,
      });
    });
    it('TAP through `npm test`, all passing', () => {
      assert.deepEqual(parse('npm-node-tap-pass.txt'), {
        format: 'tap',
        counts: { passed: 2, failed: 0, skipped: 0 },
        failingTests: [],
        failingTestsTruncated: false,
      });
    });
  });

  describe('TAP from other producers', () => {
    it('tape: flat results, # tests / # pass / # fail, TODO and SKIP are not failures', () => {
      const text = [
        'TAP version 13',
        '# adds',
        'ok 1 should be equal',
        '# subtracts',
        'not ok 2 should be equal',
        '  ---',
        '    operator: equal',
        '    expected: 2',
        '    actual:   1',
        '  ...',
        'not ok 3 later # TODO not yet',
        'ok 4 slow # SKIP',
        '',
        '1..4',
        '# tests 4',
        '# pass  1',
        '# fail  1',
      ].join('\n');
      const r = parseTestOutput(text);
      assert.equal(r?.format, 'tap');
      assert.deepEqual(r?.failingTests, ['should be equal']);
    });
    it('counts results when there is no # pass / # fail plan', () => {
      const r = parseTestOutput(['1..3', 'ok 1 - a', 'not ok 2 - b', 'ok 3 - c # skip no network'].join('\n'));
      assert.deepEqual(r?.counts, { passed: 1, failed: 1, skipped: 1 });
      assert.deepEqual(r?.failingTests, ['b']);
    });
    it('text inside a YAML diagnostics block is not a result', () => {
      const r = parseTestOutput(
        ['TAP version 13', 'not ok 1 - real', '  ---', '  message: |-', '    not ok 99 - quoted in a message', '  ...', '1..1'].join('\n'),
      );
      assert.deepEqual(r?.failingTests, ['real']);
    });
  });

  describe('mocha', () => {
    it('spec reporter: passing/failing/pending and the multi-line failing titles, hooks included', () => {
      assert.deepEqual(parse('mocha.txt'), {
        format: 'mocha',
        counts: { passed: 1, failed: 4, skipped: 1 },
        failingTests: ['top level fails', 'math > subtracts', 'math > nested > multiplies', 'math > nested > "before each" hook for "hooked"'],
        failingTestsTruncated: false,
      });
    });
    it('with colours (FORCE_COLOR=1) it reads the same', () => {
      assert.ok(fixture('mocha-color.txt').includes('\u001b['), 'the fixture is coloured');
      assert.deepEqual(parse('mocha-color.txt'), parse('mocha.txt'));
    });
    it("mocha's output wins over SpecFlow's own summary line that follows it", () => {
      const r = parseTestOutput(fixture('mocha.txt') + '\n1 passed, 4 failed\n');
      assert.equal(r?.format, 'mocha');
    });
  });

  describe('jest', () => {
    it('default reporter: the Tests: line, ● titles under their FAIL file, a file that did not load', () => {
      assert.deepEqual(parse('jest.txt'), {
        format: 'jest',
        counts: { passed: 4, failed: 2, skipped: 1 },
        failingTests: ['src/math.test.js > math > subtracts', 'src/math.test.js > math > nested > multiplies', 'src/broken.test.js (failed to run)'],
        failingTestsTruncated: false,
      });
    });
    it('verbose (one file), with a slow-file timing after the path', () => {
      assert.deepEqual(parse('jest-verbose.txt')?.failingTests, ['src/math.test.js > math > subtracts', 'src/math.test.js > math > nested > multiplies']);
      assert.deepEqual(parse('jest-verbose.txt')?.counts, { passed: 2, failed: 2, skipped: 1 });
    });
    it('all passing', () => {
      assert.deepEqual(parse('jest-pass.txt')?.counts, { passed: 143, failed: 0, skipped: 0 });
    });
  });

  it('vitest: the Tests line, FAIL lines of failed tests and of a suite that did not load', () => {
    assert.deepEqual(parse('vitest.txt'), {
      format: 'vitest',
      counts: { passed: 3, failed: 2, skipped: 1 },
      failingTests: ['src/broken.test.ts', 'src/math.test.ts > math > subtracts', 'src/math.test.ts > math > nested > multiplies'],
      failingTestsTruncated: false,
    });
  });

  describe('pytest', () => {
    it('the final summary line (errors count as failures) and the FAILED/ERROR node ids', () => {
      const expected = {
        format: 'pytest',
        counts: { passed: 2, failed: 4, skipped: 1 },
        failingTests: [
          'tests/test_math.py::test_subtract',
          'tests/test_math.py::test_equal[2-3]',
          'tests/test_math.py::TestThing::test_method',
          'tests/test_math.py::test_uses_broken',
        ],
        failingTestsTruncated: false,
      };
      assert.deepEqual(parse('pytest.txt'), expected);
      assert.deepEqual(parse('pytest-q.txt'), expected);
    });
    it('all passing', () => {
      assert.deepEqual(parse('pytest-pass.txt')?.counts, { passed: 1, failed: 0, skipped: 0 });
    });
    it('a parametrised id with spaces and dashes keeps them', () => {
      const r = parseTestOutput('FAILED t.py::test_x[a - b] - assert 0\n=== 1 failed in 0.01s ===');
      assert.deepEqual(r?.failingTests, ['t.py::test_x[a - b]']);
    });
  });

  describe('cargo', () => {
    it('one test binary (cargo stops at the first that fails)', () => {
      assert.deepEqual(parse('cargo.txt'), {
        format: 'cargo',
        counts: { passed: 2, failed: 1, skipped: 1 },
        failingTests: ['rs > tests::subtracts'],
        failingTestsTruncated: false,
      });
    });
    it('--no-fail-fast: every binary summed, names by binary', () => {
      assert.deepEqual(parse('cargo-no-fail-fast.txt'), {
        format: 'cargo',
        counts: { passed: 3, failed: 2, skipped: 1 },
        failingTests: ['rs > tests::subtracts', 'integration > it_works'],
        failingTestsTruncated: false,
      });
    });
  });

  describe('go', () => {
    it('without -v: failing tests by package, only the deepest subtest, no counts', () => {
      assert.deepEqual(parse('go.txt'), {
        format: 'go',
        failingTests: ['example.com/calc > TestSubtract', 'example.com/calc > TestTable/negative'],
        failingTestsTruncated: false,
      });
    });
    it('with -v: counts as well', () => {
      assert.deepEqual(parse('go-verbose.txt'), {
        format: 'go',
        counts: { passed: 3, failed: 2, skipped: 1 },
        failingTests: ['example.com/calc > TestSubtract', 'example.com/calc > TestTable/negative'],
        failingTestsTruncated: false,
      });
    });
    it('a package that does not build is a failure', () => {
      assert.deepEqual(parse('go-build-failed.txt')?.failingTests, ['example.com/calc [build failed]']);
    });
    it('all passing', () => {
      assert.deepEqual(parse('go-pass.txt'), { format: 'go', failingTests: [], failingTestsTruncated: false });
    });
  });

  describe('JUnit XML', () => {
    it('printed by mocha --reporter xunit (entities decoded)', () => {
      assert.deepEqual(parse('mocha-xunit.txt'), {
        format: 'junit',
        counts: { passed: 1, failed: 4, skipped: 1 },
        failingTests: ['top level fails', 'math > subtracts', 'math nested > multiplies', 'math nested > "before each" hook for "hooked"'],
        failingTestsTruncated: false,
      });
    });
    it("a report file (pytest --junitxml) wins over the output's own summary", () => {
      const r = parseTestOutput(fixture('pytest.txt'), fixture('pytest-junit.xml'));
      assert.equal(r?.format, 'junit');
      assert.deepEqual(r?.counts, { passed: 2, failed: 4, skipped: 1 });
      assert.deepEqual(r?.failingTests, [
        'tests.test_math > test_subtract',
        'tests.test_math > test_equal[2-3]',
        'tests.test_math.TestThing > test_method',
        'tests.test_math > test_uses_broken',
      ]);
    });
    it('a report that is not XML falls back to the output', () => {
      assert.equal(parseTestOutput(fixture('pytest.txt'), '<testsuite><oops')?.format, 'pytest');
    });
    it('nested suites and several documents in one log', () => {
      const doc = (n: string) =>
        `<?xml version="1.0"?>\n<testsuites><testsuite name="outer"><testsuite name="inner"><testcase classname="c" name="${n}"><error message="x"/></testcase></testsuite><testcase classname="c" name="ok"/></testsuite></testsuites>`;
      const r = parseTestOutput(`starting\n${doc('a')}\nsecond package\n${doc('b')}\ndone`);
      assert.deepEqual(r?.counts, { passed: 2, failed: 2, skipped: 0 });
      assert.deepEqual(r?.failingTests, ['c > a', 'c > b']);
    });
  });

  it("SpecFlow's own closing line", () => {
    assert.deepEqual(parse('summary.txt'), { format: 'summary', counts: { passed: 312, failed: 2 }, failingTests: [], failingTestsTruncated: false });
  });

  it('output no parser knows is undefined (a compiler error, a crash, lines that merely look alike)', () => {
    for (const text of [
      'src/main.ts(3,1): error TS2304: Cannot find name "x".',
      'Error: Cannot find module "mocha"\n    at Module._resolveFilename',
      'ok, ready to go\nall good\n',
      'Checked 12 files in 0.3s',
      'make: *** [Makefile:4: test] Error 1',
      '',
    ]) {
      assert.equal(parseTestOutput(text), undefined, text);
    }
  });

  it('caps the list of names and says so', () => {
    const lines = Array.from({ length: MAX_FAILING_NAMES + 5 }, (_, i) => `FAILED tests/test_x.py::test_${i} - boom`);
    const r = parseTestOutput(`${lines.join('\n')}\n=== ${MAX_FAILING_NAMES + 5} failed in 1.00s ===`);
    assert.equal(r?.failingTests.length, MAX_FAILING_NAMES);
    assert.equal(r?.failingTestsTruncated, true);
    assert.equal(r?.counts?.failed, MAX_FAILING_NAMES + 5);
  });

  it('cleanOutput removes colours and hyperlinks and keeps the last state of a redrawn line', () => {
    const raw = '\u001b[31m✖ fails\u001b[39m\r\n\u001b]8;;file:///x.js\u0007x.js\u001b]8;;\u0007\nprogress 10%\rprogress 100%\n';
    assert.equal(cleanOutput(raw), '✖ fails\nx.js\nprogress 100%\n');
  });
});
