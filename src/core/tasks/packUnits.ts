// Cutting a run of task units into batches. A unit is a task with the numbered sub-tasks batched with it; a unit
// is never cut. Pure.

/** Units of consecutive tasks: `sizes[u]` tasks each, `subs[u]` the subsection the unit starts in. */
export interface UnitRun {
  sizes: readonly number[];
  subs: readonly (string | undefined)[];
}

/** A part: units `[start, end)`. */
export type UnitRange = readonly [start: number, end: number];

function sizeOf(sizes: readonly number[], start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n += sizes[i]!;
  return n;
}

/**
 * Consecutive packing: a part takes units until the next would take it past `limit`. With units of one task this
 * is plain chunking (the fallback's fixed batches, FR-012). A unit bigger than `limit` is a part of its own.
 */
export function packGreedy(sizes: readonly number[], start: number, end: number, limit: number): UnitRange[] {
  const parts: UnitRange[] = [];
  let from = start;
  let size = 0;
  for (let i = start; i < end; i++) {
    const s = sizes[i]!;
    if (size > 0 && size + s > limit) {
      parts.push([from, i]);
      from = i;
      size = 0;
    }
    size += s;
  }
  if (end > from) parts.push([from, end]);
  return parts;
}

/**
 * As few parts as the cap allows, as even as whole units allow: 45 tasks at cap 20 → 15 + 15 + 15, 7 at cap 3 →
 * 3 + 2 + 2. A part closes once it reaches its share of the tasks, or before a unit that would take it past the cap.
 */
function packEvenly(sizes: readonly number[], start: number, end: number, cap: number): UnitRange[] {
  const total = sizeOf(sizes, start, end);
  const k = Math.ceil(total / cap);
  const parts: UnitRange[] = [];
  let from = start;
  let size = 0;
  let done = 0;
  let share = 1;
  for (let i = start; i < end; i++) {
    const s = sizes[i]!;
    if (size > 0 && size + s > cap) {
      parts.push([from, i]);
      from = i;
      size = 0;
    }
    size += s;
    done += s;
    if (done * k >= total * share) {
      parts.push([from, i + 1]);
      from = i + 1;
      size = 0;
      while (done * k >= total * share) share++;
    }
  }
  if (end > from) parts.push([from, end]);
  return parts;
}

/** Runs of units that start in the same subsection: `[start, end, tasks]`. */
function subsectionRuns(run: UnitRun): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < run.sizes.length; i++) {
    const last = out[out.length - 1];
    if (last && run.subs[i] === run.subs[last[0]]) {
      last[1] = i + 1;
      last[2] += run.sizes[i]!;
    } else out.push([i, i + 1, run.sizes[i]!]);
  }
  return out;
}

/**
 * A section with more than `cap` tasks is split at its subsections where it can: whole subsections are packed
 * greedily into parts of at most `cap`, and a subsection bigger than `cap` is cut evenly. A section without
 * subsections is cut evenly.
 */
export function splitSection(run: UnitRun, cap: number): UnitRange[] {
  const n = run.sizes.length;
  if (sizeOf(run.sizes, 0, n) <= cap) return [[0, n]];
  const groups = subsectionRuns(run);
  if (groups.length <= 1) return packEvenly(run.sizes, 0, n, cap);
  const parts: UnitRange[] = [];
  let open: [number, number, number] | undefined;
  for (const [start, end, size] of groups) {
    if (size > cap) {
      if (open) parts.push([open[0], open[1]]);
      open = undefined;
      parts.push(...packEvenly(run.sizes, start, end, cap));
    } else if (open && open[2] + size <= cap) {
      open[1] = end;
      open[2] += size;
    } else {
      if (open) parts.push([open[0], open[1]]);
      open = [start, end, size];
    }
  }
  if (open) parts.push([open[0], open[1]]);
  return parts;
}
