import assert from 'node:assert/strict';
import { compareToBaseline } from '../../../src/core/gate/compareToBaseline';
import { describeGate, formatGateDuration, gateHealContext } from '../../../src/core/gate/gateText';
import { failing, gateResult } from './gateResults';

describe('describeGate (the batch row badge)', () => {
  it('passing: the count when known, else the exit', () => {
    assert.equal(describeGate(gateResult({ format: 'jest', counts: { passed: 143, failed: 0 } })), '✓ 143 passed');
    assert.equal(describeGate(gateResult()), '✓ exit 0');
  });
  it('failing: the failed count, from counts or a complete list of names, else the exit', () => {
    assert.equal(describeGate(failing(['a', 'b'])), '✗ 2 failed');
    assert.equal(describeGate(gateResult({ exitCode: 1, format: 'go', failingTests: ['p > TestX'] })), '✗ 1 failed');
    assert.equal(describeGate(gateResult({ exitCode: 1 })), '✗ exit 1');
    assert.equal(describeGate(gateResult({ exitCode: 1, format: 'jest', counts: { passed: 9, failed: 0 } })), '✗ exit 1');
    assert.equal(describeGate(gateResult({ exitCode: null, signal: 'SIGSEGV' })), '✗ killed by SIGSEGV');
  });
  it('timed out, cancelled, could not start', () => {
    assert.equal(describeGate(gateResult({ exitCode: null, signal: 'SIGTERM', timedOut: true })), '✗ timed out after 20 min');
    assert.equal(describeGate(gateResult({ exitCode: null, signal: 'SIGTERM', aborted: true })), '✗ cancelled');
    assert.equal(describeGate(gateResult({ exitCode: null, startError: 'x' })), '✗ could not start');
  });
  it('formatGateDuration', () => {
    assert.deepEqual([250, 1500, 42_000, 60_000, 90_000, 20 * 60_000].map(formatGateDuration), ['250 ms', '1.5 s', '42 s', '1 min', '1.5 min', '20 min']);
  });
});

describe('gateHealContext (the healer prompt block)', () => {
  it('names the command, the new failures apart from the old ones, and the output tail in a fence', () => {
    const baseline = failing(['old one']);
    const current = failing(['old one', 'math > adds'], { outputTail: '  1) math\n       adds:\n     AssertionError: 1 !== 2' });
    const text = gateHealContext(current, compareToBaseline(baseline, current));
    assert.equal(
      text,
      [
        "SpecFlow ran the project's test gate after this batch and it is worse than before the run: 1 new failing test: math > adds.",
        'Command: npm test (in the project folder; exit 1 after 4.2 s)',
        '',
        'New failing tests (make these pass):',
        '- math > adds',
        '',
        'Failing before this run too (leave them unless your tasks are about them):',
        '- old one',
        '',
        'Last lines of its output (the whole log: /p/.specflow/runs/r1.gate.log):',
        '```',
        '  1) math\n       adds:\n     AssertionError: 1 !== 2',
        '```',
      ].join('\n'),
    );
  });
  it('is bounded: long name lists are cut, and the fence outlasts backticks in the output', () => {
    const names = Array.from({ length: 50 }, (_, i) => `test ${i}`);
    const current = failing(names, { outputTail: 'x'.repeat(20_000) + '\n```\nnot the end' });
    const text = gateHealContext(current, compareToBaseline(undefined, current));
    assert.match(text, /- … and 30 more/);
    assert.ok(text.length < 8000, `${text.length} chars`);
    assert.match(text, /\n````\n[\s\S]*not the end\n````$/);
  });
  it('an unparsed failure still gets the command and the tail', () => {
    const current = gateResult({ exitCode: 2, outputTail: 'boom' });
    const text = gateHealContext(current, compareToBaseline(undefined, current));
    assert.match(text, /worse than before the run: exit 2\./);
    assert.doesNotMatch(text, /failing tests/i);
    assert.match(text, /```\nboom\n```$/);
  });
});
