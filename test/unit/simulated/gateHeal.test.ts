// The simulated agent against SpecFlow's own test gate: an implement batch with the scripted fault makes the
// real gate (`node --test`, run by core/gate) worse; the real healer prompt (engine/prompts.ts with
// gateHealContext) names the failing tests; the healer fixes the module and the gate is no worse again.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { compareToBaseline } from '../../../src/core/gate/compareToBaseline';
import { gateHealContext } from '../../../src/core/gate/gateText';
import { runGate } from '../../../src/core/gate/runGate';
import type { GateResult } from '../../../src/core/model/gate';
import { batchPrompt, healerPrompt, type HealContext } from '../../../src/core/engine/prompts';
import type { PlannedTask } from '../../../src/core/tasks/planBatches';
import { parseFaults } from '../../../src/simulated/faults';
import { failingTestNames } from '../../../src/simulated/gateHeal';
import { simulatedOptionsFromEnv } from '../../../src/simulated/simulatedBehaviour';
import { cleanupTempDirs, IMPLEMENT_MD } from './helpers';
import { nodeTest, testCounts, turn, workspace, type Workspace } from './inProcess';

const FEATURE = 'specs/001-albums';
const CTX = { featureDir: FEATURE, tasksFile: `${FEATURE}/tasks.md`, additionalContext: '' };
const TASKS: Array<[string, string]> = [
  ['T001', 'Create the album model in src/models/album.js'],
  ['T002', 'Implement the photo import service in src/services/photoImport.js'],
  ['T003', 'Write the user guide in docs/albums.md'],
];

function project(extra: Record<string, string> = {}): Workspace {
  return workspace({
    'package.json': '{ "scripts": { "test": "node --test" } }\n',
    'test/existing.test.js': "const test = require('node:test');\ntest('the project already had this test', () => {});\n",
    '.claude/commands/flow.implement.md': IMPLEMENT_MD,
    [`${FEATURE}/tasks.md`]: ['# Tasks', '', '## Phase 1: Core', '', ...TASKS.map(([id, t]) => `- [ ] ${id} ${t}`), ''].join('\n'),
    ...extra,
  });
}

function planned(ids: string[]): PlannedTask[] {
  return TASKS.filter(([id]) => ids.includes(id)).map(([id, text]) => ({ id, key: id, text, line: 5 + TASKS.findIndex(([k]) => k === id), synthetic: false }));
}

let gateRuns = 0;
function gate(ws: Workspace): Promise<GateResult> {
  return runGate({
    cwd: ws.cwd,
    spec: { command: 'node --test', argv: [process.execPath, '--test', '--test-reporter=tap'] },
    timeoutMs: 60_000,
    logPath: path.join(ws.home, `gate-${++gateRuns}.log`),
  });
}

function healContext(over: Partial<HealContext>): HealContext {
  return {
    batch: { index: 1, total: 1, name: 'Phase 1: Core' },
    error: 'the test gate is worse than before the run',
    toolErrors: [],
    attempted: TASKS.map(([id]) => id),
    completed: TASKS.map(([id]) => id),
    remaining: [],
    attempt: 1,
    maxAttempts: 1,
    ...over,
  };
}

