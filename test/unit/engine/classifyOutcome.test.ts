// The real CLI's endings (claude-cli.md §6, test/realcli/README.md) and what the engine makes of them.
import assert from 'node:assert/strict';
import { emptyActivity } from '../../../src/core/agent/agentActivity';
import type { AgentOutcome } from '../../../src/core/agent/agentProcess';
import { classifyOutcome } from '../../../src/core/agent/classifyOutcome';
import type { ResultEvent } from '../../../src/core/agent/streamEvents';

function outcome(result: Partial<ResultEvent> | undefined, over: Partial<AgentOutcome> = {}): AgentOutcome {
  const activity = emptyActivity();
  if (result) activity.result = { type: 'result', subtype: 'success', is_error: false, total_cost_usd: 0.1, permission_denials: [], ...result };
  return { executionId: 'x', exitCode: 0, signal: null, activity, stale: false, cancelled: false, attached: false, durationMs: 1, stderrTail: '', ...over };
}

describe('classifyOutcome', () => {
  it('success', () => assert.equal(classifyOutcome(outcome({ result: 'Done.' })).kind, 'success'));
  it('an unknown /skill is exit 0 but a failure that names the skill', () => {
    const c = classifyOutcome(outcome({ result: 'Unknown command: /flow.x', num_turns: 0 }));
    assert.equal(c.kind, 'unknown_skill');
    assert.equal(c.missingSkill, '/flow.x');
    assert.equal(c.healable, false);
  });
  it('a skill missing from init.slash_commands', () => {
    assert.equal(classifyOutcome(outcome(undefined, { missingSkill: '/flow.implement', cancelled: true })).kind, 'unknown_skill');
  });
  it('API errors are subtype success with is_error: auth is not healable', () => {
    const c = classifyOutcome(outcome({ is_error: true, api_error_status: 401, result: 'Invalid API key · Fix external API key' }));
    assert.equal(c.kind, 'error');
    assert.equal(c.healable, false);
  });
  it('429, 529, 500 and network errors are transient', () => {
    for (const [status, text, reason] of [
      [429, 'API Error: Request rejected (429) · rate limited', 'rate_limit'],
      [529, 'API Error: 529 Overloaded. This is a server-side issue', 'overloaded'],
      [null, 'API Error: Repeated 529 Overloaded errors. The API is at capacity', 'overloaded'],
      [500, 'API Error: 500 Internal server error.', 'server_error'],
      [null, 'API Error: Unable to connect to API (ConnectionRefused)', 'network'],
      [null, 'Request timed out', 'network'],
    ] as const) {
      const c = classifyOutcome(outcome({ is_error: true, api_error_status: status, result: text }));
      assert.equal(c.kind, 'transient', text);
      assert.equal(c.transientReason, reason, text);
    }
  });
  it('a usage limit carries its reset time', () => {
    const c = classifyOutcome(outcome({ is_error: true, api_error_status: 429, result: 'Claude AI usage limit reached|1900000000' }));
    assert.equal(c.transientReason, 'usage_limit');
    assert.equal(c.retryAt, 1900000000 * 1000);
  });
  it('error_max_budget_usd is a budget stop', () => {
    assert.equal(classifyOutcome(outcome({ subtype: 'error_max_budget_usd', is_error: true, errors: ['Reached maximum budget ($0.01)'] })).kind, 'budget');
  });
  it('SIGTERM (exit 143, no result line) and signals are crashes; stale and cancelled are their own', () => {
    assert.match(classifyOutcome(outcome(undefined, { exitCode: 143 })).message, /SIGTERM, exit 143/);
    assert.match(
      classifyOutcome(outcome(undefined, { exitCode: null, signal: 'SIGKILL', stderrTail: 'boom' })).message,
      /killed by SIGKILL without a result: boom/,
    );
    assert.equal(classifyOutcome(outcome(undefined, { stale: true })).kind, 'stale');
    assert.equal(classifyOutcome(outcome(undefined, { cancelled: true })).kind, 'cancelled');
  });
  it('a model 404 is model_unavailable', () => {
    assert.equal(
      classifyOutcome(outcome({ is_error: true, api_error_status: 404, result: "There's an issue with the selected model (x). It may not exist" })).kind,
      'model_unavailable',
    );
  });
  it('any other error is healable', () => {
    const c = classifyOutcome(outcome({ is_error: true, subtype: 'error_during_execution', errors: ['ENOENT: src/db.ts'] }));
    assert.equal(c.kind, 'error');
    assert.equal(c.healable, true);
    assert.match(c.message, /ENOENT: src\/db\.ts/);
  });
});
