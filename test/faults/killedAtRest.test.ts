// Fault: the orchestrator is killed after its last save (the run shows merge ready) but before it wrote the
// report and let go of the lock. The next command on the project must not be hampered by the dead owner's
// lock file, nor leave it behind, and `report` writes the missing report instead of "the report so far".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { reportPaths } from '../../src/core/report/reportFiles';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { FAKE_CLAUDE, runCli } from '../support/cli';
import { finishProject, readStates, workflows } from './support';

describe('faults: killed between the last save and letting go', function () {
  this.timeout(90_000);
  let p: TestProject | undefined;
  afterEach(function () {
    finishProject(p, this.currentTest);
    p = undefined;
  });

  it("a refused start removes the dead owner's lock, and `report` writes the report the owner never wrote", () => {
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    const started = runCli(['start', '--project', p.dir, '--claude', FAKE_CLAUDE, '--skip-analyze', '--no-decisions'], { env: p.env });
    assert.equal(started.code, 0, started.stderr);
    const run = readStates(p).ok[0]!;
    assert.equal(run.status, 'merge_ready');

    // what a kill -9 at that moment leaves: no report, and the lock of a process that is gone
    const paths = reportPaths(p.dir, run.id);
    for (const f of [paths.markdownPath, paths.jsonPath, paths.svgPath]) rmSync(f);
    const dead = spawnSync('true').pid;
    const lockPath = join(workflows(p), 'orchestration.lock');
    const now = new Date().toISOString();
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: dead, host: hostname(), orchestrationId: run.id, owner: 'specflow-orchestrate', acquiredAt: now, heartbeatAt: now }),
    );

    const again = runCli(['start', '--project', p.dir, '--claude', FAKE_CLAUDE], { env: p.env });
    assert.equal(again.code, 3, 'refused: the project is held by a merge-ready run');
    assert.match(again.stderr, /Orchestration already in progress .*merge_ready/);
    assert.equal(existsSync(lockPath), false, "the dead owner's lock file is gone");

    const report = runCli(['report', '--project', p.dir], { env: p.env });
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stderr, /written now: the process that drove the run ended before writing it/);
    assert.doesNotMatch(report.stderr, /report so far/);
    assert.ok(existsSync(paths.markdownPath) && existsSync(paths.jsonPath) && existsSync(paths.svgPath), 'report files written');
    assert.equal(report.stdout, readFileSync(paths.markdownPath, 'utf8'));
    assert.match(report.stdout, new RegExp(run.id));

    // from now on the stored report is printed as it is, in Markdown or JSON
    const again2 = runCli(['report', '--project', p.dir], { env: p.env });
    assert.equal(again2.code, 0, again2.stderr);
    assert.equal(again2.stdout, report.stdout);
    assert.equal(again2.stderr.trim(), `specflow: report: ${paths.markdownPath}`);
    const json = runCli(['report', '--project', p.dir, '--json'], { env: p.env });
    assert.equal(json.code, 0, json.stderr);
    assert.equal((JSON.parse(json.stdout) as { id: string }).id, run.id);
    assert.doesNotMatch(json.stderr, /report:/);

    // the run itself is untouched: merge ready, nothing more was asked of the agent
    assert.equal(readStates(p).ok[0]!.status, 'merge_ready');
  });
});
