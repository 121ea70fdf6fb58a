// Parallel [P] waves end to end through the built CLI, real git worktrees and the scripted fake agent: groups
// run at once in their own worktrees, tasks.md is ticked by SpecFlow, groups merge back in order (one commit
// each), a failing group heals alone, a conflict is healed or re-run, and a kill -9 mid-wave loses nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry } from '../fixtures/fakeClaude/callLog';
import { FAKE_CLAUDE, runCli, runCliAsync } from '../support/cli';
import { stateOnDisk, status } from '../support/engineRuns';
import { waitFor } from '../support/polling';
import { makeProject, type TestProject } from '../support/projects';

const base = ['--claude', FAKE_CLAUDE, '--skip-analyze', '--no-decisions'];

/** One section: a serial setup task, 8 [P] tasks on their own files, a serial wrap-up task. */
function waveTasks(): string {
  const lines = ['# Tasks', '', '## Phase 1: Setup', '', '- [ ] T001 Create src/index.ts', '', '## Phase 2: Parallel work', ''];
  for (let n = 2; n <= 9; n++) lines.push(`- [ ] T00${n} [P] Write src/part${n}.ts`);
  lines.push('- [ ] T010 Wire the parts together in src/index.ts', '');
  return lines.join('\n');
}

const implementCalls = (p: TestProject): LogEntry[] => p.invocations().filter((c) => c.kind === 'implement');
const git = (p: TestProject, ...args: string[]) => execFileSync('git', args, { cwd: p.dir, encoding: 'utf8' });
const inWorktree = (c: LogEntry) => /[\\/]\.specflow[\\/]worktrees[\\/]/.test(String(c.cwd));

/** Did `calls` run at the same time (each started before any of them ended)? Uses the call log's exit lines. */
function overlapping(p: TestProject, calls: LogEntry[]): boolean {
  const exits = p.calls().filter((e) => e.event === 'exit');
  const endOf = (c: LogEntry) => exits.find((e) => e.pid === c.pid)?.ts;
  const lastStart = Math.max(...calls.map((c) => Date.parse(String(c.ts))));
  return calls.every((c) => Date.parse(String(endOf(c))) > lastStart);
}

