// Parse and plan 1k, 10k and 100k generated tasks: median ms and growth ratio (goal ≤ 20 ms at 10k, linear), and
// the process's CPU for 100k (more than the wall time when the garbage collector's threads help).
import { parseTasks } from '../src/core/tasks/parseTasks';
import { planBatches } from '../src/core/tasks/planBatches';
import { median, type BenchRow } from './stats';

export function tasksFile(count: number): string {
  const lines = ['# Tasks: Benchmark', '', '## Format: `[ID] [P?] [Story] Description`', ''];
  for (let i = 1; i <= count; i++) {
    if (i % 25 === 1) lines.push('', `## Phase ${Math.ceil(i / 25)}: Section ${Math.ceil(i / 25)}`, '', '**Purpose**: benchmark', '');
    if (i % 100 === 50) lines.push('```ts', 'const example = "- [ ] T0 not a task";', '```');
    lines.push(
      `- [${i % 3 === 0 ? 'x' : ' '}] T${String(i).padStart(6, '0')} ${i % 4 === 0 ? '[P] ' : ''}${i % 5 === 0 ? '[US2] ' : ''}Implement \`part${i}\` in src/module${i}/file.ts`,
    );
  }
  return lines.join('\n');
}

export function benchParsing(): BenchRow[] {
  const rows: BenchRow[] = [];
  const results: Record<number, number> = {};
  const cpu: Record<number, number> = {};
  for (const [count, runs] of [
    [1_000, 60],
    [10_000, 25],
    [100_000, 7],
  ] as const) {
    const text = tasksFile(count);
    for (let w = 0; w < 3; w++) planBatches(parseTasks(text), 15); // warm up the JIT
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let r = 0; r < runs; r++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const plan = planBatches(parseTasks(text), 15);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
      if (plan.totalTasks !== count) throw new Error(`expected ${count} tasks, got ${plan.totalTasks}`);
    }
    results[count] = median(times);
    cpu[count] = median(cpuTimes);
    rows.push({
      measure: `parse+plan ${count.toLocaleString('en')} tasks`,
      value: results[count],
      unit: 'ms (median)',
      goal: count === 10_000 ? '≤ 20 ms' : undefined,
      ok: count === 10_000 ? results[count] <= 20 : undefined,
    });
  }
  rows.push({ measure: 'parse+plan 100,000 tasks, CPU', value: cpu[100_000]!, unit: 'ms (median)', note: 'user + system of the process' });
  rows.push({ measure: 'growth 1k→10k', value: results[10_000]! / results[1_000]!, unit: '× (10 = linear)' });
  rows.push({
    measure: 'growth 10k→100k',
    value: results[100_000]! / results[10_000]!,
    unit: '× (10 = linear)',
    goal: 'roughly linear',
    ok: results[100_000]! / results[10_000]! < 15,
  });
  return rows;
}
