import assert from 'node:assert/strict';
import { callBudget } from '../../../src/core/engine/budget';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';

describe('callBudget: --max-budget-usd = min(cap, what is left)', () => {
  it('gives each kind its own cap', () => {
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 0, 'implement'), { ok: true, maxBudgetUsd: 5 });
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 0, 'heal'), { ok: true, maxBudgetUsd: 2 });
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 0, 'decision'), { ok: true, maxBudgetUsd: 0.5 });
  });
  it('never gives more than what is left of the total', () => {
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 48.5, 'implement'), { ok: true, maxBudgetUsd: 1.5 });
  });
  it('refuses when the total is spent', () => {
    const r = callBudget(DEFAULT_CONFIG, 50, 'implement');
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /total budget of \$50\.00 is spent/);
  });
});
