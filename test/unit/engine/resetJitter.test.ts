// The margin SpecFlow waits past a usage limit's reset: spread so a fleet of runs does not hit the API in
// the same second, and scaled with the retry backoff the user chose.
import assert from 'node:assert/strict';
import { resetJitter } from '../../../src/core/engine/retryPolicy';

describe('resetJitter', () => {
  it('is 5–20 s at the default 30 s backoff, and spread out', () => {
    const draws = Array.from({ length: 400 }, () => resetJitter({ retryBackoffSeconds: 30 }));
    assert.ok(Math.min(...draws) >= 5_000 && Math.max(...draws) <= 20_000, `${Math.min(...draws)}..${Math.max(...draws)}`);
    assert.ok(new Set(draws.map((d) => Math.floor(d / 1000))).size >= 10, 'draws cover most of the range');
  });

  it('shrinks with a shorter backoff and never grows past 20 s', () => {
    const short = Array.from({ length: 100 }, () => resetJitter({ retryBackoffSeconds: 3 }));
    assert.ok(Math.min(...short) >= 500 && Math.max(...short) <= 2_000);
    const long = Array.from({ length: 100 }, () => resetJitter({ retryBackoffSeconds: 600 }));
    assert.ok(Math.max(...long) <= 20_000 && Math.min(...long) >= 5_000);
    assert.equal(resetJitter({ retryBackoffSeconds: 0 }), 0);
  });
});
