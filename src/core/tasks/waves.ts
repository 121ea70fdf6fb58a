// How one batch runs: sequential steps, and waves of `[P]` tasks split into groups that run in parallel, each
// group by its own agent in its own worktree. Pure.
//
// - Consecutive `[P]` tasks form a wave; other tasks stay sequential, and consecutive sequential tasks share one
//   serial step. A batch never spans sections, so neither does a wave.
// - A task is never in a wave when it is `[serial]` (itself or under a tagged heading, see the parser) or when its
//   text matches a `serialPatterns` entry; a batch whose section heading matches one runs wholly serial. An entry
//   written `/…/flags` is a regular expression (`/^migrate/i`); any other entry is a case-insensitive substring.
// - A parent and its sub-tasks (Kiro `2`, `2.1`, `2.2`; siblings too when the parent is not in the batch) are one
//   unit: in a wave only when every one of them may be, and then always in the same group.
// - Tasks whose text, steps or detail lines name the same file (taskPaths.ts) are in the same group.
// - A wave is split into at most `parallelAgents` groups, largest bundle first into the least-loaded group, so no
//   group holds more than floor((n − b) / k) + b of the wave's n tasks, b being the largest bundle of tasks that
//   must stay together and k the number of groups: ceil(n / k) when every task stands alone. Tasks keep file
//   order inside a group; groups are ordered by their first task (the merge order).
// - A wave that comes out as one group is a serial step. `parallelAgents: 1` is one serial step with every task, in
//   order: exactly today's batch.
import type { BatchTask } from './planBatches';
import { pathsOverlap, taskPaths } from './taskPaths';

export type WaveStep = { kind: 'serial'; tasks: BatchTask[] } | { kind: 'wave'; groups: BatchTask[][] };

export interface WaveOptions {
  /** 1…8 (the setting); 1 runs the batch as one serial step. */
  parallelAgents: number;
  serialPatterns: readonly string[];
  /** The batch's section heading, matched against `serialPatterns` too. */
  section?: string;
}

const REGEX_ENTRY = /^\/(.+)\/([a-z]*)$/s;

