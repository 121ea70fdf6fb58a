// The timeline's time axis: the span it covers, where a time falls, and tick marks at round times. Pure.
import type { Report } from '../model/report';

const SEC = 1000;
const MIN = 60_000;
/** Seconds for a short run (the demo takes seconds), then minutes to days. */
const STEPS = [...[5, 10, 15, 30].map((s) => s * SEC), ...[1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MIN)];
/** A run of a few seconds still fills the picture, but a blink is not stretched across it. */
const MIN_SPAN = 10 * SEC;
const MAX_TICKS = 8;

export interface Scale {
  t0: number;
  t1: number;
  x0: number;
  x1: number;
  x(iso: string | number): number;
}

/** Every time the picture shows, so no bar falls outside the axis. */
function timesOf(report: Report): number[] {
  const times = [report.summary.startedAt, report.summary.endedAt ?? report.generatedAt];
  for (const s of report.steps) times.push(...[s.startedAt, s.endedAt].filter((t): t is string => !!t));
  const waits = [...report.waits, ...report.batches.flatMap((b) => b.waits)];
  // A wait still going on ends, in the picture, at the report's time.
  for (const w of waits) times.push(w.since, w.endedAt ?? report.generatedAt);
  for (const b of report.batches) {
    times.push(...[b.startedAt, b.endedAt].filter((t): t is string => !!t));
    for (const h of b.heals) times.push(...[h.startedAt, h.endedAt].filter((t): t is string => !!t));
    for (const l of b.lanes) times.push(...[l.startedAt, l.endedAt].filter((t): t is string => !!t));
  }
  return times.map((t) => Date.parse(t));
}

export function makeScale(report: Report, x0: number, x1: number): Scale {
  const times = timesOf(report);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + MIN_SPAN);
  const x = (t: string | number) => {
    const ms = typeof t === 'number' ? t : Date.parse(t);
    return Math.round((x0 + ((ms - t0) / (t1 - t0)) * (x1 - x0)) * 10) / 10;
  };
  return { t0, t1, x0, x1, x };
}

/** Round times inside the span, at most MAX_TICKS of them, labelled in UTC. */
export function ticksOf(scale: Scale): { at: number; label: string }[] {
  const span = scale.t1 - scale.t0;
  const step = STEPS.find((s) => span / s <= MAX_TICKS) ?? Math.ceil(span / MAX_TICKS / (1440 * MIN)) * 1440 * MIN;
  const ticks: { at: number; label: string }[] = [];
  for (let t = Math.ceil(scale.t0 / step) * step; t <= scale.t1; t += step) {
    const iso = new Date(t).toISOString();
    const clock = step < MIN ? iso.slice(11, 19) : iso.slice(11, 16);
    ticks.push({ at: t, label: step >= 1440 * MIN ? iso.slice(5, 10) : span > 1440 * MIN ? `${iso.slice(5, 10)} ${clock}` : clock });
  }
  return ticks;
}
