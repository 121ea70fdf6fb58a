// One batch's section of the Markdown report: what it did, what it changed, what proved it, what went wrong.
import { formatDuration } from '../model/timeText';
import type { ReportBatch, ReportCheckpoint, ReportGate, ReportHeal, ReportWait } from '../model/report';
import type { RunStatus } from '../model/statuses';
import { code, md, table } from './markdownText';
import { clock, formatUsd, plural, runStopped } from './text';

const MAX_FILES = 50;
const FILE_STATUS = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed' } as const;

function when(b: ReportBatch): string {
  if (!b.startedAt) return 'not started';
  const span = `${clock(b.startedAt)}–${b.endedAt ? clock(b.endedAt) : 'now'} UTC`;
  return b.durationMs !== undefined ? `${span} (${formatDuration(b.durationMs)})` : span;
}

function commitLine(c: ReportCheckpoint | undefined, off: string): string {
  if (!c) return `none (${off})`;
  const sha = c.shortSha ? `${code(c.shortSha)} ` : '';
  const what = {
    committed: '(committed)',
    refs: '(private refs only, no commit)',
    unchanged: '(nothing changed)',
    recorded: `not committed; the tree before the batch is saved as ${code(c.beforeRef)}`,
    failed: '(the checkpoint failed',
  }[c.status];
  const error = c.error ? `: ${md(c.error)}` : '';
  const close = c.status === 'failed' ? ')' : '';
  const reverted = c.reverted ? ` · reverted ${clock(c.reverted.at)} UTC${c.reverted.commitSha ? ` by ${code(c.reverted.commitSha.slice(0, 7))}` : ''}` : '';
  return `${sha}${what}${error}${close}${reverted}`;
}

function gateLine(g: ReportGate): string {
  const runs = g.runs > 1 ? ` · ran ${g.runs} times` : '';
  // A passing gate's reason only repeats the badge; "no worse" and "worse" say something of their own.
  const reason = g.verdict === 'pass' ? '' : ` (${md(g.reason)})`;
  return `${g.badge}${reason} · ${code(g.command)} · ${g.exit} after ${formatDuration(g.durationMs)}${runs} · log ${code(g.logPath)}`;
}

function filesBlock(c: ReportCheckpoint): string[] {
  if (!c.files.length) return [];
  const { files, additions, deletions } = c.totals;
  const rows = c.files.slice(0, MAX_FILES).map((f) => {
    const name = f.status === 'R' && f.oldPath ? `${code(f.oldPath)} → ${code(f.path)}` : code(f.path);
    return [`${name} (${FILE_STATUS[f.status]})`, f.binary ? 'binary' : `+${f.additions}`, f.binary ? '' : `−${f.deletions}`];
  });
  const more = c.files.length > MAX_FILES ? ['', `… and ${c.files.length - MAX_FILES} more files`] : [];
  const skipped = c.skippedPaths.length ? ['', `Left out of the commit (changed by you before the run): ${c.skippedPaths.map(code).join(', ')}`] : [];
  return [
    '',
    `**Files changed** (${plural(files, 'file')}, +${additions} −${deletions})`,
    '',
    ...table(['File', '+', '−'], ['l', 'r', 'r'], rows),
    ...more,
    ...skipped,
  ];
}

function healResult(h: ReportHeal): string {
  if (h.healed) return 'healed the batch';
  if (h.outcome === 'success') return 'the healer succeeded, but the batch was still not confirmed';
  if (h.outcome === 'running') return 'the healer is working';
  if (h.outcome === 'not_started') return 'the healer did not start';
  return `the healer ended: ${h.outcome.replace(/_/g, ' ')}`;
}

function healLines(h: ReportHeal): string[] {
  const time = h.durationMs !== undefined ? ` · ${formatDuration(h.durationMs)}` : '';
  return [
    `- Attempt ${h.attempt}: ${healResult(h)} · ${formatUsd(h.costUsd)}${time}`,
    `  - Error: ${md(h.trigger)}`,
    ...(h.diagnosis ? [`  - Diagnosis: ${md(h.diagnosis)}`] : []),
    ...(h.healerSaid ? healerWords(h.healerSaid) : []),
  ];
}

