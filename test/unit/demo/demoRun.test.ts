// The whole demo, end to end: the demo project completed by the simulated agent (a private build of
// src/simulated, dist/ untouched) through the real engine with the test gate, checkpoints and --auto-merge.
// The scripted fault (T009:test) turns the gate red after batch 2; a healer fixes it; the run ends merged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDemo } from '../../../src/cli/commands/demo';
import type { CliIo } from '../../../src/cli/io';
import { DEMO_BRANCH } from '../../../src/core/demo/demoFiles';
import type { OrchestrationExecution } from '../../../src/core/model/execution';
import { buildSimulated, cleanupTempDirs } from '../simulated/helpers';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

describe('demo: a whole run with the simulated agent', function () {
  this.timeout(180_000);
  const saved = { delay: process.env.SPECFLOW_SIMULATED_DELAY_MS, faults: process.env.SPECFLOW_SIMULATED_FAULTS };
  let root: string;
  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'specflow-demo-run-')));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    cleanupTempDirs();
    for (const [k, v] of [
      ['SPECFLOW_SIMULATED_DELAY_MS', saved.delay],
      ['SPECFLOW_SIMULATED_FAULTS', saved.faults],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('heals the scripted fault through the test gate, commits each batch, merges into main and names the report', async () => {
    const simulated = await buildSimulated();
    const dir = path.join(root, 'demo');
    process.env.SPECFLOW_SIMULATED_DELAY_MS = '0';
    delete process.env.SPECFLOW_SIMULATED_FAULTS; // the demo's default fault
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: () => undefined, isTty: false };
    const code = await runDemo(dir, simulated, io);
    const text = out.join('\n');
    assert.equal(code, 0, text);
    assert.match(text, /Scripted fault: SPECFLOW_SIMULATED_FAULTS=T009:test/);

    const stateDir = path.join(dir, '.specflow', 'workflows');
    const [stateName] = fs.readdirSync(stateDir).filter((n) => /^orchestration-.*\.json$/.test(n));
    const state = JSON.parse(fs.readFileSync(path.join(stateDir, stateName!), 'utf8')) as OrchestrationExecution;
    assert.equal(state.status, 'completed');
    assert.deepEqual(
      state.batches.map((b) => b.status),
      ['completed', 'healed', 'completed', 'completed'],
    );
    assert.ok(state.decisionLog.some((e) => /test gate after batch 2: ✗ 2 failed — worse than the baseline/.test(e.reason)));

    // the report path is the last line, and the file is there
    const report = `.specflow/reports/orchestration-${state.id}.md`;
    assert.equal(out.at(-1), `Report: ${report} (in ${dir})`);
    assert.ok(fs.existsSync(path.join(dir, report)), 'the engine wrote the report');

    // one commit per batch on the feature branch, merged into main; the tests pass on main
    assert.equal(git(dir, 'symbolic-ref', '--short', 'HEAD'), 'main');
    assert.equal(git(dir, 'merge-base', '--is-ancestor', DEMO_BRANCH, 'main'), '');
    assert.equal(git(dir, 'rev-list', '--count', '--no-merges', `main..${DEMO_BRANCH}`), '0');
    const batchCommits = git(dir, 'log', '--format=%s', '--no-merges', `main~1..${DEMO_BRANCH}`).split('\n');
    assert.equal(batchCommits.filter((s) => /^specflow: batch \d of 4/.test(s)).length, 4, batchCommits.join('\n'));
    const tests = execFileSync(process.execPath, ['--test', '--test-reporter=tap'], { cwd: dir, encoding: 'utf8' });
    assert.match(tests, /^# fail 0$/m);
    assert.match(fs.readFileSync(path.join(dir, 'src/services/photoImport.js'), 'utf8'), /toLowerCase\(\)/, 'the healed module');
  });
});
