// Reads what SpecFlow asks for out of a prompt: the step kind, the feature directory, the tasks file and the
// batch of tasks ("Do ONLY these tasks, in this order, and nothing else:" followed by `- T013 text` lines).

export type RequestKind = 'design' | 'analyze' | 'implement' | 'verify' | 'merge' | 'heal' | 'decision' | 'other';

export interface RequestedTask {
  /** The task's key: `T013`, `T013a`, `T007#2` (a repeated ID), `1.2` (a numbered task), a derived `section/text`. */
  id: string;
  text: string;
  /** 1-based line number, when the prompt gives it (every key but a plain T-ID). */
  line?: number;
  /** A heading task's checkbox steps: each is checked off on its own line. */
  steps?: { line: number; text: string }[];
}

export interface SpecFlowRequest {
  kind: RequestKind;
  /** The slash command name without the slash (also when it was not installed and went to the model as text). */
  skill: string | undefined;
  /** The command arguments, or the whole prompt for plain prompts. */
  body: string;
  featureDir: string | undefined;
  tasksFile: string | undefined;
  tasks: RequestedTask[];
  section: string | undefined;
  healAttempt: number | undefined;
  additionalContext: string | undefined;
}

/** A task key as SpecFlow writes it in the "Do ONLY these tasks" block; never a checkbox. */
export const TASK_ID_RE = /^(?!\[)\S+$/;
const TASK_LINE = /^[-*]\s+(\S+)\s*(.*?)(?:\s+\((?:tasks\.md )?line (\d+)\))?\s*$/;
const STEP_LINE = /^\s+[-*]\s+\[[ xX]\]\s+(.*?)\s+\(line (\d+)\)\s*$/;

/** Step kind from a skill name: flow.* and speckit.* spellings, anything ending in the step's name. */
export function kindForSkill(skill: string): RequestKind {
  const s = skill.toLowerCase();
  if (s.endsWith('implement')) return 'implement';
  if (/(^|[.:_-])(design|plan|tasks|specify)$/.test(s)) return 'design';
  if (s.endsWith('analyze')) return 'analyze';
  if (s.endsWith('verify')) return 'verify';
  if (s.endsWith('merge')) return 'merge';
  return 'other';
}

/** SpecFlow's plain prompts (the `plain` profile, and spec-kit's verify and merge) say what they want in
 * their first words, as a person reading them would take it. */
const PLAIN_PROMPTS: readonly [RegExp, RequestKind][] = [
  [/^Implement batch \d+ of \d+\b/i, 'implement'],
  [/^Implement the open tasks\b/i, 'implement'],
  [/^Write the specification\b/i, 'design'],
  [/^Check the specification\b/i, 'analyze'],
  [/^Verify the implementation\b/i, 'verify'],
  [/^Merge the finished feature\b/i, 'merge'],
];

function plainPromptKind(prompt: string): RequestKind {
  return PLAIN_PROMPTS.find(([re]) => re.test(prompt))?.[1] ?? 'other';
}

function lineValue(text: string, label: string): string | undefined {
  const re = new RegExp(`^\\s*${label}:\\s*(.+?)\\s*$`, 'im');
  const m = re.exec(text);
  if (!m) return undefined;
  return m[1]!.replace(/^`(.*)`$/, '$1');
}

/** The task block after "Do ONLY these tasks…", up to the first blank or non-task line. */
export function parseTaskBlock(text: string): RequestedTask[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*Do ONLY these tasks\b/i.test(l));
  if (start < 0) return [];
  const tasks: RequestedTask[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break;
    if (/^\s/.test(line)) {
      // an indented line belongs to the task above: a step to check off, or context to read
      const step = STEP_LINE.exec(line);
      const last = tasks.at(-1);
      if (step && last) (last.steps ??= []).push({ text: step[1]!, line: Number(step[2]) });
      continue;
    }
    const m = TASK_LINE.exec(line);
    if (!m) break;
    const id = m[1]!.replace(/[:,]$/, '');
    if (!TASK_ID_RE.test(id)) break;
    // `L42` is how SpecFlow before stable IDs named a checkbox without an ID: by its line
    const lineNo = m[3] ? Number(m[3]) : /^L\d+$/.test(id) ? Number(id.slice(1)) : undefined;
    tasks.push({ id, text: m[2]!.trim(), ...(lineNo !== undefined ? { line: lineNo } : {}) });
  }
  return tasks;
}

/**
 * Interpret a prompt. `skill` is the slash command (resolved or not); `hasJsonSchema` marks decision calls.
 */
export function interpretRequest(opts: { prompt: string; skill: string | undefined; args: string | undefined; hasJsonSchema: boolean }): SpecFlowRequest {
  const body = opts.args ?? opts.prompt;
  const trimmed = opts.prompt.trimStart();
  let kind: RequestKind;
  if (opts.skill) kind = kindForSkill(opts.skill);
  else if (/^SpecFlow (?:merge )?healer:/i.test(trimmed)) kind = 'heal';
  else if (/^SpecFlow decision:/i.test(trimmed) || opts.hasJsonSchema) kind = 'decision';
  else kind = plainPromptKind(trimmed);
  if (opts.hasJsonSchema && kind === 'other') kind = 'decision';

  let tasksFile = lineValue(body, 'Tasks file');
  let featureDir = lineValue(body, 'Feature directory');
  if (!featureDir && tasksFile) featureDir = tasksFile.replace(/[\\/][^\\/]*$/, '') || '.';
  if (!tasksFile && featureDir) tasksFile = `${featureDir.replace(/[\\/]+$/, '')}/tasks.md`;

  const sectionMatch = /\bbatch\s+\d+\s+of\s+\d+\s*:\s*(.+)$/im.exec(body) ?? /^\s*Section:\s*(.+)$/im.exec(body);
  const attemptMatch = /\bheal(?:ing|er)?\s+attempt\s*:?\s*#?(\d+)/i.exec(body) ?? /\battempt\s+(\d+)\s+of\s+\d+/i.exec(body);
  const contextMatch = /^\s*Additional context from the user:\s*\n?([\s\S]*?)(?:\n\s*\n|$)/im.exec(body);

  return {
    kind,
    skill: opts.skill,
    body,
    featureDir,
    tasksFile,
    tasks: parseTaskBlock(body),
    section: sectionMatch?.[1]?.trim(),
    healAttempt: attemptMatch ? Number(attemptMatch[1]) : undefined,
    additionalContext: contextMatch?.[1]?.trim() || undefined,
  };
}
