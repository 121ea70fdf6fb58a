// Parallel [P] waves (issue 18): a phase of 4 sections × 6 [P] tasks naming distinct files, run by the headless CLI
// with --parallel 1 and then --parallel 4, each on a fresh git project, with the fake agent taking a fixed time.
// Two agent models: time per task (a 6-task call ≈ 3 s, so a 2-task group ≈ 1 s) and a fixed 3 s per call whatever
// its size. Reports the wall ratio, the orchestrator's own CPU (its /proc utime+stime, not its children's) while 4
// agents run, and the run's sanity: calls, tasks checked, agents at once, worktrees and branches left behind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { CLI, FAKE_CLAUDE } from '../test/support/cli';
import { makeProject, type TestProject } from '../test/support/projects';
import type { AgentRun, OrchestrationExecution } from '../src/core/model/execution';
import { median, type BenchRow } from './stats';

const SECTIONS = 4;
const PER_SECTION = 6;
const AGENTS = 4;
// A task of 4 s: still far quicker than a real agent (minutes a task), long enough that a wave's fixed git
// cost (worktrees, commits, merges: ~1-3 s) is not the whole measure.
const MS_PER_TASK = 4000;
const MS_PER_CALL = 3000;
const SAMPLE_MS = 100;

/** `## Phase N` sections of [P] tasks, each naming its own file, so every wave splits into AGENTS groups. */
function waveTasks(): string {
  const lines = ['# Tasks: Parallel waves', '', '## Format: `[ID] [P?] [Story] Description`', ''];
  for (let s = 1; s <= SECTIONS; s++) {
    lines.push(`## Phase ${s}: Section ${s}`, '');
    for (let i = 1; i <= PER_SECTION; i++) {
      const id = `T${String((s - 1) * PER_SECTION + i).padStart(3, '0')}`;
      lines.push(`- [ ] ${id} [P] Write src/s${s}/a${i}.ts`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const TICK_MS = (() => {
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
  return 1000 / (hz > 0 ? hz : 100);
})();

/** The process's own CPU time (utime + stime, its children excluded), or undefined once it is gone. */
function ownCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

type Sample = { at: number; cpuMs: number };
type Interval = [number, number];

interface PhaseRun {
  wallMs: number;
  samples: Sample[];
  t0: number;
  exec: OrchestrationExecution;
  calls: number;
  checked: number;
  open: number;
  leftovers: string;
  warnings: string[];
}

/** Worktrees, `.specflow/worktrees` entries and group branches still there after the run. */
function leftovers(p: TestProject): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: p.dir, encoding: 'utf8' }).stdout;
  const worktrees = git(['worktree', 'list', '--porcelain'])
    .split('\n')
    .filter((l) => l.startsWith('worktree ')).length;
  const dir = join(p.dir, '.specflow', 'worktrees');
  // the folder's own .gitignore stays on purpose
  const entries = existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((e) => e !== '.gitignore').length : 0;
  const branches = git(['branch', '--list', '--format=%(refname:short)']).split('\n').filter(Boolean).length;
  return `${worktrees - 1} extra worktree(s), ${entries} entr${entries === 1 ? 'y' : 'ies'} under .specflow/worktrees, ${branches} branch(es)`;
}

async function runPhase(parallel: number, scenario: unknown): Promise<PhaseRun> {
  const p = makeProject({ tasks: waveTasks() });
  try {
    p.setScenario(scenario);
    const args = [CLI, 'start', '--project', p.dir, '--claude', FAKE_CLAUDE, '--skip-analyze', '--no-decisions', '--parallel', String(parallel)];
    const t0 = Date.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...p.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const samples: Sample[] = [];
    const timer = setInterval(() => {
      const cpuMs = ownCpuMs(child.pid!);
      if (cpuMs !== undefined) samples.push({ at: Date.now(), cpuMs });
    }, SAMPLE_MS);
    let t1 = 0;
    child.once('exit', () => (t1 = Date.now()));
    const code = await new Promise<number | null>((r) => child.once('close', r));
    clearInterval(timer);
    if (code !== 0) throw new Error(`--parallel ${parallel} run exited ${code}: ${stderr.trim().split('\n').at(-1)}`);
    const status = spawnSync(process.execPath, [CLI, 'status', '--project', p.dir, '--json'], { encoding: 'utf8' });
    const tasks = p.tasks();
    return {
      wallMs: t1 - t0,
      samples,
      t0,
      exec: JSON.parse(status.stdout) as OrchestrationExecution,
      calls: p.invocations().length,
      checked: (tasks.match(/^- \[x\]/gm) ?? []).length,
      open: (tasks.match(/^- \[ \]/gm) ?? []).length,
      leftovers: leftovers(p),
      warnings: [...new Set(stderr.split('\n').filter((l) => /warning/i.test(l) && !l.startsWith('(Use `node')))].map((l) => l.slice(0, 160)),
    };
  } finally {
    p.cleanup();
  }
}

const workRuns = (exec: OrchestrationExecution) => exec.agentRuns.filter((r) => (r.kind === 'implement' || r.kind === 'heal') && r.spawnedAt && r.endedAt);

/** The most agents alive at once, and the intervals when at least `n` were (spawn → exit as the engine saw it). */
function concurrency(runs: readonly AgentRun[], n: number): { max: number; atLeast: Interval[] } {
  const events = runs.flatMap((r) => [
    { at: Date.parse(r.spawnedAt!), d: 1 },
    { at: Date.parse(r.endedAt!), d: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.d - b.d);
  let alive = 0;
  let max = 0;
  let from: number | undefined;
  const atLeast: Interval[] = [];
  for (const e of events) {
    alive += e.d;
    max = Math.max(max, alive);
    if (alive >= n && from === undefined) from = e.at;
    if (alive < n && from !== undefined) {
      atLeast.push([from, e.at]);
      from = undefined;
    }
  }
  return { max, atLeast };
}

/** CPU ms and wall ms of the sample pairs that fall wholly inside the intervals. */
function cpuWithin(samples: readonly Sample[], intervals: readonly Interval[]): { cpuMs: number; wallMs: number } {
  let cpuMs = 0;
  let wallMs = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (intervals.some(([from, to]) => a.at >= from && b.at <= to)) {
      cpuMs += b.cpuMs - a.cpuMs;
      wallMs += b.at - a.at;
    }
  }
  return { cpuMs, wallMs };
}

/** Waves (batches) whose groups all ran at once. */
function parallelWaves(exec: OrchestrationExecution): number {
  const byBatch = new Map<number, AgentRun[]>();
  for (const r of workRuns(exec)) byBatch.set(r.batchIndex!, [...(byBatch.get(r.batchIndex!) ?? []), r]);
  return [...byBatch.values()].filter((runs) => concurrency(runs, AGENTS).max >= AGENTS).length;
}

function implementWall(exec: OrchestrationExecution): number {
  const runs = workRuns(exec);
  return Math.max(...runs.map((r) => Date.parse(r.endedAt!))) - Math.min(...runs.map((r) => Date.parse(r.spawnedAt!)));
}

/** Batch start → next batch start (the whole cycle: wave, merges, checks, commit, handoff), median of the phase. */
function batchCycle(exec: OrchestrationExecution): number {
  const starts = exec.batches.map((b) => Date.parse(b.startedAt!));
  return median(starts.slice(1).map((t, i) => t - starts[i]!));
}

function sanity(run: PhaseRun): string {
  const kinds = new Map<string, number>();
  for (const r of run.exec.agentRuns) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  const byKind = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  const warned = run.warnings.length ? `; stderr: ${run.warnings.join(' / ')}` : '';
  return `${run.calls} agent calls (${byKind}); tasks.md ${run.checked}/${run.checked + run.open} checked; run ${run.exec.status}; ${run.leftovers}${warned}`;
}

function orchestratorCpu(label: string, run: PhaseRun, agents: number): BenchRow[] {
  const { max, atLeast } = concurrency(workRuns(run.exec), agents);
  const during = cpuWithin(run.samples, atLeast);
  const last = run.samples.at(-1);
  const whole = last ? (last.cpuMs / (last.at - run.t0)) * 100 : NaN;
  return [
    {
      measure: `${label}: orchestrator CPU while ${agents} agent${agents > 1 ? 's run' : ' runs'}`,
      value: (during.cpuMs / during.wallMs) * 100,
      unit: '% of one core',
      note: `${(during.cpuMs / 1000).toFixed(2)} CPU s over ${(during.wallMs / 1000).toFixed(1)} s with ≥ ${agents} alive (most at once: ${max}); its own /proc utime+stime every ${SAMPLE_MS} ms, agents and git not counted`,
    },
    { measure: `${label}: orchestrator CPU over the whole run`, value: whole, unit: '% of one core', note: 'Node start and bundle load included' },
  ];
}

/** Per batch: its cycle, the slowest agent's scripted work in it, and what is left (agent start, git, merges, checks). */
function cycleRows(model: string, one: PhaseRun, four: PhaseRun, workMs: { one: number; four: number }): BenchRow[] {
  const c1 = batchCycle(one.exec);
  const c4 = batchCycle(four.exec);
  const a1 = c1 - workMs.one;
  const a4 = c4 - workMs.four;
  const rows: BenchRow[] = [
    { measure: `${model}: batch cycle, --parallel 1 (median)`, value: c1, unit: 'ms', note: `${a1.toFixed(0)} ms of it not the agent's scripted work` },
    {
      measure: `${model}: batch cycle, --parallel ${AGENTS} (median)`,
      value: c4,
      unit: 'ms',
      note: `${a4.toFixed(0)} ms of it not the slowest group's scripted work (worktrees, agents starting, commits, merges, checks)`,
    },
  ];
  // cycle(N) ≈ 6N + a1 sequential and 2N + a4 in waves: 0.5× needs 2N + a4 ≤ (6N + a1) / 2.
  if (workMs.one !== workMs.four)
    rows.push({ measure: `${model}: time per task at which a wave would take 0.5× (from these overheads)`, value: (a4 - a1 / 2) / 1000, unit: 's' });
  return rows;
}

async function compare(model: string, scenario: unknown, workMs: { one: number; four: number }): Promise<BenchRow[]> {
  const one = await runPhase(1, scenario);
  const four = await runPhase(AGENTS, scenario);
  const ratio = four.wallMs / one.wallMs;
  const stage = implementWall(four.exec) / implementWall(one.exec);
  const goal = workMs.one !== workMs.four;
  return [
    { measure: `${model}: --parallel 1 wall`, value: one.wallMs / 1000, unit: 's', note: sanity(one) },
    { measure: `${model}: --parallel ${AGENTS} wall`, value: four.wallMs / 1000, unit: 's', note: sanity(four) },
    {
      measure: `${model}: wall --parallel ${AGENTS} / --parallel 1`,
      value: ratio,
      unit: '×',
      ...(goal ? { goal: '≤ 0.5×', ok: ratio <= 0.5 } : {}),
    },
    { measure: `${model}: implement stage only (first agent spawned → last agent exit)`, value: stage, unit: '×' },
    ...cycleRows(model, one, four, workMs),
    {
      measure: `${model}: waves whose ${AGENTS} groups all ran at once`,
      value: parallelWaves(four.exec),
      unit: `of ${SECTIONS}`,
    },
    ...orchestratorCpu(`${model}, --parallel 1`, one, 1),
    ...orchestratorCpu(`${model}, --parallel ${AGENTS}`, four, AGENTS),
  ];
}

export async function benchParallel(): Promise<BenchRow[]> {
  const perTask = `${MS_PER_TASK} ms per task`;
  const perCall = `${MS_PER_CALL / 1000} s per call`;
  const biggestGroup = Math.ceil(PER_SECTION / AGENTS);
  const load = [loadavg()[0]!];
  const rows = [
    ...(await compare(perTask, { defaults: { delayMsPerTask: MS_PER_TASK }, rules: [] }, { one: PER_SECTION * MS_PER_TASK, four: biggestGroup * MS_PER_TASK })),
    ...(await compare(
      perCall,
      { rules: [{ match: { kind: 'implement' }, do: { runCommand: `sleep ${MS_PER_CALL / 1000}` } }] },
      { one: MS_PER_CALL, four: MS_PER_CALL },
    )),
  ];
  load.push(loadavg()[0]!);
  rows.push({
    measure: 'note',
    value: NaN,
    unit: '',
    note: `${SECTIONS} sections × ${PER_SECTION} [P] tasks; --parallel ${AGENTS} splits each wave into groups of 2, 2, 1, 1 tasks. With time per task a ${PER_SECTION}-task call takes ≈ ${(PER_SECTION * MS_PER_TASK) / 1000} s and the slowest group ≈ ${(biggestGroup * MS_PER_TASK) / 1000} s; with a fixed time per call the groups take as long as the whole batch did, so the wall time cannot drop (the ratio shows the cost of worktrees and merges). Load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${cpus().length} cores`,
  });
  return rows;
}
