// The report's timeline as a standalone SVG: a row per batch (its bar, heal segments, hatched waits and the
// gate's mark), sub-rows for parallel lanes, rows for the steps that ran and for waits outside any batch, a
// time axis in UTC and a legend. Readable on light and dark backgrounds (see svgParts.ts).
import type { Report, ReportBatch, ReportStep, ReportWait } from '../model/report';
import { COLORS, esc, FONT, gateMark, hatchPattern, legend, rect, style, text, type Shown } from './svgParts';
import { makeScale, ticksOf, type Scale } from './svgScale';
import { formatDuration } from '../model/timeText';

const WIDTH = 960;
const PAD = 16;
const LABEL_W = 210;
const RIGHT_W = 140;
const HEADER_H = 52;
const ROW_H = 30;
const LANE_H = 20;
const AXIS_H = 26;
const LEGEND_H = 30;
const LABEL_CHARS = 28;
const ROOT = 'sf-timeline';

interface Ctx {
  s: Scale;
  /** Where bars of unfinished work end: the run's end, or the report's time while it works. */
  end: string;
  /** The report's time. */
  now: string;
  /** The id of the wait hatch pattern. */
  hatch: string;
  /** The run rests (not running or healing now). */
  resting: boolean;
}

/** A batch that stopped before it was done, without failing: cancelled, or still marked running in a run that rests. */
function stoppedShort(b: ReportBatch, resting: boolean): boolean {
  return b.status === 'cancelled' || b.status === 'pending' || (b.status === 'running' && resting);
}

interface RightText {
  text: string;
  color?: string;
}

interface Row {
  height: number;
  /** Attributes of the row's group (class, data-*). */
  attrs: string;
  label: string;
  title: string;
  right?: RightText | undefined;
  /** Draws the row's marks between y and y + height. */
  draw(y: number, h: number): string[];
}

