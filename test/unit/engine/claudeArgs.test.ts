import assert from 'node:assert/strict';
import { buildClaudeArgs, formatUsd } from '../../../src/core/agent/claudeArgs';

describe('buildClaudeArgs', () => {
  it('writes every option as --flag=value and ends options with -- before the prompt', () => {
    const prompt = '-p "quoted" $(rm -rf /) `tick`\nsecond line';
    const args = buildClaudeArgs({
      prompt,
      model: 'sonnet',
      fallbackModel: 'haiku',
      permissionMode: 'acceptEdits',
      allowedTools: ['Read', 'Edit'],
      maxBudgetUsd: 1.23456,
      resume: 'abc',
      forkSession: true,
    });
    assert.deepEqual(args, [
      '-p',
      '--output-format=stream-json',
      '--verbose',
      '--model=sonnet',
      '--fallback-model=haiku',
      '--permission-mode=acceptEdits',
      '--allowedTools=Read,Edit',
      '--max-budget-usd=1.2345',
      '--resume=abc',
      '--fork-session',
      '--',
      prompt,
    ]);
  });
  it('passes read-only tools and a JSON schema for decision calls', () => {
    const args = buildClaudeArgs({ prompt: 'x', tools: ['Read', 'Grep', 'Glob'], jsonSchema: { type: 'object' } });
    assert.ok(args.includes('--tools=Read,Grep,Glob'));
    assert.ok(args.includes('--json-schema={"type":"object"}'));
  });
  it('never passes a fallback equal to the model (the CLI refuses it)', () => {
    assert.ok(!buildClaudeArgs({ prompt: 'x', model: 'opus', fallbackModel: 'opus' }).some((a) => a.startsWith('--fallback-model')));
  });
  it('rounds money down and keeps it positive', () => {
    assert.equal(formatUsd(0.99999), '0.9999');
    assert.equal(formatUsd(0), '0.0001');
  });
});
