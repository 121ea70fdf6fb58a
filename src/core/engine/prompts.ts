// The text SpecFlow gives each agent run. Batch constraints travel as the skill's arguments (skill input
// injection, FR-031): the section, the exact open task IDs with their text, "only these", "check them
// off", and the user's additional context (US2-3). The layout is fixed — agents and tests parse it.
import type { OrchestrationExecution } from '../model/execution';
import type { PlannedTask } from '../tasks/planBatches';
import { taskTitle } from '../tasks/taskIds';
import type { Invocation, SkillStep } from './skillProfiles';

export interface PromptContext {
  featureDir: string;
  tasksFile: string;
  additionalContext: string;
}

export function promptContext(orch: Pick<OrchestrationExecution, 'featureDir' | 'tasksPath' | 'config'>): PromptContext {
  return {
    featureDir: orch.featureDir ?? '(the feature directory design creates)',
    tasksFile: orch.tasksPath ?? '(tasks.md in the feature directory)',
    additionalContext: orch.config.additionalContext,
  };
}

function contextBlock(ctx: PromptContext): string[] {
  const extra = ctx.additionalContext.trim();
  return extra ? ['', 'Additional context from the user:', extra] : [];
}

/** A written T-ID names its line unambiguously; any other key (a repeat, a number, a derived ID) also gets
 * the line, so the agent checks off the right checkbox. */
const PLAIN_ID = /^T\d+[A-Za-z0-9.-]*$/;

/**
 * `- T014 Build the API`, then the task's steps (heading tasks) and its context lines (Kiro's
 * _Requirements_), indented under it.
 */
function taskLines(t: PlannedTask): string[] {
  const key = t.key ?? t.id;
  const where = PLAIN_ID.test(key) ? '' : ` (tasks.md line ${t.line})`;
  const lines = [`- ${key} ${taskTitle(t)}${where}`.trimEnd()];
  for (const s of t.steps ?? []) lines.push(`    - [${s.status === 'done' ? 'x' : ' '}] ${s.text} (line ${s.line})`);
  for (const c of t.context ?? []) lines.push(`    ${c}`);
  return lines;
}

export function taskBlock(tasks: readonly PlannedTask[], ctx: PromptContext): string[] {
  return [
    `Feature directory: ${ctx.featureDir}`,
    `Tasks file: ${ctx.tasksFile}`,
    'Do ONLY these tasks, in this order, and nothing else:',
    ...tasks.flatMap(taskLines),
    '',
    'When a task is finished, check it off in the tasks file ("- [ ]" becomes "- [x]" on its line; a task with steps is done when every step is checked). ' +
      'Do not start, edit or check off any other task.',
  ];
}

const NON_INTERACTIVE = 'This run is unattended: do not ask questions; make reasonable choices and note them.';

export function batchPrompt(skill: string, batch: { index: number; total: number; name: string; tasks: readonly PlannedTask[] }, ctx: PromptContext): string {
  return [
    // a plain profile has no skill: the prompt then starts with "Implement batch"
    `${skill} Implement batch ${batch.index} of ${batch.total}: "${batch.name}".`.trimStart(),
    ...taskBlock(batch.tasks, ctx),
    NON_INTERACTIVE,
    ...contextBlock(ctx),
  ].join('\n');
}

/** A wave group's prompt: the batch prompt for its tasks, told that it works in its own checkout beside others. */
export function groupPrompt(
  skill: string,
  batch: { index: number; total: number; name: string; tasks: readonly PlannedTask[] },
  group: { group: number; groupTotal: number },
  ctx: PromptContext,
): string {
  return [
    batchPrompt(skill, { ...batch, name: `${batch.name}, group ${group.group} of ${group.groupTotal}` }, ctx),
    '',
    `You work in a separate git worktree while ${group.groupTotal - 1} other agent(s) do the batch's other tasks in theirs; SpecFlow merges the groups afterwards. ` +
      'Change only what your tasks need, do not commit, and do not run the whole test suite: SpecFlow runs it once the groups are merged.',
  ].join('\n');
}

/** The merge-healer: a group's work conflicts with the groups merged before it. */
export function mergeHealerPrompt(
  h: { batch: { index: number; total: number; name: string }; group: number; groupTotal: number; paths: readonly string[]; tasks: readonly PlannedTask[] },
  ctx: PromptContext,
): string {
  return [
    `SpecFlow merge healer: group ${h.group} of ${h.groupTotal} of batch ${h.batch.index} of ${h.batch.total} ("${h.batch.name}") ran in parallel with the other groups, and merging its work back conflicts with what they did.`,
    '',
    'Git left conflict markers (<<<<<<< ======= >>>>>>>) in these files of this worktree:',
    ...h.paths.map((p) => `- ${p}`),
    '',
    "The HEAD side is this group's work; the other side is the work already merged from the groups before it. " +
      'Resolve every conflict so that both sides keep working: keep the intent of each, remove every marker, and make sure these tasks are still done:',
    ...h.tasks.flatMap(taskLines),
    '',
    'Do not commit and do not touch other files: SpecFlow checks that no marker is left and commits the resolution.',
    NON_INTERACTIVE,
    ...contextBlock(ctx),
  ].join('\n');
}

