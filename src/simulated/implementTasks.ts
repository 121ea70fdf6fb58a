// Works through the tasks of an implement (or healer) prompt: the files each task calls for, then its checkbox
// (one Edit per box, as an agent would), leaving every other task alone.
import * as fs from 'node:fs';
import type { AgentSession } from './agent';
import { faultFor, type SimulatedFault } from './faults';
import type { RequestedTask } from './request';
import { writeTaskFiles } from './taskFiles';
import { checkedLine, findTask, type TaskLine } from './tasksFile';

export interface ImplementOptions {
  delayMsPerTask: number;
  costPerTaskUsd: number;
  /** Check off only the first N tasks (the rest are left untouched and not mentioned as done). */
  limit?: number;
  /** Called after each task is finished (e.g. to crash or hang after N tasks). */
  afterTask?: (index: number, taskId: string) => Promise<void>;
  /** Called before a task starts. */
  beforeTask?: (index: number, taskId: string) => Promise<void>;
  /** Scripted faults to inject (implement calls only; see faults.ts). */
  faults?: readonly SimulatedFault[];
}

export interface ImplementReport {
  tasksFile: string | undefined;
  done: string[];
  alreadyDone: string[];
  missing: string[];
  failed: Array<{ id: string; reason: string }>;
  /** Tasks whose module was written with a scripted fault. */
  faulted: string[];
}

/** Old string for an Edit that is unique in the file: the line, widened with preceding lines if needed. */
function uniqueOldString(content: string, lineNo: number): string {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const text = lines.join('\n');
  for (let back = 0; back < lineNo; back++) {
    const candidate = lines.slice(lineNo - 1 - back, lineNo).join('\n');
    if (text.split(candidate).length - 1 === 1) return candidate;
  }
  return lines[lineNo - 1] ?? '';
}

/** Ticks the checkboxes on these lines, one Edit each (as an agent would). */
async function checkOff(session: AgentSession, tasksFile: string, lines: number[]): Promise<{ ok: boolean; content: string }> {
  let last: { ok: boolean; content: string } = { ok: true, content: '' };
  for (const n of lines) {
    const current = fs.readFileSync(session.resolve(tasksFile), 'utf8');
    const box = findTask(current, '', n);
    if (!box) return { ok: false, content: `no checkbox on line ${n}` };
    const oldString = uniqueOldString(current, box.line);
    const at = oldString.lastIndexOf(box.raw);
    const newString = oldString.slice(0, at) + checkedLine(box.raw) + oldString.slice(at + box.raw.length);
    last = await session.edit(tasksFile, oldString, newString);
    if (!last.ok) return last;
  }
  return last;
}

/** The task's checkboxes as the file stands: its steps for a heading task, else its own line. */
function boxesOf(session: AgentSession, tasksFile: string, task: RequestedTask): Array<TaskLine | undefined> {
  const current = fs.readFileSync(session.resolve(tasksFile), 'utf8');
  // A heading task is done when its steps are: the steps are the checkboxes to tick.
  return task.steps?.length ? task.steps.map((s) => findTask(current, '', s.line)) : [findTask(current, task.id, task.line)];
}

/** One task: files, then check-off; records the outcome in the report. */
async function doTask(session: AgentSession, tasksFile: string, task: RequestedTask, opts: ImplementOptions, report: ImplementReport): Promise<void> {
  const boxes = boxesOf(session, tasksFile, task);
  const line = boxes.every((b) => b) ? (boxes.find((b) => !b!.checked) ?? boxes[0]) : undefined;
  if (!line) {
    report.missing.push(task.id);
    session.say(`${task.id} is not in ${tasksFile}; skipping it.`);
    return;
  }
  if (line.checked) {
    report.alreadyDone.push(task.id);
    session.say(`${task.id} is already checked off in ${tasksFile}.`);
    return;
  }
  const fullTask = { id: task.id, text: task.text || line.text };
  const faulty = session.request.kind === 'implement' && faultFor(opts.faults, task.id, 'test') !== undefined;
  const wrote = await writeTaskFiles(session, fullTask, tasksFile, faulty);
  if (!wrote.ok) {
    report.failed.push({ id: task.id, reason: wrote.content });
    return;
  }
  if (faulty) report.faulted.push(task.id);
  const edited = await checkOff(
    session,
    tasksFile,
    boxes.filter((b) => b && !b.checked).map((b) => b!.line),
  );
  if (edited.ok) report.done.push(task.id);
  else report.failed.push({ id: task.id, reason: edited.content });
}

/** Work through the listed tasks: write what each needs and check it off in the tasks file. */
export async function implementTasks(session: AgentSession, tasks: RequestedTask[], opts: ImplementOptions): Promise<ImplementReport> {
  const tasksFile = session.request.tasksFile;
  const report: ImplementReport = { tasksFile, done: [], alreadyDone: [], missing: [], failed: [], faulted: [] };
  if (!tasksFile) {
    report.failed.push(...tasks.map((t) => ({ id: t.id, reason: 'no "Tasks file:" line in the prompt' })));
    return report;
  }
  const read = await session.read(tasksFile, `Reading ${tasksFile}.`);
  if (!read.ok) {
    report.failed.push(...tasks.map((t) => ({ id: t.id, reason: read.content })));
    return report;
  }
  const selected = opts.limit === undefined ? tasks : tasks.slice(0, Math.max(0, opts.limit));
  for (const [index, task] of selected.entries()) {
    await opts.beforeTask?.(index, task.id);
    session.spend(opts.costPerTaskUsd);
    await session.sleep(opts.delayMsPerTask);
    await doTask(session, tasksFile, task, opts, report);
    await opts.afterTask?.(index, task.id);
  }
  return report;
}

export function implementSummary(report: ImplementReport, requested: number): string {
  const parts: string[] = [];
  parts.push(
    report.done.length > 0 ? `Completed ${report.done.length} of ${requested} task(s): ${report.done.join(', ')}.` : `Completed 0 of ${requested} task(s).`,
  );
  if (report.alreadyDone.length) parts.push(`Already done: ${report.alreadyDone.join(', ')}.`);
  if (report.missing.length) parts.push(`Not found in ${report.tasksFile}: ${report.missing.join(', ')}.`);
  for (const f of report.failed) parts.push(`Could not complete ${f.id}: ${f.reason}`);
  if (report.faulted.length)
    parts.push(`Scripted fault (SPECFLOW_SIMULATED_FAULTS): the module of ${report.faulted.join(', ')} has a bug its own test catches.`);
  return parts.join('\n');
}
