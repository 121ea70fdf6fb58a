// `--ci`: what `start`, `resume` and `merge` print on a CI runner instead of the live line. One line per
// decision, each batch's lines folded into a GitHub Actions log group, and workflow commands for what a
// reviewer needs to see without reading the log: batch results, heals, waits, the run's outcome. Outside
// GitHub the commands are plain, readable lines. At the end the report goes into the job summary.
import { appendFileSync, statSync } from 'node:fs';
import { formatDuration } from '../core/model/timeText';
import type { EngineEvents, EngineEventMap } from '../core/engine/events';
import type { BatchItem, DecisionLogEntry, OrchestrationExecution } from '../core/model/execution';
import type { RunStatus } from '../core/model/statuses';
import { summaryLine } from '../core/notify/notification';

type Env = Record<string, string | undefined>;
type Annotation = 'notice' | 'warning' | 'error';
type BatchEvent = EngineEventMap['batch'];

/** GitHub's escaping of a command's message (actions/runner ActionCommand): %, CR, LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also escapes the separators of the property list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(command: string, message: string, props: Record<string, string> = {}): string {
  const list = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${command}${list ? ` ${list}` : ''}::${escapeData(message)}`;
}

/**
 * A log line holding text from elsewhere (an agent's words in a decision reason) must not become a workflow
 * command: one physical line (the runner only reads commands at the start of a line), and no legacy `##[`.
 */
function plainLine(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ⏎ ').replace(/##\[/g, '#\u200b#[');
}

const RESULT_KINDS: Partial<Record<BatchItem['status'], Annotation>> = { completed: 'notice', healed: 'warning', failed: 'error', cancelled: 'warning' };
const API_WAITS = new Set(['rate_limit', 'usage_limit', 'transient_error']);

export class CiReporter {
  private lastSeq = 0;
  private group: number | undefined;
  private batchEvents: BatchEvent[] = [];
  private decisions: DecisionLogEntry[] = [];
  private status: RunStatus | undefined;
  private waitKey: string | undefined;

  constructor(private readonly out: (line: string) => void) {}

  /** The engine publishes batch and decision events, then `run` with the whole state: render at `run`. */
  subscribe(events: EngineEvents): () => void {
    const off = [
      events.on('batch', (e) => void this.batchEvents.push(e)),
      events.on('decision', ({ entry }) => void this.decisions.push(entry)),
      events.on('run', ({ orchestration }) => this.flush(orchestration)),
    ];
    return () => off.forEach((f) => f());
  }

  /** After the drive: whatever no event carried, and no group left open. */
  finish(exec: OrchestrationExecution): void {
    this.decisions.push(...exec.decisionLog);
    this.flush(exec);
    this.closeGroup(exec, new Map());
  }

  private flush(orch: OrchestrationExecution): void {
    // A batch first seen finished (a resumed run's history) was announced by the process that saw it finish.
    const results = new Map<number, BatchItem>();
    for (const e of this.batchEvents)
      if (e.previous !== undefined && e.previous !== e.batch.status && RESULT_KINDS[e.batch.status]) results.set(e.batch.index, e.batch);
    this.batchEvents = [];
    for (const entry of this.decisions) {
      if (entry.seq <= this.lastSeq) continue;
      this.lastSeq = entry.seq;
      const batch = entry.to.batch ?? entry.from.batch;
      if (batch !== this.group) {
        this.closeGroup(orch, results);
        if (batch !== undefined) this.openGroup(orch, batch);
      }
      this.out(plainLine(`${entry.at.slice(11, 19)}  ${entry.reason}`));
    }
    this.decisions = [];
    for (const [index, b] of results) {
      if (this.group === index) this.closeGroup(orch, results);
      else this.announce(orch, b);
      results.delete(index);
    }
    this.onWait(orch);
    this.onStatus(orch);
  }

  private openGroup(orch: OrchestrationExecution, index: number): void {
    const name = orch.batches[index - 1]?.name;
    this.out(`::group::${escapeData(`Batch ${index} of ${orch.batches.length}${name ? `: ${name}` : ''}`)}`);
    this.group = index;
  }

  /** Ends the open group, then announces its batch's result if this save carried one. */
  private closeGroup(orch: OrchestrationExecution, results: Map<number, BatchItem>): void {
    if (this.group === undefined) return;
    const index = this.group;
    this.out('::endgroup::');
    this.group = undefined;
    const b = results.get(index);
    if (b) {
      this.announce(orch, b);
      results.delete(index);
    }
  }

