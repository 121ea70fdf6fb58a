// The simulated agent: real file work, no AI. It understands SpecFlow's step prompts (design, analyze,
// implement batches, verify, merge, healer runs and decision calls) and does the obvious mechanical thing,
// through the same tools and output lines a real model run would produce. The workers are exported so the
// test fake (test/fixtures/fakeClaude) can reuse them with scripted twists.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentOutcome, AgentSession } from './agent';
import type { Behaviour } from './behaviour';
import { CLAUDE_CODE_VERSION } from './constants';
import type { RequestedTask } from './request';
import { minimalValue } from './schemaAnswer';
import { simulateAnalyze, simulateDesign, simulateMerge, simulateVerify } from './simulatedSteps';
import { checkedLine, findTask } from './tasksFile';

export const SIMULATED_MODEL = 'simulated';
export const SIMULATED_VERSION_LABEL = `${CLAUDE_CODE_VERSION} (simulated, no AI)`;
export const SIMULATED_PREFIX = 'SpecFlow simulated agent (no AI)';

export interface SimulatedOptions {
  /** Pause before each task (default 250 ms; env SPECFLOW_SIMULATED_DELAY_MS). */
  delayMsPerTask: number;
  /** Cost of one task (default $0.01). */
  costPerTaskUsd: number;
  /** Cost of a call that is not an implement batch (default $0.01). */
  costPerCallUsd: number;
}

export const DEFAULT_SIMULATED_OPTIONS: SimulatedOptions = { delayMsPerTask: 250, costPerTaskUsd: 0.01, costPerCallUsd: 0.01 };

export function simulatedOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatedOptions {
  const delay = Number(env.SPECFLOW_SIMULATED_DELAY_MS);
  return {
    ...DEFAULT_SIMULATED_OPTIONS,
    delayMsPerTask: env.SPECFLOW_SIMULATED_DELAY_MS !== undefined && Number.isFinite(delay) && delay >= 0 ? delay : 250,
  };
}

const CODE_EXT = /\.(ts|tsx|js|jsx|mjs|cjs|json|md|py|go|rs|java|kt|rb|css|scss|html|ya?ml|toml|sh|sql|txt|vue|svelte|c|h|cpp|hpp|cs|php|swift)$/i;
const FORBIDDEN_TOP = new Set(['.git', 'node_modules', '.claude']);