const SAID_LINES = 8;

/** The healer's words: one line inline, several as a quote (they are often a list). */
function healerWords(said: string): string[] {
  const lines = said.split('\n').filter((l) => l.trim());
  if (lines.length <= 1) return [`  - Healer: ${md(said)}`];
  const more = lines.length > SAID_LINES ? ['    > …'] : [];
  return ['  - Healer:', ...lines.slice(0, SAID_LINES).map((l) => `    > ${md(l, 200)}`), ...more];
}

/** "22:33:10", with the date when it is not the day the wait began. */
function waitTime(iso: string, since: string): string {
  const time = iso.slice(11, 19);
  return iso.slice(0, 10) === since.slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

export function waitLine(w: ReportWait): string {
  const end = w.endedAt ? waitTime(w.endedAt, w.since) : w.until ? `${waitTime(w.until, w.since)} (expected)` : 'now';
  const length = w.durationMs !== undefined ? ` (${formatDuration(w.durationMs)})` : '';
  return `- ${w.since.slice(11, 19)}–${end} UTC${length} · ${w.reason.replace(/_/g, ' ')}${w.ongoing ? ', still waiting' : ''}: ${md(w.message)}`;
}

/** What the run as a whole says about checkpoints and the gate, for batches that have neither. */
export interface BatchContext {
  total: number;
  gateOn: boolean;
  /** Why a batch without a checkpoint has none. */
  noCheckpoint: string;
  /** How the run rests (paused, cancelled…); absent while it works. */
  resting: RunStatus | undefined;
}

/** The batch's status; one still marked running in a run that rests is said to have stopped. */
export function statusWord(b: ReportBatch, resting: RunStatus | undefined): string {
  return b.status === 'running' && resting ? `stopped (${runStopped(resting)})` : b.status;
}

export function batchSection(b: ReportBatch, ctx: BatchContext): string[] {
  const lines = [
    `### Batch ${b.index} of ${ctx.total}: ${md(b.name)}`,
    '',
    `- **Status:** ${statusWord(b, ctx.resting)} · ${when(b)} · ${formatUsd(b.costUsd)}`,
    ...(b.section ? [`- **Section:** ${md(b.section)}`] : []),
    ...(b.error ? [`- **Error:** ${md(b.error, 600)}`] : []),
    ...(b.note ? [`- **Note:** ${md(b.note)}`] : []),
    ...b.history.map((h) => `- **Earlier:** ${h.status}, resumed ${clock(h.at)} UTC${h.error ? `: ${md(h.error)}` : ''}`),
    `- **Commit:** ${commitLine(b.checkpoint, ctx.noCheckpoint)}`,
    `- **Gate:** ${b.gate ? gateLine(b.gate) : ctx.gateOn ? 'not run' : 'off'}`,
    '',
    ...table(
      ['Task', 'Title'],
      ['l', 'l'],
      b.tasks.map((t) => [code(t.id), md(t.title)]),
    ),
  ];
  if (b.lanes.length)
    lines.push(
      '',
      '**Lanes**',
      '',
      ...b.lanes.map((l) => `- ${md(l.name)}: ${l.status}${l.durationMs !== undefined ? ` (${formatDuration(l.durationMs)})` : ''}`),
    );
  if (b.checkpoint) lines.push(...filesBlock(b.checkpoint));
  if (b.heals.length) lines.push('', '**Heals**', '', ...b.heals.flatMap(healLines));
  if (b.decisions.length) lines.push('', '**Decisions and notes**', '', ...b.decisions.map((d) => `- ${clock(d.at)} UTC · ${d.kind}: ${md(d.text, 400)}`));
  if (b.waits.length) lines.push('', '**Waits**', '', ...b.waits.map(waitLine));
  return lines;
}