describe('engine: parallel [P] waves in git worktrees', function () {
  this.timeout(180_000);
  let p: TestProject;
  afterEach(() => p?.cleanup());

  it('--parallel 1 makes exactly the calls a run without it makes', () => {
    const prompts = (extra: string[]) => {
      p = makeProject({ tasks: waveTasks() });
      const r = runCli(['start', '--project', p.dir, ...base, ...extra], { env: p.env });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const calls = p.invocations().map((c) => `${String(c.kind)} ${(c.taskIds as string[]).join(',')} ${String(c.cwd) === p.dir}`);
      p.cleanup();
      return calls;
    };
    const plain = prompts([]);
    assert.deepEqual(prompts(['--parallel', '1']), plain);
    assert.deepEqual(plain, ['implement T001 true', 'implement T002,T003,T004,T005,T006,T007,T008,T009,T010 true', 'verify  true']);
  });

  it('--parallel 4 runs 8 [P] tasks as 4 agents at once, each in its worktree, and merges them in order', () => {
    p = makeProject({ tasks: waveTasks() });
    p.setScenario({ defaults: { delayMsPerTask: 400 }, rules: [] });
    const r = runCli(['start', '--project', p.dir, ...base, '--parallel', '4'], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const calls = implementCalls(p);
    const groups = calls.filter(inWorktree);
    assert.equal(groups.length, 4, 'four group agents');
    assert.deepEqual(
      groups.map((c) => (c.taskIds as string[]).length),
      [2, 2, 2, 2],
    );
    assert.equal(new Set(groups.map((c) => c.cwd)).size, 4, 'each in its own worktree');
    assert.ok(overlapping(p, groups), 'the four ran at the same time');
    const serial = calls.filter((c) => !inWorktree(c)).map((c) => (c.taskIds as string[]).join(','));
    assert.deepEqual(serial, ['T001', 'T010'], 'T010 (no [P]) runs after the wave, in the project');

    const tasks = p.tasks();
    assert.doesNotMatch(tasks, /- \[ \]/, 'every task checked');
    assert.doesNotMatch(tasks, /<<<<<<<|>>>>>>>/);
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    const batch = exec.batches[1]!;
    assert.equal(batch.status, 'completed');
    assert.deepEqual(
      batch.units!.map((u) => [u.parallel, u.status]),
      [
        [true, 'merged'],
        [true, 'merged'],
        [true, 'merged'],
        [true, 'merged'],
        [false, 'done'],
      ],
    );
    // each unit records its own agent, and the batch records all of them
    assert.deepEqual(
      batch.units!.map((u) => u.executionIds.length),
      [1, 1, 1, 1, 1],
    );
    assert.equal(new Set(batch.units!.flatMap((u) => u.executionIds)).size, 5, 'no two units share an agent');
    assert.deepEqual([...batch.executionIds].sort(), batch.units!.flatMap((u) => u.executionIds).sort());
    const log = git(p, 'log', '--format=%s%n%b%x00', 'HEAD');
    const groupCommits = log.split('\0').filter((c) => /SpecFlow-Group: \d/.test(c));
    assert.equal(groupCommits.length, 4, 'one commit per group');
    assert.deepEqual(groupCommits.map((c) => /SpecFlow-Group: (\d)/.exec(c)![1]).reverse(), ['1', '2', '3', '4'], 'merged in task order');
    for (let n = 2; n <= 9; n++) assert.ok(existsSync(join(p.dir, `src/part${n}.ts`)), `src/part${n}.ts merged`);
    assert.ok(!existsSync(join(p.dir, '.specflow', 'worktrees', exec.id)), 'worktrees removed');
    assert.equal(git(p, 'worktree', 'list').trim().split('\n').length, 1, 'git knows no worktree but the project');
    assert.equal(git(p, 'branch', '--list', 'specflow/*').trim(), '', 'group branches deleted once the batch is confirmed');
    assert.ok(exec.decisionLog.some((e) => /wave 1 runs 4 agents at once/.test(e.reason)));
  });

  it('a failing group heals alone, in its worktree, while the others finish', () => {
    p = makeProject({ tasks: waveTasks() });
    p.setScenario({ rules: [{ match: { kind: 'implement', taskId: 'T004' }, times: 1, do: { error: { text: 'TypeError: cannot read x', afterTasks: 0 } } }] });
    const r = runCli(['start', '--project', p.dir, ...base, '--parallel', '4'], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const heals = p.invocations().filter((c) => c.kind === 'heal');
    assert.equal(heals.length, 1, 'one healer');
    assert.ok(inWorktree(heals[0]!), "in the failing group's worktree");
    const exec0 = status(p);
    const failing = exec0.batches[1]!.units!.find((u) => u.taskIds.includes('T004'))!;
    assert.deepEqual(heals[0]!.taskIds, failing.taskIds, "the healer gets its group's tasks only");
    const failedCwd = implementCalls(p).find((c) => (c.taskIds as string[]).includes('T004'))!.cwd;
    assert.equal(heals[0]!.cwd, failedCwd);
    assert.equal(implementCalls(p).filter(inWorktree).length, 4, 'no other group ran again');
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    const unit = exec.batches[1]!.units!.find((u) => u.taskIds.includes('T004'))!;
    assert.equal(unit.healAttempts, 1);
    assert.equal(exec.batches[1]!.healAttempts, 0, 'the batch itself needed no heal');
    assert.doesNotMatch(p.tasks(), /- \[ \]/);
  });

  it('a merge conflict between groups goes to the merge-healer, which keeps both sides', () => {
    p = makeProject({ tasks: waveTasks() });
    p.setScenario({
      rules: [
        { match: { kind: 'implement', taskId: 'T002' }, do: { writeFiles: { 'src/registry.ts': "export const parts = ['part2'];\n" } } },
        { match: { kind: 'implement', taskId: 'T004' }, do: { writeFiles: { 'src/registry.ts': "export const parts = ['part4'];\n" } } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, ...base, '--parallel', '4'], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const healer = p.invocations().filter((c) => c.kind === 'heal');
    assert.equal(healer.length, 1);
    const exec0 = status(p);
    const second = exec0.batches[1]!.units!.find((u) => u.taskIds.includes('T004'))!;
    assert.match(String(healer[0]!.prompt), new RegExp(`^SpecFlow merge healer: group ${second.group} of 4`), 'the later group of the two is healed');
    assert.match(String(healer[0]!.prompt), /- src\/registry\.ts/);
    const registry = readFileSync(join(p.dir, 'src/registry.ts'), 'utf8');
    assert.match(
      registry,
      /part2/,
      JSON.stringify(
        status(p)
          .decisionLog.filter((e) => /merge|conflict|group/.test(e.reason))
          .map((e) => e.reason),
        null,
        1,
      ),
    );
    assert.match(registry, /part4/);
    assert.doesNotMatch(registry, /<<<<<<<|=======|>>>>>>>/);
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(second.conflict, { paths: ['src/registry.ts'], resolution: 'healed' });
  });

  it('a conflict the merge-healer cannot resolve re-runs the group in the project, on the merged tree', () => {
    p = makeProject({ tasks: waveTasks() });
    p.setScenario({
      rules: [
        { match: { kind: 'implement', taskId: 'T002' }, do: { writeFiles: { 'src/registry.ts': 'one\n' } } },
        { match: { kind: 'implement', taskId: 'T004' }, times: 1, do: { writeFiles: { 'src/registry.ts': 'two\n' } } },
        { match: { kind: 'heal', promptIncludes: 'merge healer' }, do: { noop: true } },
      ],
    });
    const r = runCli(['start', '--project', p.dir, ...base, '--parallel', '4'], { env: p.env });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const reruns = implementCalls(p).filter((c) => !inWorktree(c) && (c.taskIds as string[]).includes('T004'));
    assert.equal(reruns.length, 1, 'the group ran again in the project');
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready');
    const unit = exec.batches[1]!.units!.find((u) => u.taskIds.includes('T004'))!;
    assert.equal(unit.status, 'done');
    assert.equal(unit.conflict?.resolution, 'rerun');
    assert.equal(readFileSync(join(p.dir, 'src/registry.ts'), 'utf8'), 'one\n', 'the first group kept its file; the re-run found it there');
    assert.doesNotMatch(p.tasks(), /- \[ \]/);
  });

  it('kill -9 mid-wave, then resume: a confirmed group is not run again', async () => {
    p = makeProject({ tasks: waveTasks() });
    // the first group finishes fast; the others take seconds per task
    p.setScenario({ defaults: { delayMsPerTask: 1500 }, rules: [{ match: { kind: 'implement', taskId: ['T002', 'T001'] }, do: { delayMsPerTask: 0 } }] });
    const run = runCliAsync(['start', '--project', p.dir, ...base, '--parallel', '4'], { env: { ...process.env, ...p.env } });
    await waitFor(() => stateOnDisk(p)?.batches[1]?.units?.some((u) => u.status === 'committed'), 60_000, 'a group to be committed');
    run.child.kill('SIGKILL');
    await run.done;
    const before = implementCalls(p).filter(inWorktree).length;
    const resumed = runCli(['resume', '--project', p.dir, '--claude', FAKE_CLAUDE], { env: p.env, timeoutMs: 120_000 });
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const exec = status(p);
    assert.equal(exec.status, 'merge_ready', exec.error?.message);
    const calls = implementCalls(p);
    const firstGroup = calls.filter((c) => (c.taskIds as string[]).includes('T002'));
    assert.equal(firstGroup.length, 1, 'the committed group was not run again');
    assert.ok(calls.filter(inWorktree).length <= before + 3, 'at most the unfinished groups ran again');
    assert.doesNotMatch(p.tasks(), /- \[ \]/);
    assert.equal(git(p, 'worktree', 'list').trim().split('\n').length, 1, 'no worktree left behind');
  });
});
