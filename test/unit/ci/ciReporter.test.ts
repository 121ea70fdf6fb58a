import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CiReporter, escapeData, escapeProperty, STEP_SUMMARY_LIMIT, workflowCommand, writeJobSummary } from '../../../src/cli/ciReporter';
import { EngineEvents, RunEventPublisher } from '../../../src/core/engine/events';
import type { DecisionLogEntry, OrchestrationExecution } from '../../../src/core/model/execution';
import { inProcess } from '../../support/inProcess';
import { sectionedTasks } from '../../support/projects';
import { batch, entry, run } from '../notify/fixtures';

const t = (s: number) => `2026-03-01T10:00:${String(s).padStart(2, '0')}.000Z`;
const impl = (b?: number, status: DecisionLogEntry['to']['status'] = 'running') => ({ status, phase: 'implement' as const, ...(b ? { batch: b } : {}) });

/** A scripted run: each element is one save, published the way the engine publishes it. */
function scriptedRun(): OrchestrationExecution[] {
  const log: DecisionLogEntry[] = [
    entry(1, 'Detected 3 batches from tasks.md', { status: 'running', phase: 'design' }, impl(), t(1)),
    entry(2, 'Implementing batch 1 of 3: Setup', impl(), impl(1), t(2)),
    entry(3, 'batch 1 of 3 "Setup" completed: the agent succeeded', impl(1), impl(), t(3)),
    entry(4, 'Implementing batch 2 of 3: Core, API', impl(), impl(2), t(4)),
    entry(5, 'Auto-healing batch 2... (attempt 1 of 1): tests failed\n::error::not from SpecFlow ##[warning]nor this', impl(2), impl(2, 'healing'), t(5)),
    entry(6, 'batch 2 of 3 "Core, API" healed on attempt 1', impl(2, 'healing'), impl(), t(6)),
    entry(7, 'Implementing batch 3 of 3: UI', impl(), impl(3), t(7)),
    entry(8, 'usage limit reached: waiting until it resets', impl(3), impl(3), t(8)),
    entry(9, 'batch 3 of 3 "UI" failed: T032 is still open after the agent reported success', impl(3), impl(3, 'failed'), t(9)),
  ];
  const done = { startedAt: t(2), completedAt: '2026-03-01T10:04:12.000Z', costUsd: 0.42 };
  const error = { message: 'T032 is still open after the agent reported success', kind: 'batch_failed', at: t(9), details: {}, logPaths: [] };
  const usage = { reason: 'usage_limit' as const, message: 'Usage limit (5-hour): resumes at 15:00 UTC', since: t(8), until: '2026-03-01T15:00:00.000Z' };
  return [
    run({
      status: 'running',
      batches: [batch(1, 'Setup', 'pending'), batch(2, 'Core, API', 'pending'), batch(3, 'UI', 'pending')],
      decisionLog: log.slice(0, 1),
    }),
    run({
      status: 'running',
      batches: [batch(1, 'Setup', 'running'), batch(2, 'Core, API', 'pending'), batch(3, 'UI', 'pending')],
      decisionLog: log.slice(0, 2),
    }),
    run({
      status: 'running',
      batches: [batch(1, 'Setup', 'completed', done), batch(2, 'Core, API', 'running'), batch(3, 'UI', 'pending')],
      decisionLog: log.slice(0, 4),
    }),
    run({
      status: 'healing',
      batches: [batch(1, 'Setup', 'completed', done), batch(2, 'Core, API', 'running', { error: 'tests failed' }), batch(3, 'UI', 'pending')],
      decisionLog: log.slice(0, 5),
    }),
    run({
      status: 'running',
      batches: [batch(1, 'Setup', 'completed', done), batch(2, 'Core, API', 'healed', { ...done, costUsd: 1.1, healAttempts: 1 }), batch(3, 'UI', 'running')],
      decisionLog: log.slice(0, 7),
    }),
    run({
      status: 'running',
      wait: usage,
      batches: [batch(1, 'Setup', 'completed', done), batch(2, 'Core, API', 'healed', { ...done, costUsd: 1.1, healAttempts: 1 }), batch(3, 'UI', 'running')],
      decisionLog: log.slice(0, 8),
    }),
    run({
      status: 'failed',
      error,
      batches: [
        batch(1, 'Setup', 'completed', done),
        batch(2, 'Core, API', 'healed', { ...done, costUsd: 1.1, healAttempts: 1 }),
        batch(3, 'UI', 'failed', { error: error.message }),
      ],
      decisionLog: log,
    }),
  ];
}