function clipLabel(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

/** Waits, hatched. One still going on is drawn up to `now` (the report's time); its expected end is said in words. */
function waitRects(s: Scale, waits: readonly ReportWait[], now: string, y: number, h: number, hatch: string): string[] {
  return waits.map((w) => {
    const to = w.endedAt ?? now;
    const tip = `${w.reason.replace(/_/g, ' ')}: ${w.message}`;
    return `<g data-kind="wait"><title>${esc(tip)}</title>${rect(s.x(w.since), y, s.x(to) - s.x(w.since), h, `fill="url(#${hatch})" stroke="${COLORS.hatchLine}" stroke-width="0.5"`)}</g>`;
  });
}

/** The expected end of a wait still going on ("until 07:00 UTC"), if any. */
function untilText(waits: readonly ReportWait[]): RightText | undefined {
  const until = waits.find((w) => w.ongoing && w.until)?.until;
  return until ? { text: `until ${until.slice(11, 16)} UTC` } : undefined;
}

function rightText(b: ReportBatch): RightText {
  if (b.gate) return { text: b.gate.badge, color: b.gate.verdict === 'worse' ? COLORS.barFailed : COLORS.pass };
  return untilText(b.waits) ?? { text: b.startedAt ? b.status : 'not started' };
}

function batchRow(b: ReportBatch, { s, end, now, hatch, resting }: Ctx): Row {
  const label = `${b.index} · ${b.name}`;
  return {
    height: ROW_H,
    attrs: `class="row row-batch" data-kind="batch" data-batch="${b.index}" data-status="${b.status}"`,
    label,
    title: `Batch ${label} (${b.status}${b.durationMs !== undefined ? `, ${formatDuration(b.durationMs)}` : ''})`,
    right: rightText(b),
    draw(y, h) {
      if (!b.startedAt) return [rect(s.x0, y + h / 2 - 1, s.x1 - s.x0, 2, `class="grid" fill="none" stroke="${COLORS.grid}" stroke-dasharray="4 4"`)];
      const to = b.endedAt ?? end;
      const fill = b.status === 'failed' ? COLORS.barFailed : stoppedShort(b, resting) ? COLORS.barIdle : COLORS.bar;
      const out = [rect(s.x(b.startedAt), y + 6, s.x(to) - s.x(b.startedAt), h - 12, `data-kind="bar" rx="3" fill="${fill}"`)];
      for (const heal of b.heals) {
        if (!heal.startedAt) continue;
        const hEnd = heal.endedAt ?? to;
        const tip = `Heal ${heal.attempt}: ${heal.trigger}`;
        out.push(
          `<g data-kind="heal"><title>${esc(tip)}</title>${rect(s.x(heal.startedAt), y + 6, s.x(hEnd) - s.x(heal.startedAt), h - 12, `fill="${COLORS.heal}"`)}</g>`,
        );
      }
      out.push(...waitRects(s, b.waits, now, y + 6, h - 12, hatch));
      if (b.gate) out.push(gateMark(s.x(to), y + h / 2, b.gate.verdict !== 'worse', b.gate.badge));
      return out;
    },
  };
}

function laneRows(b: ReportBatch, { s, end }: Ctx): Row[] {
  return b.lanes.map((l) => ({
    height: LANE_H,
    attrs: `class="row row-lane" data-kind="lane" data-batch="${b.index}" data-lane="${l.index}"`,
    label: `   ↳ ${l.name}`,
    title: `Batch ${b.index}, lane ${l.index}: ${l.name} (${l.status})`,
    right: { text: l.status },
    draw(y, h) {
      if (!l.startedAt) return [];
      const to = l.endedAt ?? b.endedAt ?? end;
      const fill = l.status === 'failed' ? COLORS.barFailed : COLORS.bar;
      return [rect(s.x(l.startedAt), y + 5, s.x(to) - s.x(l.startedAt), h - 10, `data-kind="lane-bar" rx="2" fill="${fill}" fill-opacity="0.75"`)];
    },
  }));
}

function stepRow(st: ReportStep, { s, end }: Ctx): Row {
  return {
    height: LANE_H + 4,
    attrs: `class="row row-step" data-kind="step" data-step="${st.name}"`,
    label: st.name[0]?.toUpperCase() + st.name.slice(1),
    title: `${st.name} (${st.status})`,
    right: st.gate ? { text: st.gate.badge, color: st.gate.verdict === 'worse' ? COLORS.barFailed : COLORS.pass } : { text: st.status },
    draw(y, h) {
      const from = st.startedAt ?? end;
      const fill = st.status === 'failed' ? COLORS.barFailed : COLORS.step;
      const to = st.endedAt ?? end;
      const bar = rect(s.x(from), y + 6, s.x(to) - s.x(from), h - 12, `data-kind="step-bar" rx="2" fill="${fill}"`);
      return st.gate ? [bar, gateMark(s.x(to), y + h / 2, st.gate.verdict !== 'worse', st.gate.badge)] : [bar];
    },
  };
}

function rowsOf(report: Report, ctx: Ctx): Row[] {
  const ran = (st: ReportStep) => st.startedAt !== undefined && st.status !== 'skipped';
  const before = report.steps.filter((st) => ran(st) && (st.name === 'design' || st.name === 'analyze'));
  const after = report.steps.filter((st) => ran(st) && (st.name === 'verify' || st.name === 'merge'));
  const rows: Row[] = before.map((st) => stepRow(st, ctx));
  for (const b of report.batches) rows.push(batchRow(b, ctx), ...laneRows(b, ctx));
  rows.push(...after.map((st) => stepRow(st, ctx)));
  if (report.waits.length) {
    rows.push({
      height: ROW_H,
      attrs: 'class="row row-waits" data-kind="waits"',
      label: 'Waits outside batches',
      title: 'Waits outside batches',
      right: untilText(report.waits),
      draw: (y, h) => waitRects(ctx.s, report.waits, ctx.now, y + 6, h - 12, ctx.hatch),
    });
  }
  return rows;
}

function rightCell(r: RightText, y: number): string {
  // An inline style, so the stylesheet's text colour does not override the gate's green or red.
  return text(WIDTH - PAD - RIGHT_W + 14, y, r.text, r.color ? `style="fill:${r.color}"` : 'class="muted"');
}

function shownIn(report: Report, rows: readonly Row[]): Shown {
  const batches = report.batches;
  return {
    steps: rows.some((r) => r.attrs.includes('data-kind="step"')),
    failed: batches.some((b) => b.status === 'failed' || b.lanes.some((l) => l.status === 'failed')),
    stopped: batches.some((b) => b.startedAt && stoppedShort(b, report.summary.outcome !== 'in_progress')),
    heals: batches.some((b) => b.heals.some((h) => h.startedAt)),
    waits: report.waits.length > 0 || batches.some((b) => b.waits.length > 0),
    gate: batches.some((b) => b.gate) || report.steps.some((st) => st.gate),
  };
}

function axis(s: Scale, top: number, bottom: number): string {
  const parts = ticksOf(s).map((t) => {
    const x = s.x(t.at);
    return `<line class="grid" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="${COLORS.grid}"/>${text(x, bottom + 16, t.label, 'class="muted" text-anchor="middle"')}`;
  });
  return `<g class="axis" data-kind="axis">${parts.join('')}</g>`;
}

export function renderTimelineSvg(report: Report): string {
  const end = report.summary.endedAt ?? report.generatedAt;
  const s = makeScale(report, PAD + LABEL_W, WIDTH - PAD - RIGHT_W);
  const hatch = `sf-hatch-${report.id}`;
  const rows = rowsOf(report, { s, end, now: report.generatedAt, hatch, resting: report.summary.outcome !== 'in_progress' });
  const rowsH = rows.reduce((n, r) => n + r.height, 0);
  const height = HEADER_H + rowsH + AXIS_H + LEGEND_H + PAD;
  let y = HEADER_H;
  const body = rows.map((r) => {
    const top = y;
    y += r.height;
    return [
      `<g ${r.attrs}>`,
      `<title>${esc(r.title)}</title>`,
      text(PAD, top + r.height / 2 + 4, clipLabel(r.label)),
      ...r.draw(top, r.height),
      r.right ? rightCell(r.right, top + r.height / 2 + 4) : '',
      '</g>',
    ].join('');
  });
  const heading = `${report.projectName} · ${report.summary.statusLabel}`;
  const sub = `Run ${report.id} · ${report.summary.startedAt.slice(0, 10)} · times in UTC`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" class="${ROOT}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" font-family="${esc(FONT)}" font-size="12">`,
    `<title>${esc(`Timeline of run ${report.id}: ${report.summary.line}`)}</title>`,
    style(ROOT),
    `<defs>${hatchPattern(hatch)}</defs>`,
    `<rect class="bg" x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" rx="6" fill="${COLORS.bg}" stroke="${COLORS.border}"/>`,
    text(PAD, 24, heading, 'font-size="15" font-weight="600"'),
    text(PAD, 42, sub, 'class="muted"'),
    axis(s, HEADER_H, HEADER_H + rowsH),
    ...body,
    legend(PAD, height - PAD - 6, hatch, shownIn(report, rows)),
    '</svg>',
    '',
  ].join('\n');
}