/** A test for the `serialPatterns` setting; throws a message naming the entry when one is not a valid regex. */
export function serialMatcher(patterns: readonly string[]): (text: string) => boolean {
  const tests = patterns.map((p): ((text: string) => boolean) => {
    const m = REGEX_ENTRY.exec(p);
    if (!m) {
      const needle = p.toLowerCase();
      return (text) => text.toLowerCase().includes(needle);
    }
    let re: RegExp;
    try {
      re = new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
    } catch (e) {
      throw new SyntaxError(`serial pattern ${p} is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return (text) => re.test(text);
  });
  return (text) => tests.some((t) => t(text));
}

/** Union-find over 0…n−1. */
class Bundles {
  private readonly up: number[];
  constructor(n: number) {
    this.up = Array.from({ length: n }, (_, i) => i);
  }
  root(i: number): number {
    let r = i;
    while (this.up[r] !== r) r = this.up[r]!;
    for (let j = i; this.up[j] !== r;) {
      const next = this.up[j]!;
      this.up[j] = r;
      j = next;
    }
    return r;
  }
  join(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.up[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Per task, the first task of its unit (a parent with its sub-tasks, linked through `parent` keys). */
function unitsOf(tasks: readonly BatchTask[]): number[] {
  const index = new Map<string, number>();
  tasks.forEach((t, i) => index.set(t.key, i));
  // Parents outside the batch get a node of their own after the tasks, so their sub-tasks still join.
  const outside = new Map<string, number>();
  const node = (key: string) => index.get(key) ?? outside.get(key) ?? outside.set(key, tasks.length + outside.size).get(key)!;
  const links = tasks.map((t, i) => [i, t.parent === undefined ? i : node(t.parent)] as const);
  const units = new Bundles(tasks.length + outside.size);
  for (const [a, b] of links) units.join(a, b);
  return tasks.map((_, i) => units.root(i));
}

/** The wave's tasks (batch positions, in order) bundled by unit and shared paths: each bundle in file order. */
function bundlesOf(wave: readonly number[], tasks: readonly BatchTask[], unit: readonly number[]): number[][] {
  const b = new Bundles(wave.length);
  const byUnit = new Map<number, number>();
  const byPath = new Map<string, number>();
  wave.forEach((t, i) => {
    const u = byUnit.get(unit[t]!);
    if (u === undefined) byUnit.set(unit[t]!, i);
    else b.join(u, i);
    for (const p of taskPaths(tasks[t]!)) {
      const seen = byPath.get(p);
      if (seen === undefined) byPath.set(p, i);
      else b.join(seen, i);
    }
  });
  const dirs = [...byPath.keys()].filter((p) => p.endsWith('/'));
  for (const d of dirs) for (const [p, i] of byPath) if (p !== d && pathsOverlap(d, p)) b.join(byPath.get(d)!, i);
  const out = new Map<number, number[]>();
  wave.forEach((t, i) => {
    const r = b.root(i);
    const bundle = out.get(r);
    if (bundle) bundle.push(t);
    else out.set(r, [t]);
  });
  return [...out.values()];
}

/** Largest bundle first into the least-loaded group (ties: the earlier one); each group back in file order. */
function pack(bundles: readonly number[][], k: number): number[][] {
  const groups: number[][] = Array.from({ length: k }, () => []);
  const bySize = bundles.map((b, i) => ({ b, i })).sort((x, y) => y.b.length - x.b.length || x.i - y.i);
  for (const { b } of bySize) {
    let least = 0;
    for (let g = 1; g < k; g++) if (groups[g]!.length < groups[least]!.length) least = g;
    groups[least]!.push(...b);
  }
  for (const g of groups) g.sort((x, y) => x - y);
  return groups.sort((x, y) => x[0]! - y[0]!);
}

function pushSerial(steps: WaveStep[], tasks: readonly BatchTask[]): void {
  const last = steps[steps.length - 1];
  if (last?.kind === 'serial') last.tasks.push(...tasks);
  else steps.push({ kind: 'serial', tasks: [...tasks] });
}

/** The batch's tasks (in file order) as serial steps and waves; see the rules above. Empty in, empty out. */
export function planWaves(tasks: readonly BatchTask[], opts: WaveOptions): WaveStep[] {
  const { parallelAgents } = opts;
  if (!Number.isInteger(parallelAgents) || parallelAgents < 1) {
    throw new RangeError(`parallel agents must be a whole number of at least 1 (got ${parallelAgents})`);
  }
  if (tasks.length === 0) return [];
  const serialText = serialMatcher(opts.serialPatterns);
  if (parallelAgents === 1 || (opts.section !== undefined && serialText(opts.section))) return [{ kind: 'serial', tasks: [...tasks] }];

  const unit = unitsOf(tasks);
  const blocked = new Set<number>();
  tasks.forEach((t, i) => {
    if (!t.parallel || t.serial || serialText(t.text)) blocked.add(unit[i]!);
  });
  const steps: WaveStep[] = [];
  let wave: number[] = [];
  const flush = () => {
    if (wave.length === 0) return;
    const bundles = bundlesOf(wave, tasks, unit);
    if (bundles.length === 1)
      pushSerial(
        steps,
        wave.map((i) => tasks[i]!),
      );
    else steps.push({ kind: 'wave', groups: pack(bundles, Math.min(parallelAgents, bundles.length)).map((g) => g.map((i) => tasks[i]!)) });
    wave = [];
  };
  tasks.forEach((t, i) => {
    if (!blocked.has(unit[i]!)) {
      wave.push(i);
      return;
    }
    flush();
    pushSerial(steps, [t]);
  });
  flush();
  return steps;
}

/**
 * One line for the batch preview: `T001 → wave 1: 3 groups (T002, T003 | T004 | T005, T006) → T007`; '' when
 * nothing in the batch runs in parallel.
 */
export function describeWaves(steps: readonly WaveStep[]): string {
  if (!steps.some((s) => s.kind === 'wave')) return '';
  let n = 0;
  const parts = steps.map((s) => {
    if (s.kind === 'serial') return s.tasks.map((t) => t.key).join(', ');
    const groups = s.groups.map((g) => g.map((t) => t.key).join(', ')).join(' | ');
    return `wave ${++n}: ${s.groups.length} groups (${groups})`;
  });
  return parts.join(' → ');
}