describe('CI reporter (--ci)', () => {
  it('escapes messages and properties the way the Actions runner unescapes them', () => {
    assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('Batch 2 of 4: Core, API 100%'), 'Batch 2 of 4%3A Core%2C API 100%25');
    assert.equal(workflowCommand('error', 'line 1\nline 2', { title: 'Batch 3: UI' }), '::error title=Batch 3%3A UI::line 1%0Aline 2');
    assert.equal(workflowCommand('notice', 'plain'), '::notice::plain');
  });

  it('renders a scripted run: groups around each batch, annotations for results, heals, waits and the outcome', () => {
    const lines: string[] = [];
    const events = new EngineEvents();
    const reporter = new CiReporter((l) => lines.push(l));
    reporter.subscribe(events);
    const publisher = new RunEventPublisher(events);
    const saves = scriptedRun();
    for (const s of saves) publisher.publish(s);
    reporter.finish(saves.at(-1)!);
    assert.deepEqual(lines, [
      '10:00:01  Detected 3 batches from tasks.md',
      '::group::Batch 1 of 3: Setup',
      '10:00:02  Implementing batch 1 of 3: Setup',
      '10:00:03  batch 1 of 3 "Setup" completed: the agent succeeded',
      '::endgroup::',
      '::notice title=Batch 1 of 3 completed::Setup: 2 tasks in 4m 10s, $0.42',
      '::group::Batch 2 of 3: Core, API',
      '10:00:04  Implementing batch 2 of 3: Core, API',
      '10:00:05  Auto-healing batch 2... (attempt 1 of 1): tests failed ⏎ ::error::not from SpecFlow #\u200b#[warning]nor this',
      '10:00:06  batch 2 of 3 "Core, API" healed on attempt 1',
      '::endgroup::',
      '::warning title=Batch 2 of 3 healed::Core, API: 2 tasks in 4m 10s, $1.10 (after 1 heal attempt)',
      '::group::Batch 3 of 3: UI',
      '10:00:07  Implementing batch 3 of 3: UI',
      '10:00:08  usage limit reached: waiting until it resets',
      '::warning title=Usage limit::Usage limit (5-hour): resumes at 15:00 UTC',
      '10:00:09  batch 3 of 3 "UI" failed: T032 is still open after the agent reported success',
      '::endgroup::',
      '::error title=Batch 3 of 3 failed::T032 is still open after the agent reported success',
      '::error title=SpecFlow%3A Failed::Tasks 12/35 · $3.20 of $50.00 · T032 is still open after the agent reported success',
    ]);
    // The runner reads a command only at the start of a line: no line but SpecFlow's own starts with "::".
    assert.ok(lines.every((l) => !l.includes('\n') && !l.includes('\r')));
    assert.ok(lines.filter((l) => l.trimStart().startsWith('::')).every((l) => /^::(group|endgroup|notice|warning|error)[ :]/.test(l)));
  });

  it('follows a real in-process run: balanced groups, one notice per batch, the outcome last, no TTY control', async () => {
    const r = inProcess({ tasks: sectionedTasks(6, 3, { names: ['Setup', 'Core', 'Polish'] }) });
    try {
      const lines: string[] = [];
      const reporter = new CiReporter((l) => lines.push(l));
      reporter.subscribe(r.orchestrator.events);
      const done = await r.start();
      reporter.finish(done);
      let open = 0;
      for (const l of lines) {
        if (l.startsWith('::group::')) assert.equal(open++, 0, 'groups never nest');
        if (l === '::endgroup::') assert.equal(--open, 0);
      }
      assert.equal(open, 0);
      assert.deepEqual(
        lines.filter((l) => l.startsWith('::group::')),
        ['::group::Batch 1 of 3: Phase 1: Setup', '::group::Batch 2 of 3: Phase 2: Core', '::group::Batch 3 of 3: Phase 3: Polish'],
      );
      assert.deepEqual(
        lines.filter((l) => l.startsWith('::notice')).map((l) => l.split('::')[1]),
        [
          'notice title=Batch 1 of 3 completed',
          'notice title=Batch 2 of 3 completed',
          'notice title=Batch 3 of 3 completed',
          'notice title=SpecFlow%3A Merge Ready',
        ],
      );
      assert.match(lines.at(-1)!, /^::notice title=SpecFlow%3A Merge Ready::Tasks 6\/6 · /);
      assert.ok(
        lines.every((l) => !l.includes('\r') && !l.includes('\u001b')),
        'no carriage return, no escape sequence',
      );
    } finally {
      r.project.cleanup();
    }
  });
});

describe('writeJobSummary', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'specflow-summary-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends the report to $GITHUB_STEP_SUMMARY after what other steps wrote', () => {
    const file = join(dir, 'step_summary');
    writeFileSync(file, '## Build\n\nok\n');
    assert.deepEqual(writeJobSummary('# SpecFlow report\n\n| batch | status |\n|---|---|\n| 1 | completed |', { GITHUB_STEP_SUMMARY: file }), {
      written: true,
      truncated: false,
    });
    assert.equal(readFileSync(file, 'utf8'), '## Build\n\nok\n\n# SpecFlow report\n\n| batch | status |\n|---|---|\n| 1 | completed |\n');
  });

  it('does nothing without GITHUB_STEP_SUMMARY, and never throws on an unwritable one', () => {
    assert.deepEqual(writeJobSummary('# r', {}), { written: false, truncated: false, problem: 'GITHUB_STEP_SUMMARY is not set' });
    const r = writeJobSummary('# r', { GITHUB_STEP_SUMMARY: dir });
    assert.equal(r.written, false);
    assert.match(r.problem!, /^cannot write the job summary: E/);
  });

  it("cuts a report that would pass GitHub's 1 MiB limit, on a character boundary, with a note", () => {
    const file = join(dir, 'step_summary');
    writeFileSync(file, 'x'.repeat(1000) + '\n');
    const big = '# Report\n' + '| ✓ batch | completed | €1.00 |\n'.repeat(40_000);
    const r = writeJobSummary(big, { GITHUB_STEP_SUMMARY: file });
    assert.deepEqual(r, { written: true, truncated: true });
    const text = readFileSync(file, 'utf8');
    assert.ok(Buffer.byteLength(text) <= STEP_SUMMARY_LIMIT, String(Buffer.byteLength(text)));
    assert.ok(Buffer.byteLength(text) > STEP_SUMMARY_LIMIT - 200);
    assert.ok(!text.includes('\uFFFD'), 'no broken UTF-8');
    assert.match(text, /cut to fit the 1 MiB job summary.*\.specflow\/reports\//);
  });
});
