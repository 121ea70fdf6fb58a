// The report as Markdown for the morning after: the summary and the next step first, then the timeline (the
// SVG and a Mermaid gantt for GitHub), each batch, the steps and what is left.
import { formatDuration } from '../model/timeText';
import type { LeftTask, Report, ReportBatch } from '../model/report';
import type { RunStatus } from '../model/statuses';
import { batchSection, statusWord, waitLine } from './markdownBatch';
import { code, md, table } from './markdownText';
import { renderMermaidGantt } from './mermaidGantt';
import { formatUsd, stamp } from './text';

export interface MarkdownOptions {
  /** The timeline picture, relative to the Markdown file (they sit side by side). */
  svgFileName: string;
}

function header(r: Report): string[] {
  const s = r.summary;
  const ended = s.endedAt ? ` · ${s.outcome === 'success' ? 'ended' : 'stopped'} ${stamp(s.endedAt)}` : ' · still running';
  const where = [`Project ${code(r.projectPath)}`, ...(r.featureDir ? [`feature ${code(r.featureDir)}`] : []), `run ${code(r.id)}`].join(' · ');
  return [
    `# SpecFlow report: ${md(r.projectName)}`,
    '',
    `**${md(s.line)}**`,
    '',
    where,
    '',
    `Started ${stamp(s.startedAt)}${ended} (${formatDuration(s.elapsedMs)} elapsed) · report written ${stamp(r.generatedAt)}`,
  ];
}

function nextBlock(r: Report): string[] {
  const lines = ['## Next step', '', md(r.next.text, 600)];
  if (r.next.command) lines.push('', '```sh', r.next.command, '```');
  if (r.error) {
    const message = r.next.text.includes(r.error.message) ? '' : `: ${md(r.error.message, 1000)}`;
    const logs = r.error.logPaths.length ? ` · logs: ${r.error.logPaths.map(code).join(', ')}` : '';
    lines.push('', `Error ${code(r.error.kind)}${message}${logs}`);
  }
  return lines;
}

function timelineBlock(r: Report, svgFileName: string): string[] {
  const gantt = renderMermaidGantt(r);
  return ['## Timeline', '', `![Timeline](${encodeURI(svgFileName)})`, ...(gantt ? ['', gantt] : [])];
}

function overviewRow(b: ReportBatch, resting: RunStatus | undefined): string[] {
  const files = b.checkpoint?.files.length ? `${b.checkpoint.totals.files} (+${b.checkpoint.totals.additions} −${b.checkpoint.totals.deletions})` : '';
  return [
    String(b.index),
    md(b.name, 80),
    statusWord(b, resting),
    String(b.tasks.length),
    b.durationMs !== undefined ? formatDuration(b.durationMs) : '',
    String(b.heals.length),
    b.gate?.badge ?? '',
    b.checkpoint?.shortSha ? code(b.checkpoint.shortSha) : '',
    files,
    formatUsd(b.costUsd),
  ];
}

function noCheckpoint(r: Report): string {
  if (!r.checkpoints) return 'no checkpoint';
  if (r.checkpoints.mode === 'off') return `checkpoints off${r.checkpoints.reason ? `: ${md(r.checkpoints.reason)}` : ''}`;
  return 'the batch did not start';
}

function batchesBlock(r: Report): string[] {
  if (!r.batches.length) return ['## Batches', '', 'No batch was planned.'];
  const setup = [
    r.checkpoints ? `Checkpoints: ${r.checkpoints.mode}${r.checkpoints.reason ? ` (${md(r.checkpoints.reason)})` : ''}` : '',
    r.gate ? `Gate: ${code(r.gate.command)} (${r.gate.source}${r.gate.baseline ? `; before the run: ${r.gate.baseline}` : ''})` : 'Gate: off',
  ].filter(Boolean);
  const head = ['#', 'Batch', 'Status', 'Tasks', 'Time', 'Heals', 'Gate', 'Commit', 'Files', 'Cost'];
  const align = ['r', 'l', 'l', 'r', 'r', 'r', 'l', 'l', 'l', 'r'] as const;
  const resting = r.summary.outcome === 'in_progress' ? undefined : r.summary.status;
  const lines = [
    '## Batches',
    '',
    setup.join(' · '),
    '',
    ...table(
      head,
      align,
      r.batches.map((b) => overviewRow(b, resting)),
    ),
  ];
  const ctx = { total: r.batches.length, gateOn: r.gate !== null, noCheckpoint: noCheckpoint(r), resting };
  for (const b of r.batches) lines.push('', ...batchSection(b, ctx));
  if (r.waits.length) lines.push('', '### Waits outside batches', '', ...r.waits.map(waitLine));
  return lines;
}

function stepsBlock(r: Report): string[] {
  const rows = r.steps.map((s) => [
    s.name,
    s.gate ? `${s.status} · gate ${s.gate.badge}` : s.status,
    s.durationMs !== undefined ? formatDuration(s.durationMs) : '',
    formatUsd(s.costUsd),
    md(s.verified === false ? `not confirmed: ${s.confirmedBy ?? ''}` : (s.confirmedBy ?? s.error ?? s.note ?? ''), 200),
  ]);
  return ['## Steps', '', ...table(['Step', 'Status', 'Time', 'Cost', 'Confirmed by / note'], ['l', 'l', 'r', 'r', 'l'], rows)];
}

function leftList(title: string, tasks: readonly LeftTask[]): string[] {
  if (!tasks.length) return [];
  const items = tasks.map((t) => `- ${code(t.id)} ${md(t.title, 160)}${t.reason ? ` — ${md(t.reason, 300)}` : ''} (line ${t.line})`);
  return ['', `**${title} (${tasks.length})**`, '', ...items];
}

function leftBlock(r: Report): string[] {
  const { open, blocked, deferred } = r.left;
  if (!open.length && !blocked.length && !deferred.length) return ['## What is left', '', 'Nothing: every task in tasks.md is checked.'];
  return ['## What is left', ...leftList('Open', open), ...leftList('Blocked', blocked), ...leftList('Deferred', deferred)];
}

export function renderMarkdown(report: Report, opts: MarkdownOptions): string {
  const blocks = [header(report), nextBlock(report), timelineBlock(report, opts.svgFileName), batchesBlock(report), stepsBlock(report), leftBlock(report)];
  if (report.warnings.length) blocks.push(['## Warnings', '', ...report.warnings.map((w) => `- ${md(w, 500)}`)]);
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
}
