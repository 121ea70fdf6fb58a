// Seeded random batches checked against the wave planner's invariants.
import assert from 'node:assert/strict';
import type { BatchTask } from '../../../src/core/tasks/planBatches';
import { pathsOverlap, taskPaths } from '../../../src/core/tasks/taskPaths';
import { planWaves, serialMatcher, type WaveStep } from '../../../src/core/tasks/waves';
import { mulberry32 } from '../../support/tasksGenerator';

const CASES = 1500;
const SEED = Number(process.env.WAVES_SEED ?? 20261218);
const PATHS = ['src/a.ts', 'src/b.ts', 'src/models/', 'src/models/user.ts', 'src/models/post.ts', 'tests/x_test.py', '`lib/c.go`', 'README.md', 'docs/api.md'];
const PATTERN_SETS = [[], ['migration'], ['/^T\\d*5 /'], ['MIGRATION', '/seed/i']];

function randomBatch(rand: () => number): BatchTask[] {
  const n = 1 + Math.floor(rand() * 40);
  const tasks: BatchTask[] = [];
  let parent: string | undefined;
  let children = 0;
  for (let i = 0; i < n; i++) {
    const key = `T${i}`;
    const paths = PATHS.filter(() => rand() < 0.12);
    const words = rand() < 0.1 ? 'run the migration' : rand() < 0.05 ? 'Seed data' : 'do work';
    const t: BatchTask = {
      key,
      id: key,
      line: i + 1,
      text: `${key} ${words} ${paths.join(' ')}`,
      synthetic: false,
      steps: [],
      context: [],
      parallel: rand() < 0.75,
      serial: rand() < 0.07,
    };
    if (children > 0 && parent !== undefined) {
      t.parent = parent;
      children--;
    } else if (rand() < 0.12) {
      // a unit: this task as parent, or a parent outside the batch, then 1-3 sub-tasks
      parent = rand() < 0.6 ? key : `outside${i}`;
      children = 1 + Math.floor(rand() * 3);
      if (parent !== key) {
        t.parent = parent;
        children--;
      }
    }
    tasks.push(t);
  }
  return tasks;
}

/** Naive bundles: tasks of one unit, or naming overlapping paths, transitively. */
function naiveBundles(wave: readonly BatchTask[]): BatchTask[][] {
  const bundles: BatchTask[][] = [];
  const related = (a: BatchTask, b: BatchTask) =>
    (a.parent ?? a.key) === (b.parent ?? b.key) || taskPaths(a).some((p) => taskPaths(b).some((q) => pathsOverlap(p, q)));
  for (const t of wave) {
    const touching = bundles.filter((b) => b.some((u) => related(t, u)));
    const merged = [t, ...touching.flat()];
    for (const b of touching) bundles.splice(bundles.indexOf(b), 1);
    bundles.push(merged);
  }
  return bundles;
}

function checkCase(tasks: BatchTask[], agents: number, patterns: string[], steps: WaveStep[], where: string): void {
  const pos = new Map(tasks.map((t, i) => [t, i]));
  const flat = steps.flatMap((s) => (s.kind === 'serial' ? s.tasks : s.groups.flat()));
  assert.equal(flat.length, tasks.length, `${where}: every task once`);
  assert.equal(new Set(flat).size, tasks.length, `${where}: no task twice`);
  const matches = serialMatcher(patterns);
  const allowed = (t: BatchTask) => t.parallel && !t.serial && !matches(t.text);
  const unitBlocked = (t: BatchTask) => tasks.some((u) => (u.parent ?? u.key) === (t.parent ?? t.key) && !allowed(u));
  let lastEnd = -1;
  steps.forEach((s, i) => {
    const idx = (s.kind === 'serial' ? s.tasks : s.groups.flat()).map((t) => pos.get(t)!).sort((a, b) => a - b);
    assert.ok(idx[0]! > lastEnd, `${where}: step ${i} comes after the one before`);
    lastEnd = idx[idx.length - 1]!;
    if (s.kind === 'serial') {
      assert.notEqual(steps[i - 1]?.kind, 'serial', `${where}: serial steps are merged`);
      assert.deepEqual(
        s.tasks,
        [...s.tasks].sort((a, b) => pos.get(a)! - pos.get(b)!),
        `${where}: serial step in order`,
      );
      return;
    }
    assert.ok(s.groups.length >= 2 && s.groups.length <= agents, `${where}: 2…${agents} groups`);
    assert.equal(idx.length, idx[idx.length - 1]! - idx[0]! + 1, `${where}: a wave is a run of consecutive tasks`);
    const wave = s.groups.flat();
    for (const t of wave) assert.ok(allowed(t) && !unitBlocked(t), `${where}: ${t.key} may run in parallel`);
    const groupOf = new Map(s.groups.flatMap((g, gi) => g.map((t) => [t, gi] as const)));
    const bundles = naiveBundles(wave);
    for (const b of bundles) assert.equal(new Set(b.map((t) => groupOf.get(t))).size, 1, `${where}: related tasks share a group`);
    const biggest = Math.max(...bundles.map((b) => b.length));
    const share = Math.floor((wave.length - biggest) / s.groups.length) + biggest;
    for (const g of s.groups) {
      assert.ok(g.length > 0 && g.length <= share, `${where}: group of ${g.length} within the share ${share}`);
      assert.deepEqual(
        g,
        [...g].sort((a, b) => pos.get(a)! - pos.get(b)!),
        `${where}: file order inside a group`,
      );
    }
    if (bundles.every((b) => b.length === 1)) {
      for (const g of s.groups) assert.ok(g.length <= Math.ceil(wave.length / s.groups.length), `${where}: singletons split evenly`);
    }
  });
  for (const t of tasks.filter((u) => !allowed(u))) {
    assert.ok(
      steps.some((s) => s.kind === 'serial' && s.tasks.includes(t)),
      `${where}: ${t.key} only in a serial step`,
    );
  }
}

describe(`wave planner invariants over ${CASES} generated batches (seed ${SEED})`, () => {
  it('holds for every case', () => {
    const rand = mulberry32(SEED);
    let waves = 0;
    for (let c = 0; c < CASES; c++) {
      const tasks = randomBatch(rand);
      const agents = 1 + Math.floor(rand() * 8);
      const patterns = PATTERN_SETS[Math.floor(rand() * PATTERN_SETS.length)]!;
      const where = `case ${c} (seed ${SEED}, ${agents} agents)`;
      const steps = planWaves(tasks, { parallelAgents: agents, serialPatterns: patterns });
      checkCase(tasks, agents, patterns, steps, where);
      waves += steps.filter((s) => s.kind === 'wave').length;
      const one = planWaves(tasks, { parallelAgents: 1, serialPatterns: patterns });
      assert.equal(one.length, 1, where);
      assert.ok(one[0]!.kind === 'serial' && one[0]!.tasks.every((t, i) => t === tasks[i]), `${where}: one agent is the batch as it is`);
    }
    assert.ok(waves > CASES / 2, `the generator makes waves (${waves})`);
  });
});