/** Plain prompts for the steps a profile has no skill for (spec-kit's verify and merge; every step of `plain`). */
const PLAIN_STEPS: Record<SkillStep, (ctx: PromptContext) => string[]> = {
  design: (ctx) => [
    `Write the specification for this feature in ${ctx.featureDir}: what it must do, how it will be built, and ${ctx.tasksFile} as a checklist of small tasks ("- [ ] 1. ...") grouped under "## " phase headings.`,
    'Do not implement anything yet.',
  ],
  analyze: (ctx) => [
    `Check the specification in ${ctx.featureDir} for consistency: every requirement has tasks in ${ctx.tasksFile}, and no task contradicts the design.`,
    'Fix the tasks file where it is incomplete. Do not implement anything.',
  ],
  implement: (ctx) => [`Implement the open tasks in ${ctx.tasksFile}.`],
  verify: (ctx) => [
    `Verify the implementation of the feature in ${ctx.featureDir}.`,
    `Check that every task in ${ctx.tasksFile} is checked and really implemented, run the project's tests and linters if it has any, and fix small problems you find.`,
    'Report what you checked and what you fixed. Do not start new features.',
  ],
  merge: (ctx) => [
    `Merge the finished feature in ${ctx.featureDir}.`,
    'Commit all changes on the current branch with a descriptive message. If the current branch is not the default branch, merge it into the default branch locally. Do not push.',
    'Report what you did.',
  ],
};

export function stepPrompt(inv: Invocation, step: string, ctx: PromptContext): string {
  if (inv.kind === 'prompt') return [...PLAIN_STEPS[inv.purpose](ctx), NON_INTERACTIVE, ...contextBlock(ctx)].join('\n');
  return [
    `${inv.name} Run the ${step} step for this feature.`,
    `Feature directory: ${ctx.featureDir}`,
    `Tasks file: ${ctx.tasksFile}`,
    NON_INTERACTIVE,
    ...contextBlock(ctx),
  ].join('\n');
}

export interface HealContext {
  batch: { index: number; total: number; name: string };
  error: string;
  resultText?: string;
  stderrTail?: string;
  toolErrors: readonly string[];
  attempted: readonly string[];
  completed: readonly string[];
  remaining: readonly PlannedTask[];
  classification?: Record<string, unknown>;
  attempt: number;
  maxAttempts: number;
  /** SpecFlow's test gate got worse: the command, the failing tests and the output tail. */
  gate?: string;
}

function indent(text: string): string[] {
  return text
    .split('\n')
    .slice(0, 40)
    .map((l) => `    ${l}`);
}

/** FR-041/042: the error, the section, attempted/completed/failed tasks — and only the remaining ones to do. */
export function healerPrompt(h: HealContext, ctx: PromptContext): string {
  const lines = [
    `SpecFlow healer: batch ${h.batch.index} of ${h.batch.total} ("${h.batch.name}") failed. Fix what made it fail, then finish its remaining tasks. (Heal attempt ${h.attempt} of ${h.maxAttempts}.)`,
    '',
    'Error details:',
    `  ${h.error}`,
  ];
  if (h.resultText) lines.push('  Agent result:', ...indent(h.resultText));
  if (h.toolErrors.length) lines.push('  Last tool errors:', ...h.toolErrors.slice(-5).flatMap((e) => indent(e)));
  if (h.stderrTail) lines.push('  Stderr (tail):', ...indent(h.stderrTail));
  if (h.classification) lines.push(`  Diagnosis: ${JSON.stringify(h.classification)}`);
  if (h.gate)
    lines.push('', "The project's tests (run by SpecFlow, not by you) are worse than before this run. Make them pass again without weakening them:", h.gate);
  lines.push(
    '',
    `Section: ${h.batch.name}`,
    `Attempted tasks: ${h.attempted.join(', ') || 'none'}`,
    `Completed tasks: ${h.completed.join(', ') || 'none'}`,
    `Failed tasks (still open): ${h.remaining.map((t) => t.id).join(', ') || 'none'}`,
    '',
    ...taskBlock(h.remaining, ctx),
    'Only touch what these remaining tasks need.',
    NON_INTERACTIVE,
    ...contextBlock(ctx),
  );
  return lines.join('\n');
}