describe('simulated agent: the test gate, a scripted fault and its heal', function () {
  this.timeout(60_000);
  after(cleanupTempDirs);

  it('T002:test breaks the gate after the batch; the healer reads the failing tests, fixes the module, and the gate is no worse', async () => {
    const ws = project();
    const baseline = await gate(ws);
    assert.equal(baseline.exitCode, 0, baseline.outputTail);

    const faults = parseFaults('T002:test').faults;
    const implement = await turn(
      ws,
      batchPrompt('/flow.implement', { index: 1, total: 1, name: 'Phase 1: Core', tasks: planned(['T001', 'T002', 'T003']) }, CTX),
      { faults },
    );
    assert.equal(implement.code, 0, implement.stderr);
    assert.deepEqual(
      implement.tools,
      ['Read', 'Write', 'Write', 'Edit', 'Write', 'Write', 'Edit', 'Write', 'Edit'],
      'module, test, check-off (×2), then the guide',
    );
    assert.match(implement.result, /^Completed 3 of 3 task\(s\): T001, T002, T003\.$/m);
    assert.match(implement.result, /the module of T002 has a bug its own test catches/);
    assert.match(ws.read(`${FEATURE}/tasks.md`), /- \[x\] T002/);
    const album = ws.read('src/models/album.js');

    const after = await gate(ws);
    const comparison = compareToBaseline(baseline, after);
    assert.equal(comparison.verdict, 'worse');
    assert.deepEqual(comparison.newFailures, [
      'src/services/photoImport.js (T002): photoImport() lists each item once, by its lower-case slug',
      'src/services/photoImport.js (T002): slugify lower-cases words',
    ]);

    const prompt = healerPrompt(healContext({ gate: gateHealContext(after, comparison) }), CTX);
    assert.deepEqual(failingTestNames(prompt), comparison.newFailures);
    const heal = await turn(ws, prompt, { faults });
    assert.equal(heal.code, 0, heal.stderr);
    assert.deepEqual(heal.tools, ['Read', 'Edit', 'Bash']);
    assert.match(heal.result, /^Fixed src\/services\/photoImport\.js \(T002\): slugify\(\) now lower-cases/);
    assert.match(heal.result, /`node --test 'test\/services\/photoImport\.test\.js'` passes now\./);
    assert.equal(ws.read('src/models/album.js'), album, 'the passing module is left alone');

    const healed = await gate(ws);
    assert.equal(healed.exitCode, 0, healed.outputTail);
    assert.notEqual(compareToBaseline(baseline, healed).verdict, 'worse');
    assert.deepEqual(healed.counts, { passed: 1 + 2 + 3, failed: 0, skipped: 0 });
  });

  it('never injects a fault in a healer run: a healer doing T002 writes a correct module', async () => {
    const ws = project();
    const prompt = healerPrompt(healContext({ error: 'the agent stopped', completed: ['T001'], remaining: planned(['T002']) }), CTX);
    const heal = await turn(ws, prompt, { faults: parseFaults('T002:test').faults });
    assert.match(heal.result, /^Completed 1 of 1 task\(s\): T002\.$/);
    const run = nodeTest(ws.cwd);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(testCounts(run.output), { pass: 1 + 3, fail: 0 });
  });

  it("leaves failing tests it did not write alone, and says so; keeps the project's own test files", async () => {
    const ws = project({
      'src/math.js': 'exports.add = (a, b) => a - b;\n',
      'test/math.test.js':
        "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/math.js');\ntest('add() sums', () => assert.strictEqual(add(2, 3), 5));\n",
      'test/models/album.test.js': "const test = require('node:test');\ntest('the user wrote this one', () => {});\n",
    });
    const implement = await turn(ws, batchPrompt('/flow.implement', { index: 1, total: 1, name: 'Phase 1: Core', tasks: planned(['T001']) }, CTX));
    assert.deepEqual(implement.tools, ['Read', 'Write', 'Edit'], 'the module only: its test file name is taken');
    assert.match(ws.read('test/models/album.test.js'), /the user wrote this one/);

    const failing = await gate(ws);
    const comparison = { verdict: 'worse' as const, reason: '1 new failing test: add() sums', newFailures: ['add() sums'] };
    const heal = await turn(ws, healerPrompt(healContext({ gate: gateHealContext(failing, comparison), attempted: ['T001'], completed: ['T001'] }), CTX));
    assert.match(heal.result, /^The simulated agent found nothing of its own to fix for these failing tests/);
    assert.match(heal.result, /^src\/models\/album\.js is as its task \(T001\) calls for; nothing to fix there\.$/m, "it looked at the batch's module");
    assert.match(heal.result, /1 failing test\(s\): add\(\) sums/);
    assert.equal(ws.read('src/math.js'), 'exports.add = (a, b) => a - b;\n');
    assert.ok(!heal.tools.includes('Edit') && !heal.tools.includes('Bash'), heal.tools.join(','));
  });

  it('reads SPECFLOW_SIMULATED_FAULTS: TASK:test entries, others ignored and named in the implement answer', async () => {
    assert.deepEqual(parseFaults(' T009:test,T010:TEST  T011:crash nonsense '), {
      faults: [
        { taskId: 'T009', kind: 'test' },
        { taskId: 'T010', kind: 'test' },
      ],
      ignored: ['T011:crash', 'nonsense'],
    });
    assert.deepEqual(parseFaults(''), { faults: [], ignored: [] });
    const opts = simulatedOptionsFromEnv({ SPECFLOW_SIMULATED_FAULTS: 'T003:test bogus' });
    assert.deepEqual([opts.faults, opts.ignoredFaults], [[{ taskId: 'T003', kind: 'test' }], ['bogus']]);
    assert.equal(simulatedOptionsFromEnv({}).faults, undefined);

    const ws = project();
    const r = await turn(ws, batchPrompt('/flow.implement', { index: 1, total: 1, name: 'Phase 1: Core', tasks: planned(['T003']) }, CTX), opts);
    assert.match(r.result, /^Ignored SPECFLOW_SIMULATED_FAULTS entries \(expected TASK:test\): bogus\.$/m);
  });
});