  private announce(orch: OrchestrationExecution, b: BatchItem): void {
    const kind = RESULT_KINDS[b.status];
    if (!kind) return;
    const title = `Batch ${b.index} of ${orch.batches.length} ${b.status}`;
    const took = b.startedAt && b.completedAt ? ` in ${formatDuration(Date.parse(b.completedAt) - Date.parse(b.startedAt))}` : '';
    const what = `${b.name}: ${b.taskIds.length} task${b.taskIds.length === 1 ? '' : 's'}${took}, $${b.costUsd.toFixed(2)}`;
    const heals = b.healAttempts ? ` (after ${b.healAttempts} heal attempt${b.healAttempts === 1 ? '' : 's'})` : '';
    const message = b.status === 'failed' ? (b.error ?? orch.error?.message ?? 'see the decision log') : `${what}${heals}${b.note ? ` — ${b.note}` : ''}`;
    this.out(workflowCommand(kind, message, { title }));
  }

  /** API waits (rate limit, usage limit, overload) happen while the status stays running: one warning each. */
  private onWait(orch: OrchestrationExecution): void {
    const w = orch.wait;
    const key = w ? `${w.reason}|${w.since}` : undefined;
    if (key === this.waitKey) return;
    this.waitKey = key;
    if (!w || !API_WAITS.has(w.reason) || orch.status === 'paused') return;
    this.out(workflowCommand('warning', w.message, { title: w.reason === 'usage_limit' ? 'Usage limit' : 'Waiting for the API' }));
  }

  private onStatus(orch: OrchestrationExecution): void {
    if (orch.status === this.status) return;
    this.status = orch.status;
    const line = statusAnnotation(orch);
    if (!line) return;
    this.closeGroup(orch, new Map());
    this.out(line);
  }
}

function statusAnnotation(orch: OrchestrationExecution): string | undefined {
  const wait = orch.wait?.message;
  switch (orch.status) {
    case 'completed':
      return workflowCommand('notice', summaryLine('completed', orch), { title: 'SpecFlow: Complete' });
    case 'merge_ready':
      return workflowCommand('notice', summaryLine('merge_ready', orch), { title: 'SpecFlow: Merge Ready' });
    case 'failed':
      return workflowCommand('error', summaryLine('failed', orch), { title: 'SpecFlow: Failed' });
    case 'budget_exceeded':
      return workflowCommand('error', summaryLine('budget_exceeded', orch), { title: 'SpecFlow: Budget exceeded' });
    case 'cancelled':
      return workflowCommand('warning', 'The run was cancelled; it can be resumed.', { title: 'SpecFlow: Cancelled' });
    case 'waiting':
      if (orch.wait?.reason === 'user_gate') return workflowCommand('notice', wait ?? 'confirm the phase, then merge', { title: 'Waiting at the USER GATE' });
      return undefined;
    case 'paused':
      if (orch.wait?.reason === 'usage_limit') return workflowCommand('warning', wait ?? 'resume when the limit resets', { title: 'Paused at a usage limit' });
      return workflowCommand('notice', wait ?? 'Paused: resume with specflow-orchestrate resume', { title: 'SpecFlow: Paused' });
    default:
      return undefined;
  }
}

/** GitHub refuses a step summary over 1 MiB (and shows none of it): the report is cut to fit. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;
const CUT_NOTE = '\n\n_…cut to fit the 1 MiB job summary: the whole report is in the run artifacts (`.specflow/reports/`)._\n';

function fitBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Buffer.byteLength(text.slice(0, mid)) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo);
}

export interface JobSummaryResult {
  written: boolean;
  truncated: boolean;
  /** Why nothing was written (no GITHUB_STEP_SUMMARY, an unwritable file). */
  problem?: string;
}

/** Appends `markdown` to `$GITHUB_STEP_SUMMARY` when it is set (other steps may have written there first). Never throws. */
export function writeJobSummary(markdown: string, env: Env = process.env): JobSummaryResult {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return { written: false, truncated: false, problem: 'GITHUB_STEP_SUMMARY is not set' };
  try {
    let used = 0;
    try {
      used = statSync(file).size;
    } catch {
      /* not created yet */
    }
    let text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
    const room = STEP_SUMMARY_LIMIT - used - 1;
    const truncated = Buffer.byteLength(text) > room;
    if (truncated && room <= Buffer.byteLength(CUT_NOTE)) return { written: false, truncated: false, problem: 'the job summary is already full' };
    if (truncated) text = fitBytes(text, room - Buffer.byteLength(CUT_NOTE)) + CUT_NOTE;
    appendFileSync(file, (used ? '\n' : '') + text);
    return { written: true, truncated };
  } catch (e) {
    return { written: false, truncated: false, problem: `cannot write the job summary: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}
