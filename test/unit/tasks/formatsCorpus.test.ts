// Golden plans for the real-world corpus in examples/tasks-formats/ (one file per format or case, issue 19).
// Each golden was written by running the planner once and then reviewed line by line against the file; to
// regenerate after a deliberate change, run with UPDATE_GOLDEN=1, then `prettier --write` the golden files, and
// review the diff before committing it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTasks, type ParsedTask, type ParseOptions } from '../../../src/core/tasks/parseTasks';
import { planBatches, type PlanOptions } from '../../../src/core/tasks/planBatches';

const CORPUS = join(__dirname, '../../../examples/tasks-formats');
const GOLDEN = join(__dirname, 'golden');

interface Case {
  file: string;
  golden: string;
  parse?: ParseOptions;
  plan?: PlanOptions;
}

const CASES: Case[] = [
  { file: 'spec-kit-repeated-ids.md', golden: 'spec-kit-repeated-ids' },
  { file: 'spec-kit-repeated-ids.md', golden: 'spec-kit-checklists-as-tasks', parse: { checklists: 'tasks' } },
  { file: 'spec-kit-heading-tasks.md', golden: 'spec-kit-heading-tasks' },
  { file: 'spec-kit-big-sections.md', golden: 'spec-kit-big-sections' },
  { file: 'notes-first-tasks.md', golden: 'notes-first' },
  { file: 'kiro-tasks.md', golden: 'kiro', parse: { path: '.kiro/specs/user-accounts/tasks.md' } },
  { file: 'kiro-tasks.md', golden: 'kiro-include-optional', plan: { includeOptional: true } },
  { file: 'kiro-large-parent-tasks.md', golden: 'kiro-large-parent' },
  { file: 'openspec-tasks.md', golden: 'openspec', parse: { path: 'openspec/changes/add-2fa/tasks.md' } },
  { file: 'numbered-tasks.md', golden: 'numbered' },
  { file: 'plain-cjk-tasks.md', golden: 'plain-cjk' },
  { file: 'crlf-tasks.md', golden: 'crlf' },
];

/** One reviewable line per task: key, line, status and what else the planner or the prompt uses. */
function describeTask(t: ParsedTask): string {
  const parts = [t.key === t.id ? t.key : `${t.key} (id ${t.id})`, `@${t.line}`, t.status];
  if (t.kind === 'heading') parts.push('heading');
  if (t.inProgress) parts.push('in-progress');
  if (t.optional) parts.push('optional');
  if (t.parent !== undefined) parts.push(`parent=${t.parent}`);
  if (t.steps.length > 0) parts.push(`steps=${t.steps.length}`);
  if (t.context.length > 0) parts.push(`context=${t.context.length}`);
  return parts.join(' ');
}

function snapshot(c: Case): unknown {
  const text = readFileSync(join(CORPUS, c.file), 'utf8');
  const parsed = parseTasks(text, c.parse);
  const plan = planBatches(parsed, c.plan);
  return {
    format: plan.format,
    counts: {
      total: plan.totalTasks,
      done: plan.completedTasks,
      open: plan.openTasks,
      blocked: plan.blockedTasks,
      deferred: plan.deferredTasks,
      inProgress: plan.inProgressTasks,
      optional: plan.optionalTasks,
      skippedOptional: plan.skippedOptionalTasks,
      checklistItems: plan.checklistItems,
      checklistDone: plan.checklistDone,
    },
    fallback: plan.fallback,
    sections: parsed.sections.map((s) => s.name),
    tasks: parsed.tasks.map(describeTask),
    warnings: plan.warnings,
    batches: plan.batches.map((b) => ({
      name: b.name,
      taskIds: b.taskIds,
      ...(b.split ? { split: `${b.split.part}/${b.split.of} ${b.split.subsections.join(', ')}`.trim() } : {}),
    })),
  };
}

describe('golden plans of the real-world corpus (examples/tasks-formats)', () => {
  for (const c of CASES) {
    it(`${c.golden}: ${c.file}`, () => {
      const actual = snapshot(c);
      const path = join(GOLDEN, `${c.golden}.json`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
      assert.deepEqual(actual, JSON.parse(readFileSync(path, 'utf8')));
    });
  }

  it('the CRLF file really has CRLF line endings', () => {
    const bytes = readFileSync(join(CORPUS, 'crlf-tasks.md'), 'utf8');
    assert.equal(bytes.split('\r\n').length, bytes.split('\n').length);
  });
});
