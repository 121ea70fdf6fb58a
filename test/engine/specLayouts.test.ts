// Kiro (.kiro/specs/<feature>/) and OpenSpec (openspec/changes/<change>/) projects run end to end through
// the built CLI with the plain-prompt profile: no skills installed, design and analyze skipped because the
// spec's files exist, every numbered task checked off by the agent, the run ends merge_ready.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_CLAUDE, runCli } from '../support/cli';
import { status } from '../support/engineRuns';
import { makeProject, type TestProject } from '../support/projects';

const KIRO_TASKS = `# Implementation Plan

- [ ] 1. Set up the session module
  - Create the folders and the module entry point
  - _Requirements: 1.1_
- [ ] 2. Build the login form
- [ ] 2.1 Write the form component
  - _Requirements: 2.1, 2.2_
- [ ] 2.2 Validate the fields
- [ ]* 2.3 Write unit tests for validation
- [-] 3. Wire the session store
`;

const OPENSPEC_TASKS = `## 1. Implementation
- [ ] 1.1 Add the export command
- [ ] 1.2 Write the CSV encoder

## 2. Documentation
- [ ] 2.1 Document the command in the README
`;

function layoutProject(files: Record<string, string>): TestProject {
  const p = makeProject({ git: false, spec: false, plan: false, skills: [] });
  rmSync(join(p.dir, 'specs'), { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(p.dir, rel, '..'), { recursive: true });
    writeFileSync(join(p.dir, rel), text);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: p.dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'spec');
  return p;
}

describe('engine: Kiro and OpenSpec specs with plain prompts', function () {
  this.timeout(120_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('completes a Kiro spec: numbered tasks with sub-tasks and requirements, the optional one left alone', () => {
    const dir = '.kiro/specs/user-auth';
    p = layoutProject({
      [`${dir}/requirements.md`]: '# Requirements\n\n1.1 Users sign in.\n',
      [`${dir}/design.md`]: '# Design\n',
      [`${dir}/tasks.md`]: KIRO_TASKS,
    });
    const r = runCli(['start', '--project', p.dir, '--claude', FAKE_CLAUDE], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready', exec.error?.message);
    assert.equal(exec.featureDir, dir);
    assert.equal(exec.config.skillProfile, 'plain');
    assert.equal(exec.steps.design.status, 'skipped');
    assert.match(exec.steps.design.note ?? '', /Kiro spec's requirements and tasks\.md already exist/);
    assert.equal(exec.steps.analyze.status, 'skipped');
    assert.match(exec.steps.analyze.note ?? '', /plain profile has no analyze skill/);
    // plain prompts only: nothing asked for a slash command the project does not have
    const prompts = p.invocations().map((c) => (typeof c.prompt === 'string' ? c.prompt : ''));
    assert.ok(prompts.length >= 2, 'implement and verify ran');
    for (const text of prompts) assert.doesNotMatch(text, /^\//, `a plain prompt, got: ${text.slice(0, 60)}`);
    assert.ok(
      prompts.some((t) => /^Implement batch 1 of 1/.test(t) && /_Requirements: 2\.1, 2\.2_/.test(t)),
      'requirements travel with their task',
    );
    const tasks = readFileSync(join(p.dir, dir, 'tasks.md'), 'utf8');
    for (const n of ['1.', '2.', '2.1', '2.2', '3.']) assert.match(tasks, new RegExp(`^- \\[x\\] ${n.replace('.', '\\.')} `, 'm'), `task ${n} checked`);
    assert.match(tasks, /^- \[ \]\* 2\.3 /m, 'the optional task is not done without "include optional tasks"');
    assert.ok(exec.decisionLog.some((e) => /plain prompts: a Kiro spec has no specflow skills/.test(JSON.stringify(e.evidence))));
  });

  it('completes an OpenSpec change and skips the archive', () => {
    const dir = 'openspec/changes/add-export';
    p = layoutProject({
      'openspec/changes/archive/2026-01-01-old/tasks.md': '## 1. Old\n- [ ] 1.1 Never run this\n',
      [`${dir}/proposal.md`]: '# Add export\n',
      [`${dir}/tasks.md`]: OPENSPEC_TASKS,
    });
    const b = runCli(['batches', join(p.dir, dir, 'tasks.md'), '--json'], { env: p.env });
    assert.equal(b.code, 0, b.stderr);
    const plan = JSON.parse(b.stdout) as { format: string; batches: { taskIds: string[] }[] };
    assert.equal(plan.format, 'openspec');
    assert.deepEqual(
      plan.batches.map((x) => x.taskIds),
      [['1.1', '1.2'], ['2.1']],
    );
    const r = runCli(['start', '--project', p.dir, '--claude', FAKE_CLAUDE], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready', exec.error?.message);
    assert.equal(exec.featureDir, dir);
    assert.equal(exec.batches.length, 2);
    assert.doesNotMatch(readFileSync(join(p.dir, dir, 'tasks.md'), 'utf8'), /- \[ \]/);
    assert.match(readFileSync(join(p.dir, 'openspec/changes/archive/2026-01-01-old/tasks.md'), 'utf8'), /- \[ \] 1\.1/);
  });
});
