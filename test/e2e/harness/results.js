// Common ending for every E2E runner: the closing line `N passed, N failed` (parsed by the project's test
// driver) and, when SPECFLOW_TEST_STATS names a file, {"passed":N,"failed":N} written there.
'use strict';
const fs = require('fs');
const path = require('path');

/** Print the closing line, write the stats file if asked; returns the process exit code (1 if anything failed). */
function report({ passed, failed }) {
  console.log(`${passed} passed, ${failed} failed`);
  const file = process.env.SPECFLOW_TEST_STATS;
  if (file) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ passed, failed }) + '\n');
  }
  return failed > 0 ? 1 : 0;
}

/** Counts named checks and prints `ok  <title>` / `FAIL <title>` as they happen. */
class Tally {
  constructor({ log = console.log } = {}) {
    this.passed = 0;
    this.failed = 0;
    this.log = log;
    this.failures = [];
  }
  pass(title) {
    this.passed++;
    this.log(`ok   ${title}`);
  }
  fail(title, err) {
    this.failed++;
    this.failures.push({ title, error: String((err && err.stack) || err) });
    this.log(
      `FAIL ${title}\n     ${String((err && err.stack) || err)
        .split('\n')
        .slice(0, 8)
        .join('\n     ')}`,
    );
  }
  /** Run fn as one check; returns true when it passed. Never throws. */
  async check(title, fn) {
    const t = Date.now();
    try {
      await fn();
      this.pass(`${title} (${Date.now() - t} ms)`);
      return true;
    } catch (e) {
      this.fail(title, e);
      return false;
    }
  }
  /** Fold in a {passed, failed} result (e.g. from runExtTests). */
  add({ passed = 0, failed = 0 }) {
    this.passed += passed;
    this.failed += failed;
  }
  report() {
    return report({ passed: this.passed, failed: this.failed });
  }
}

module.exports = { report, Tally };
