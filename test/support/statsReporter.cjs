// mocha's spec reporter, plus the run's totals written to $SPECFLOW_TEST_STATS so test/run-all.mjs can
// print one "N passed, N failed" line for every tier together.
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.SPECFLOW_TEST_STATS;
      const { passes = 0, failures = 0 } = this.stats;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures }));
      else console.log(`${passes} passed, ${failures} failed`);
    });
  }
}
module.exports = StatsReporter;
