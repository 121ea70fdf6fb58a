import assert from 'node:assert/strict';
import { budgetHit, callBudget } from '../../../src/core/engine/budget';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';

describe('callBudget: --max-budget-usd = min(own cap, what is left of the batch, what is left of the total)', () => {
  it('gives each kind its own cap', () => {
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 0, 'implement'), { ok: true, maxBudgetUsd: 5, limitedBy: 'own' });
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 0, 'heal'), { ok: true, maxBudgetUsd: 2, limitedBy: 'own' });
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 0, 'decision'), { ok: true, maxBudgetUsd: 0.5, limitedBy: 'own' });
  });
  it('never gives more than what is left of the total', () => {
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 48.5, 'implement'), { ok: true, maxBudgetUsd: 1.5, limitedBy: 'total' });
  });
  it('refuses when the total is spent, naming the total as the cap to raise', () => {
    const r = callBudget(DEFAULT_CONFIG, 50, 'implement');
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /total budget of \$50\.00 is spent/);
    assert.equal((r as { cap: string }).cap, 'totalUsd');
  });
  it('counts a batch with its heals and decisions against the per-batch budget', () => {
    // the batch spent $4.20 on its implement run and a decision: a heal gets the $0.80 left, not its $2 cap
    assert.deepEqual(callBudget(DEFAULT_CONFIG, 4.2, 'heal', { index: 2, spentUsd: 4.2 }), { ok: true, maxBudgetUsd: 0.8, limitedBy: 'batch' });
    const spent = callBudget(DEFAULT_CONFIG, 5, 'heal', { index: 2, spentUsd: 5 });
    assert.equal(spent.ok, false);
    assert.equal((spent as { cap: string }).cap, 'perBatchUsd');
    assert.match((spent as { message: string }).message, /batch 2 has spent its \$5\.00 per-batch budget/);
  });
  it('names the cap that actually stopped a call', () => {
    assert.equal(budgetHit(DEFAULT_CONFIG, { kind: 'heal', batchIndex: 1, maxBudgetUsd: 2, budgetLimitedBy: 'own' }, 6, 6).cap, 'healUsd');
    assert.equal(budgetHit(DEFAULT_CONFIG, { kind: 'heal', batchIndex: 1, maxBudgetUsd: 0.8, budgetLimitedBy: 'batch' }, 5, 5).cap, 'perBatchUsd');
    assert.equal(budgetHit(DEFAULT_CONFIG, { kind: 'implement', batchIndex: 9, maxBudgetUsd: 1.5, budgetLimitedBy: 'total' }, 50, 1.5).cap, 'totalUsd');
  });
});
