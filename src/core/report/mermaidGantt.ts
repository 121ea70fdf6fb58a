// The timeline as a Mermaid gantt block, for GitHub and other Markdown viewers: one section per batch with the
// batch's bar, then its heals and waits as bars of their own. Times are UTC, written without a zone, so the
// chart shows the same clock times as the rest of the report wherever it is viewed.
import type { Report, ReportBatch, ReportWait } from '../model/report';

const DAY_MS = 24 * 3600_000;

/**
 * Mermaid's gantt lexer ends a name at `:`, `#` and `;` and reads keywords (title, section, click, gantt…) at
 * the start of a line; names are cleaned here and every task line starts with a fixed word.
 */
function clean(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/:/g, '∶')
    .replace(/#/g, '＃')
    .replace(/;/g, ',')
    .trim();
}

function time(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

interface Bar {
  label: string;
  tags: string[];
  id: string;
  from: string;
  to: string | undefined;
}

function barLine(b: Bar, endIso: string): string {
  const start = Date.parse(b.from);
  // A bar needs a length to be drawn: at least one second.
  const end = Math.max(Date.parse(b.to ?? endIso), start + 1000);
  return `    ${clean(b.label)} :${[...b.tags, b.id, time(start), time(end)].join(', ')}`;
}

const BATCH_TAGS: Record<ReportBatch['status'], string[]> = {
  completed: ['done'],
  healed: ['done'],
  failed: ['crit'],
  running: ['active'],
  cancelled: [],
  pending: [],
};

/** A wait still going on ends, in the chart, at the report's time; its expected end is in its label. */
function waitBar(w: ReportWait, id: string, now: string): Bar {
  const until = w.ongoing && w.until ? ` until ${w.until.slice(11, 16)} UTC` : '';
  return { label: `Wait · ${w.reason.replace(/_/g, ' ')}${w.ongoing ? `, still waiting${until}` : ''}`, tags: [], id, from: w.since, to: w.endedAt ?? now };
}

function batchBars(b: ReportBatch, now: string, resting: boolean): Bar[] {
  if (!b.startedAt) return [];
  const bars: Bar[] = [
    {
      label: `Batch ${b.index}${b.gate ? ` · gate ${b.gate.badge}` : ''}`,
      tags: b.status === 'running' && resting ? [] : BATCH_TAGS[b.status],
      id: `b${b.index}`,
      from: b.startedAt,
      to: b.endedAt,
    },
  ];
  b.lanes.forEach((l) => {
    if (l.startedAt) bars.push({ label: `Lane ${l.index} · ${l.name}`, tags: [], id: `b${b.index}l${l.index}`, from: l.startedAt, to: l.endedAt ?? b.endedAt });
  });
  b.heals.forEach((h, i) => {
    if (h.startedAt) bars.push({ label: `Heal ${h.attempt}`, tags: ['crit'], id: `b${b.index}h${i + 1}`, from: h.startedAt, to: h.endedAt ?? b.endedAt });
  });
  b.waits.forEach((w, i) => bars.push(waitBar(w, `b${b.index}w${i + 1}`, now)));
  return bars;
}

function stepBars(report: Report): Bar[] {
  return report.steps.flatMap((s) =>
    s.startedAt && s.status !== 'skipped'
      ? [
          {
            label: `Step ${s.name}${s.gate ? ` · gate ${s.gate.badge}` : ''}`,
            tags: s.status === 'completed' ? ['done'] : s.status === 'failed' ? ['crit'] : [],
            id: `s${s.name}`,
            from: s.startedAt,
            to: s.endedAt,
          },
        ]
      : [],
  );
}

/** The whole block, fences included; empty when nothing has run yet. */
export function renderMermaidGantt(report: Report): string {
  const endIso = report.summary.endedAt ?? report.generatedAt;
  const sections: [string, Bar[]][] = [
    ['Steps', stepBars(report)],
    ...report.batches.map((b): [string, Bar[]] => [`${b.index} · ${b.name}`, batchBars(b, report.generatedAt, report.summary.outcome !== 'in_progress')]),
    ['Waits', report.waits.map((w, i) => waitBar(w, `w${i + 1}`, report.generatedAt))],
  ];
  const shown = sections.filter(([, bars]) => bars.length > 0);
  if (!shown.length) return '';
  const span = Date.parse(endIso) - Date.parse(report.summary.startedAt);
  const lines = [
    '```mermaid',
    'gantt',
    `    title ${clean(`${report.projectName} · run ${report.id} (UTC)`)}`,
    '    dateFormat YYYY-MM-DD HH:mm:ss',
    `    axisFormat ${span > DAY_MS ? '%m-%d %H:%M' : '%H:%M'}`,
  ];
  for (const [name, bars] of shown) lines.push(`    section ${clean(name)}`, ...bars.map((b) => barLine(b, endIso)));
  lines.push('```');
  return lines.join('\n');
}