/** A relative file path mentioned in a task's text, if it is safe to create (inside cwd, not .git etc.). */
export function mentionedFile(session: AgentSession, text: string): string | undefined {
  const re = /(?:^|[\s`'"(])((?:\.\/)?[A-Za-z0-9_@][\w@.-]*(?:\/[\w@.-]+)*\.[A-Za-z0-9]+)(?=$|[\s`'",;:)])/g;
  for (const m of text.matchAll(re)) {
    const candidate = m[1]!.replace(/\.$/, '').replace(/^\.\//, '');
    if (!candidate.includes('/') && !CODE_EXT.test(candidate)) continue;
    if (!/\.[A-Za-z0-9]+$/.test(candidate)) continue;
    const parts = candidate.split('/');
    if (parts.includes('..') || FORBIDDEN_TOP.has(parts[0]!)) continue;
    if (!session.isInsideCwd(session.resolve(candidate))) continue;
    return candidate;
  }
  return undefined;
}

function fileBody(rel: string, task: RequestedTask): string {
  const line = `Simulated by SpecFlow (no AI) for ${task.id}: ${task.text}`.trim();
  const ext = path.extname(rel).toLowerCase();
  if (
    ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.go', '.rs', '.java', '.kt', '.c', '.h', '.cpp', '.hpp', '.cs', '.swift', '.php', '.scss', '.css'].includes(
      ext,
    )
  ) {
    const comment = ext === '.css' || ext === '.scss' ? `/* ${line} */` : `// ${line}`;
    const tail = ['.ts', '.tsx', '.js', '.jsx', '.mjs'].includes(ext) ? '\nexport {};\n' : '\n';
    return ext === '.php' ? `<?php\n${comment}\n` : `${comment}\n${tail}`;
  }
  if (['.py', '.rb', '.sh', '.yml', '.yaml', '.toml'].includes(ext)) return `# ${line}\n`;
  if (ext === '.json') return `${JSON.stringify({ simulated: true, task: task.id, description: task.text }, null, 2)}\n`;
  if (ext === '.html' || ext === '.vue' || ext === '.svelte') return `<!-- ${line} -->\n`;
  if (ext === '.sql') return `-- ${line}\n`;
  if (ext === '.md') return `# ${task.id}\n\n${line}\n`;
  return `${line}\n`;
}

function noteBody(task: RequestedTask, tasksFile: string, target?: string): string {
  return [
    `# ${task.id} (simulated)`,
    '',
    `Task: ${task.text || '(no description)'}`,
    `Tasks file: ${tasksFile}`,
    target ? `The task mentions ${target}, which already exists; the simulated agent leaves existing files alone.` : '',
    '',
    'This note was written by the SpecFlow simulated agent, which does real file work but no AI.',
    '',
  ]
    .filter((l, i, a) => l !== '' || a[i - 1] !== '')
    .join('\n');
}

export interface ImplementOptions {
  delayMsPerTask: number;
  costPerTaskUsd: number;
  /** Check off only the first N tasks (the rest are left untouched and not mentioned as done). */
  limit?: number;
  /** Called after each task is finished (e.g. to crash or hang after N tasks). */
  afterTask?: (index: number, taskId: string) => Promise<void>;
  /** Called before a task starts. */
  beforeTask?: (index: number, taskId: string) => Promise<void>;
}

export interface ImplementReport {
  tasksFile: string | undefined;
  done: string[];
  alreadyDone: string[];
  missing: string[];
  failed: Array<{ id: string; reason: string }>;
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

/** Work through the listed tasks: create a file per task and check it off in the tasks file. */
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

export async function implementTasks(session: AgentSession, tasks: RequestedTask[], opts: ImplementOptions): Promise<ImplementReport> {
  const tasksFile = session.request.tasksFile;
  const report: ImplementReport = { tasksFile, done: [], alreadyDone: [], missing: [], failed: [] };
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
    const current = fs.readFileSync(session.resolve(tasksFile), 'utf8');
    // A heading task is done when its steps are: the steps are the checkboxes to tick.
    const boxes = task.steps?.length ? task.steps.map((s) => findTask(current, '', s.line)) : [findTask(current, task.id, task.line)];
    const line = boxes.every((b) => b) ? (boxes.find((b) => !b!.checked) ?? boxes[0]) : undefined;
    if (!line) {
      report.missing.push(task.id);
      session.say(`${task.id} is not in ${tasksFile}; skipping it.`);
      await opts.afterTask?.(index, task.id);
      continue;
    }
    if (line.checked) {
      report.alreadyDone.push(task.id);
      session.say(`${task.id} is already checked off in ${tasksFile}.`);
      await opts.afterTask?.(index, task.id);
      continue;
    }
    const description = task.text || line.text;
    const fullTask = { id: task.id, text: description };
    const target = mentionedFile(session, description);
    let wrote: { ok: boolean; content: string };
    if (target && !fs.existsSync(session.resolve(target))) {
      wrote = await session.write(target, fileBody(target, fullTask), `Working on ${task.id}: ${description}`);
    } else {
      if (target) await session.read(target, `Working on ${task.id}: ${description}`);
      const note = `.specflow/simulated/${task.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.md`;
      const noteExists = fs.existsSync(session.resolve(note));
      if (noteExists) await session.read(note);
      wrote = await session.write(note, noteBody(fullTask, tasksFile, target), target ? undefined : `Working on ${task.id}: ${description}`);
    }
    if (!wrote.ok) {
      report.failed.push({ id: task.id, reason: wrote.content });
      await opts.afterTask?.(index, task.id);
      continue;
    }
    const edited = await checkOff(
      session,
      tasksFile,
      boxes.filter((b) => b && !b.checked).map((b) => b!.line),
    );
    if (edited.ok) report.done.push(task.id);
    else report.failed.push({ id: task.id, reason: edited.content });
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
  return parts.join('\n');
}

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** The first assistant text of a simulated turn (says what the agent is about to do, and that it is no AI). */
export function introText(session: AgentSession): string {
  const r = session.request;
  const cmd = session.command;
  const notInstalled = cmd.type === 'none' && r.skill ? ` (/${r.skill} is not installed as a command; treating the prompt as plain text)` : '';
  switch (r.kind) {
    case 'implement':
    case 'heal': {
      const ids = r.tasks.map((t) => t.id).join(', ') || 'none listed';
      const what = r.kind === 'heal' ? 'healer run for' : 'implementing';
      return `${SIMULATED_PREFIX}: ${what} ${r.tasks.length} task(s) from ${r.tasksFile ?? '(no tasks file)'}: ${ids}${notInstalled}.`;
    }
    case 'design':
      return `${SIMULATED_PREFIX}: writing design documents for ${r.featureDir ?? 'specs/001-feature'}${notInstalled}.`;
    case 'analyze':
      return `${SIMULATED_PREFIX}: analyzing ${r.featureDir ?? '(no feature directory)'}${notInstalled}.`;
    case 'verify':
      return `${SIMULATED_PREFIX}: verifying ${r.tasksFile ?? '(no tasks file)'}${notInstalled}.`;
    case 'merge':
      return `${SIMULATED_PREFIX}: merging${notInstalled}.`;
    case 'decision':
      return `${SIMULATED_PREFIX}: answering a decision with a minimal valid answer.`;
    default:
      return `${SIMULATED_PREFIX}: no SpecFlow step recognised in the prompt ("${firstLine(session.prompt)}").`;
  }
}

/** Answer for --json-schema calls: a minimal value that satisfies the schema. */
export function decisionAnswer(session: AgentSession): unknown {
  return minimalValue(session.jsonSchema);
}

export interface WorkOptions extends SimulatedOptions {
  /** implement/heal: check off only the first N listed tasks. */
  limit?: number;
  afterTask?: ImplementOptions['afterTask'];
}

/** The step's work for the request kind (charging its cost); returns the final report text. */
export async function simulateWork(session: AgentSession, opts: WorkOptions): Promise<string> {
  const r = session.request;
  switch (r.kind) {
    case 'implement':
    case 'heal': {
      if (r.tasks.length === 0) {
        session.spend(opts.costPerCallUsd);
        return 'No tasks were listed after "Do ONLY these tasks"; nothing to do.';
      }
      const report = await implementTasks(session, r.tasks, {
        delayMsPerTask: opts.delayMsPerTask,
        costPerTaskUsd: opts.costPerTaskUsd,
        limit: opts.limit,
        afterTask: opts.afterTask,
      });
      return implementSummary(report, r.tasks.length);
    }
    case 'design':
      session.spend(opts.costPerCallUsd);
      await session.sleep(opts.delayMsPerTask);
      return simulateDesign(session);
    case 'analyze':
      session.spend(opts.costPerCallUsd);
      await session.sleep(opts.delayMsPerTask);
      return simulateAnalyze(session);
    case 'verify':
      session.spend(opts.costPerCallUsd);
      await session.sleep(opts.delayMsPerTask);
      return simulateVerify(session);
    case 'merge':
      session.spend(opts.costPerCallUsd);
      return simulateMerge(session);
    case 'decision':
      session.spend(opts.costPerCallUsd);
      return '';
    default:
      session.spend(opts.costPerCallUsd);
      return 'The simulated agent only performs SpecFlow steps (design, analyze, implement, verify, merge); no work was done.';
  }
}

/** The whole simulated turn for one prompt (used by the simulated agent and as the fake's default). */
export async function simulateTurn(session: AgentSession, opts: SimulatedOptions): Promise<AgentOutcome> {
  const cmd = session.command;
  if (cmd.type === 'unknown') return { type: 'unknown_command' };
  if (cmd.type === 'found' && cmd.def.source === 'builtin') {
    session.spend(opts.costPerCallUsd);
    session.say(`${SIMULATED_PREFIX}: the built-in /${cmd.name} is not simulated.`);
    return { type: 'success', text: session.lastText };
  }
  session.say(introText(session));
  return finishTurn(session, await simulateWork(session, opts));
}

/** End a turn: with --json-schema answer through StructuredOutput, else a final text message. */
export function finishTurn(session: AgentSession, text: string, structured?: { value: unknown }): AgentOutcome {
  if (session.jsonSchema !== undefined) {
    const value = structured ? structured.value : decisionAnswer(session);
    session.structuredOutput(value);
    return { type: 'success', text: JSON.stringify(value), stopReason: 'tool_use' };
  }
  session.say(text);
  return { type: 'success', text };
}

/** The Behaviour used by dist/simulated-claude.js. */
export function createSimulatedBehaviour(options?: Partial<SimulatedOptions>): Behaviour {
  return {
    versionLabel: SIMULATED_VERSION_LABEL,
    resolveModel: () => SIMULATED_MODEL,
    apiKeySource: () => 'none',
    run: (session) => simulateTurn(session, { ...simulatedOptionsFromEnv(session.env), ...options }),
  };
}
