// The example GitHub Actions workflow's steps, run here the way the runner runs them (bash -eo pipefail, the
// step's env, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), with the built CLI and the fake agent doing real work
// in a git project whose origin is a local bare repository: the phase runs with --ci, the job summary gets the
// report, and the batch commits are pushed to the feature branch.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, FAKE_CLAUDE } from '../support/cli';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { loadWorkflowParser, plain } from '../unit/ci/loadWorkflowParser';

const FILE = join(__dirname, '../../examples/ci/github-actions/specflow-phase.yml');

interface Step {
  name: string;
  run?: string;
}

function stepScript(name: string): string {
  const parser = loadWorkflowParser();
  const result = parser.parseWorkflow({ name: 'specflow-phase.yml', content: readFileSync(FILE, 'utf8') }, new parser.NoOperationTraceWriter());
  const wf = plain(JSON.parse(JSON.stringify(result.value))) as { jobs: Record<string, { steps: Step[] }> };
  const run = wf.jobs.phase!.steps.find((s) => s.name === name)?.run;
  assert.ok(run, `no run step "${name}"`);
  return run;
}

describe('engine: the CI workflow steps with the real CLI and the fake agent', function () {
  this.timeout(120_000);
  let p: TestProject;
  let tmp: string;
  afterEach(() => {
    p?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('"Run the phase" completes it with --ci and a job summary; "Push the batch commits" pushes them', () => {
    tmp = mkdtempSync(join(tmpdir(), 'specflow-ci-'));
    p = makeProject({ tasks: sectionedTasks(6, 2) });
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...p.env } });
    const origin = join(tmp, 'origin.git');
    execFileSync('git', ['init', '-q', '--bare', origin]);
    git(p.dir, 'checkout', '-q', '-b', '001-feature');
    git(p.dir, 'remote', 'add', 'origin', origin);
    git(p.dir, 'push', '-q', 'origin', '001-feature');

    // what "Install Claude Code" and "Build SpecFlow" put on PATH
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    symlinkSync(FAKE_CLAUDE, join(bin, 'claude'));
    writeFileSync(join(bin, 'specflow-orchestrate'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'specflow-orchestrate'), 0o755);
    const files = { output: join(tmp, 'output'), env: join(tmp, 'env'), summary: join(tmp, 'summary.md') };
    writeFileSync(files.output, '');
    writeFileSync(files.env, '');
    writeFileSync(files.summary, '## Earlier step\n\n');
    const env = {
      ...process.env,
      ...p.env,
      PATH: `${bin}:${process.env.PATH}`,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_STEP_SUMMARY: files.summary,
      FEATURE_BRANCH: '001-feature',
      BASE_BRANCH: 'main',
      PROJECT_DIR: '.',
      BUDGET_TOTAL: '10',
      BUDGET_BATCH: '2',
      AUTO_MERGE: 'false',
    };
    const step = (name: string, extra: Record<string, string> = {}) => {
      writeFileSync(join(tmp, 'step.sh'), stepScript(name));
      return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(tmp, 'step.sh')], {
        cwd: p.dir,
        env: { ...env, ...extra },
        encoding: 'utf8',
        timeout: 90_000,
      });
    };

    const run = step('Run the phase');
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.equal(readFileSync(files.output, 'utf8'), 'exit-code=0\noutcome=done\n');
    assert.match(run.stdout, /^::group::.*[Bb]atch 1 of 2/m, 'log groups per batch');
    assert.match(run.stdout, /^::endgroup::$/m);
    assert.ok(
      !/\r/.test(run.stdout + run.stderr) && !(run.stdout + run.stderr).includes(String.fromCharCode(27)),
      'no TTY line (carriage returns, escape codes)',
    );
    const summary = readFileSync(files.summary, 'utf8');
    assert.ok(summary.startsWith('## Earlier step\n\n'), 'appended after what other steps wrote');
    assert.match(summary, /Merge ready/i);
    assert.match(summary, /Phase 1/);
    assert.equal(p.invocations().filter((c) => c.kind === 'implement').length, 2, 'the fake agent did the two batches');

    const push = step('Push the batch commits', { OUTCOME: 'done' });
    assert.equal(push.status, 0, push.stderr);
    const pushed = execFileSync('git', ['--git-dir', origin, 'log', '--format=%s', '001-feature'], { encoding: 'utf8' });
    assert.match(pushed, /^specflow: batch 1 of 2/m);
    assert.match(pushed, /^specflow: batch 2 of 2/m);
    assert.equal(execFileSync('git', ['--git-dir', origin, 'rev-parse', '001-feature'], { encoding: 'utf8' }), git(p.dir, 'rev-parse', 'HEAD'));
  });
});
