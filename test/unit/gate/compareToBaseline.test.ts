import assert from 'node:assert/strict';
import { compareToBaseline } from '../../../src/core/gate/compareToBaseline';
import { GateComparisonSchema } from '../../../src/core/model/gate';
import { failing, gateResult } from './gateResults';

const unparsed = (exitCode: number | null, over = {}) => gateResult({ exitCode, ...over });

describe('compareToBaseline', () => {
  it('exit 0 passes, whatever the baseline was', () => {
    assert.deepEqual(compareToBaseline(undefined, gateResult({ format: 'jest', counts: { passed: 143, failed: 0 } })), {
      verdict: 'pass',
      reason: 'exit 0 · 143 passed',
      newFailures: [],
    });
    assert.deepEqual(compareToBaseline(failing(['a']), gateResult()), { verdict: 'pass', reason: 'exit 0', newFailures: [] });
  });

  it('a pass with fewer passing tests than the baseline says so (tests deleted or skipped)', () => {
    const c = compareToBaseline(
      gateResult({ format: 'jest', counts: { passed: 143, failed: 0 } }),
      gateResult({ format: 'jest', counts: { passed: 120, failed: 0 } }),
    );
    assert.equal(c.verdict, 'pass');
    assert.equal(c.reason, 'exit 0 · 120 passed (note: 120 passing tests now, 143 before)');
  });

  it('without a baseline anything but exit 0 is worse', () => {
    assert.deepEqual(compareToBaseline(undefined, failing(['a', 'b'])), {
      verdict: 'worse',
      reason: 'exit 1 with 2 failing tests: a, b',
      newFailures: ['a', 'b'],
    });
    assert.deepEqual(compareToBaseline(undefined, unparsed(1)), { verdict: 'worse', reason: 'exit 1', newFailures: [] });
  });

  it('a baseline that passed makes any failure worse', () => {
    assert.deepEqual(compareToBaseline(gateResult(), failing(['a'])), {
      verdict: 'worse',
      reason: 'the baseline passed; now exit 1 with 1 failing test: a',
      newFailures: ['a'],
    });
  });

  describe('a red baseline, both outputs parsed', () => {
    it('the same failing tests (in any order) are no worse', () => {
      const c = compareToBaseline(failing(['a', 'b', 'c']), failing(['c', 'a', 'b']));
      assert.deepEqual(c, {
        verdict: 'no_worse',
        reason: 'baseline already failed with exit 1; no new failing tests (3 failed before, 3 now)',
        newFailures: [],
      });
    });
    it('fewer failing tests are no worse', () => {
      assert.equal(compareToBaseline(failing(['a', 'b']), failing(['b'])).verdict, 'no_worse');
    });
    it('a new failing name is worse, even when the count stayed the same', () => {
      const c = compareToBaseline(failing(['a', 'b']), failing(['a', 'x']));
      assert.deepEqual(c, { verdict: 'worse', reason: '1 new failing test: x', newFailures: ['x'] });
    });
    it('many new failures are listed briefly in the reason and fully in newFailures', () => {
      const now = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'];
      const c = compareToBaseline(failing(['old']), failing(['old', ...now]));
      assert.equal(c.reason, '7 new failing tests: n1, n2, n3, n4, n5 and 2 more');
      assert.deepEqual(c.newFailures, now);
    });
    it('without names (a summary line only), a higher failed count is worse and an equal one is not', () => {
      const counted = (failed: number) => gateResult({ exitCode: 1, format: 'summary', counts: { passed: 10, failed } });
      assert.deepEqual(compareToBaseline(counted(2), counted(3)), {
        verdict: 'worse',
        reason: 'more failing tests than before the run (2 failed before, 3 now)',
        newFailures: [],
      });
      assert.equal(compareToBaseline(counted(2), counted(2)).verdict, 'no_worse');
    });
    it('a truncated name list falls back to counts, so unlisted old failures are not taken for new ones', () => {
      const base = failing(['a', 'b'], { counts: { passed: 0, failed: 500 }, failingTestsTruncated: true });
      assert.equal(compareToBaseline(base, failing(['z', 'y'], { counts: { passed: 0, failed: 500 }, failingTestsTruncated: true })).verdict, 'no_worse');
      assert.equal(compareToBaseline(base, failing(['z'], { counts: { passed: 0, failed: 501 }, failingTestsTruncated: true })).verdict, 'worse');
    });
    it('exit non-zero with no failing test on either side (a coverage threshold) is no worse', () => {
      const r = gateResult({ exitCode: 1, format: 'jest', counts: { passed: 10, failed: 0 } });
      assert.equal(compareToBaseline(r, r).verdict, 'no_worse');
    });
  });

  describe('a red baseline, outputs not parsed', () => {
    it('the same exit code is no worse', () => {
      assert.deepEqual(compareToBaseline(unparsed(2), unparsed(2)), {
        verdict: 'no_worse',
        reason: 'baseline already failed with exit 2; same result now (the output has no test summary to compare tests by)',
        newFailures: [],
      });
    });
    it('a different exit code (or a signal) is worse', () => {
      assert.deepEqual(compareToBaseline(unparsed(1), unparsed(2)), { verdict: 'worse', reason: 'exit 2 now, exit 1 before', newFailures: [] });
      assert.equal(compareToBaseline(unparsed(1), unparsed(null, { signal: 'SIGSEGV' })).reason, 'killed by SIGSEGV now, exit 1 before');
    });
    it('a summary the baseline had and this run lost is worse (the runner no longer gets to the tests)', () => {
      assert.deepEqual(compareToBaseline(failing(['a']), unparsed(1)), {
        verdict: 'worse',
        reason: "exit 1 and no test summary in the output (the baseline's output had one)",
        newFailures: [],
      });
    });
    it('an unparsed baseline against a parsed run compares exit codes', () => {
      assert.equal(compareToBaseline(unparsed(1), failing(['a'])).verdict, 'no_worse');
    });
  });

  describe('timeouts, cancellation, start errors', () => {
    const timedOut = (over = {}) => gateResult({ exitCode: null, signal: 'SIGTERM', timedOut: true, timeoutMs: 20 * 60_000, ...over });
    it('timing out is worse unless the baseline timed out too', () => {
      assert.deepEqual(compareToBaseline(failing(['a']), timedOut()), { verdict: 'worse', reason: 'timed out after 20 min', newFailures: [] });
      assert.deepEqual(compareToBaseline(undefined, timedOut()), { verdict: 'worse', reason: 'timed out after 20 min', newFailures: [] });
      assert.deepEqual(compareToBaseline(timedOut(), timedOut()), {
        verdict: 'no_worse',
        reason: 'timed out after 20 min, as the baseline did',
        newFailures: [],
      });
    });
    it('a baseline that timed out and a run that fails: compared by what each showed', () => {
      assert.equal(compareToBaseline(timedOut(), unparsed(1)).verdict, 'worse');
      const c = compareToBaseline(timedOut({ format: 'mocha', counts: { passed: 3, failed: 1 }, failingTests: ['a'] }), failing(['a']));
      assert.equal(c.verdict, 'no_worse');
      assert.match(c.reason, /^baseline already failed \(timed out after 20 min\); no new failing tests/);
    });
    it('a cancelled run or one that could not start is worse', () => {
      assert.equal(
        compareToBaseline(gateResult(), gateResult({ exitCode: null, signal: 'SIGTERM', aborted: true })).reason,
        'the gate run was cancelled before it finished',
      );
      assert.deepEqual(compareToBaseline(undefined, gateResult({ exitCode: null, startError: '"jest" was not found: is it installed and on PATH?' })), {
        verdict: 'worse',
        reason: 'the gate could not start: "jest" was not found: is it installed and on PATH?',
        newFailures: [],
      });
    });
    it('a baseline that could not start is treated as no baseline', () => {
      assert.equal(compareToBaseline(gateResult({ exitCode: null, startError: 'x' }), failing(['a'])).verdict, 'worse');
    });
  });

  it('every comparison is a valid stored GateComparison', () => {
    for (const c of [
      compareToBaseline(undefined, gateResult()),
      compareToBaseline(failing(['a']), failing(['b'])),
      compareToBaseline(unparsed(1), unparsed(1)),
    ])
      GateComparisonSchema.parse(c);
  });
});
