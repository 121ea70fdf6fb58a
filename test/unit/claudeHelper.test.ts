// claudeHelper<T> (FR-050…054) against the scripted fake `claude`: typed answers, the one repair in the same
// session, read-only tools, budgets, timeouts with the process tree gone, and each error type of the union.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { buildSync } from 'esbuild';
import type * as ClaudeHelper from '../../src/core/agent/claudeHelper';
import type { ClaudeHelperOptions, ClaudeHelperResult } from '../../src/core/agent/claudeHelper';
import { readCallLog, type LogEntry } from '../fixtures/fakeClaude/callLog';
import { FAKE, FAKE_BUNDLE, requireBuilt, ROOT } from './simulated/helpers';
import { alive } from '../support/polling';

type HelperModule = typeof ClaudeHelper;

/**
 * The helper spawns through execa, which is ESM-only and cannot be loaded through tsx's require hook: bundle
 * the module the way the CLI ships it (zod stays external, so the test's schemas are the helper's zod).
 */
function loadHelper(): HelperModule {
  // inside the repo (dist/test is test-only output), so that `require('zod')` resolves to the test's zod
  const outfile = join(ROOT, 'dist', 'test', 'claudeHelper.unit.cjs');
  buildSync({
    entryPoints: [join(ROOT, 'src/core/agent/claudeHelper.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['zod'],
    outfile,
    logLevel: 'error',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as HelperModule;
}

const Verdict = z.object({
  action: z.enum(['continue', 'heal', 'stop']),
  reason: z.string().min(1),
  tasksLeft: z.array(z.string()),
});
type Verdict = z.infer<typeof Verdict>;

const VALID: Verdict = { action: 'heal', reason: 'src/config/db.js is missing', tasksLeft: ['T004'] };
const INVALID = { action: 'explode', tasksLeft: 'T004' };

interface Sandbox {
  root: string;
  cwd: string;
  log: string;
  env: Record<string, string>;
  calls(): LogEntry[];
  exits(): LogEntry[];
}

describe('claudeHelper (against the fake claude)', function () {
  this.timeout(30_000);
  const roots: string[] = [];
  let claudeHelper: HelperModule['claudeHelper'];
  let jsonSchemaOf: HelperModule['jsonSchemaOf'];
  before(function () {
    this.timeout(60_000);
    requireBuilt(FAKE_BUNDLE);
    ({ claudeHelper, jsonSchemaOf } = loadHelper());
  });
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  function sandbox(scenario: unknown): Sandbox {
    const root = mkdtempSync(join(tmpdir(), 'specflow-helper-test-'));
    roots.push(root);
    const cwd = join(root, 'project');
    const home = join(root, 'home');
    mkdirSync(cwd, { recursive: true });
    mkdirSync(home, { recursive: true });
    writeFileSync(join(cwd, 'README.md'), '# a project\n');
    const log = join(root, 'calls.jsonl');
    writeFileSync(join(root, 'scenario.json'), JSON.stringify(scenario));
    const env = { HOME: home, FAKE_CLAUDE_LOG: log, FAKE_CLAUDE_SCENARIO: join(root, 'scenario.json'), FAKE_CLAUDE_STATE: join(root, 'state') };
    return {
      root,
      cwd,
      log,
      env,
      calls: () => readCallLog(log).filter((e) => !e.event),
      exits: () => readCallLog(log).filter((e) => e.event === 'exit'),
    };
  }

  function ask(s: Sandbox, extra: Partial<ClaudeHelperOptions<Verdict>> = {}): Promise<ClaudeHelperResult<Verdict>> {
    return claudeHelper<Verdict>({
      prompt: 'SpecFlow decision: should batch 2 be healed?',
      schema: Verdict,
      maxBudgetUsd: 0.5,
      timeoutMs: 20_000,
      claudePath: FAKE,
      cwd: s.cwd,
      env: s.env,
      ...extra,
    });
  }

  it("returns the typed answer with session, cost, duration, turns and model; the call is read-only with zod's JSON Schema", async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { structured: VALID, costUsd: 0.02 } }] });
    const r = await ask(s, { model: 'haiku' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.result, VALID);
    assert.equal(r.repaired, false);
    assert.equal(r.costUsd, 0.02);
    assert.ok(r.durationMs > 0);
    assert.ok(r.turns >= 1);
    assert.equal(r.model, 'claude-haiku-4-5-20251001');
    const [call, ...more] = s.calls();
    assert.equal(more.length, 0);
    assert.equal(r.sessionId, call!.sessionId);
    const argv = call!.argv as string[];
    assert.ok(argv.includes('--tools=Read,Grep,Glob'), argv.join(' '));
    assert.ok(argv.includes('--allowedTools=Read,Grep,Glob'));
    assert.ok(argv.includes('--permission-mode=default'));
    assert.ok(argv.includes('--max-budget-usd=0.5'));
    assert.ok(argv.includes('--model=haiku'));
    assert.ok(!argv.some((a) => /^--(dangerously|allow-dangerously)/.test(a)));
    // the schema sent is zod's own converter output
    const expected = z.toJSONSchema(Verdict, { target: 'draft-7' }) as Record<string, unknown>;
    delete expected.$schema;
    assert.deepEqual(call!.jsonSchema, expected);
    assert.deepEqual(call!.jsonSchema, jsonSchemaOf(Verdict));
    const schemaArg = argv.find((a) => a.startsWith('--json-schema='))!;
    assert.deepEqual(JSON.parse(schemaArg.slice('--json-schema='.length)), expected);
  });

  it('repairs a schema-invalid answer once, by resuming the same session (no fork) with the validation errors', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { structuredSequence: [INVALID, VALID] } }] });
    const r = await ask(s);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.repaired, true);
    assert.deepEqual(r.result, VALID);
    const calls = s.calls();
    assert.equal(calls.length, 2);
    assert.equal(calls[0]!.resume, null);
    assert.equal(calls[1]!.resume, calls[0]!.sessionId, 'the repair resumes the first session');
    assert.equal(calls[1]!.fork, false);
    assert.ok(!(calls[1]!.argv as string[]).includes('--fork-session'));
    assert.equal(calls[1]!.sessionId, calls[0]!.sessionId, 'the same session, not a fork');
    assert.equal(r.sessionId, calls[0]!.sessionId);
    const repair = String(calls[1]!.prompt);
    assert.match(repair, /did not match the required schema/);
    assert.match(repair, /action: /);
    assert.match(repair, /reason: /);
    assert.match(repair, /tasksLeft: /);
    assert.deepEqual(calls[1]!.tools, ['Read', 'Grep', 'Glob'], 'the repair is read-only too');
    assert.ok(Math.abs(r.costUsd - s.exits().reduce((t, e) => t + Number(e.costUsd), 0)) < 1e-9, 'the cost of both calls');
  });

  it('reports schema_validation_failed after the one repair also fails', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { structuredSequence: [INVALID, { action: 'continue' }] } }] });
    const r = await ask(s);
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.error, 'schema_validation_failed');
    assert.match(r.message, /the answer did not match the schema: .*reason/);
    assert.equal(s.calls().length, 2, 'exactly one repair, never a second');
    assert.ok(r.costUsd > 0);
  });

  it('refuses anything but Read, Grep and Glob, whatever the caller asks', async () => {
    const s = sandbox({ rules: [] });
    await assert.rejects(ask(s, { tools: ['Read', 'Write'] }), /read-only; refused tools: Write/);
    await assert.rejects(ask(s, { tools: ['Bash', 'Edit', 'Grep'] }), /refused tools: Bash, Edit/);
    assert.equal(s.calls().length, 0, 'nothing was run');
    const ok = await ask(s, { tools: ['Grep'] });
    assert.ok(ok.ok);
    assert.ok((s.calls()[0]!.argv as string[]).includes('--tools=Grep'));
  });

  it('passes --fallback-model and answers from the fallback when the model is unavailable', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { modelUnavailable: { model: 'opus' }, structured: VALID } }] });
    const r = await ask(s, { model: 'opus', fallbackModel: 'sonnet' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.model, 'claude-sonnet-5');
    const argv = s.calls()[0]!.argv as string[];
    assert.ok(argv.includes('--model=opus') && argv.includes('--fallback-model=sonnet'));
  });

  it('keeps a running total: the call gets min(its cap, what is left), and no call is made once nothing is left', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { structured: VALID, costUsd: 0.3 } }] });
    const tracker = { spentUsd: 0.6, limitUsd: 1 };
    const r = await ask(s, { tracker });
    assert.ok(r.ok);
    assert.equal(s.calls()[0]!.maxBudgetUsd, 0.4);
    assert.ok(Math.abs(tracker.spentUsd - 0.9) < 1e-9);
    await ask(s, { tracker });
    assert.equal(s.calls()[1]!.maxBudgetUsd, 0.1);
    tracker.spentUsd = 1;
    const none = await ask(s, { tracker });
    assert.ok(!none.ok);
    assert.equal(none.error, 'budget_exceeded');
    assert.equal(s.calls().length, 2, 'no call without budget');
  });

  it('maps an error_max_budget_usd result to budget_exceeded', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { budget: true } }] });
    const r = await ask(s, { maxBudgetUsd: 0.05 });
    assert.ok(!r.ok);
    assert.equal(r.error, 'budget_exceeded');
    assert.match(r.message, /Reached maximum budget \(\$0\.05\)/);
    assert.ok(r.costUsd > 0.05);
  });

  it('maps a 429 to rate_limited', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { rateLimit: true } }] });
    const r = await ask(s);
    assert.ok(!r.ok);
    assert.equal(r.error, 'rate_limited');
    assert.match(r.message, /429/);
  });

  it('times out a call that hangs, with its whole process tree gone', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { hang: { silent: false } } }] });
    const t0 = Date.now();
    const r = await ask(s, { timeoutMs: 1500 });
    assert.ok(!r.ok);
    assert.equal(r.error, 'timeout');
    assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0} ms`);
    const entries = readCallLog(s.log);
    const agent = Number(entries.find((e) => !e.event)!.pid);
    const grandchild = Number(entries.find((e) => e.event === 'grandchild')!.grandchildPid);
    assert.ok(agent > 0 && grandchild > 0);
    const deadline = Date.now() + 2000;
    while ((alive(agent) || alive(grandchild)) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    assert.equal(alive(agent), false, 'the agent is gone');
    assert.equal(alive(grandchild), false, 'its grandchild is gone');
  });

  it('reports invalid_session for --resume of a session that does not exist', async () => {
    const s = sandbox({ rules: [] });
    const unknown = randomUUID();
    const r = await ask(s, { sessionId: unknown });
    assert.ok(!r.ok);
    assert.equal(r.error, 'invalid_session');
    assert.match(r.message, new RegExp(`No conversation found with session ID: ${unknown}`));
  });

  it('resumes a known session forked by default, so the original conversation is left untouched', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { structured: VALID } }] });
    const first = await ask(s);
    assert.ok(first.ok);
    const second = await ask(s, { sessionId: first.sessionId });
    assert.ok(second.ok, JSON.stringify(second));
    const call = s.calls()[1]!;
    assert.equal(call.resume, first.sessionId);
    assert.equal(call.fork, true);
    assert.notEqual(second.sessionId, first.sessionId);
  });

  it('reports process_failed for any other error', async () => {
    const s = sandbox({ rules: [{ match: { kind: 'decision' }, do: { error: { text: 'API Error: 400 invalid_request_error', apiErrorStatus: 400 } } }] });
    const r = await ask(s);
    assert.ok(!r.ok);
    assert.equal(r.error, 'process_failed');
    assert.match(r.message, /400 invalid_request_error/);
  });
});
