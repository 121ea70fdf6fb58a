// PanelState snapshots for the webview tests, each parsed with the protocol's own schema so a fixture can
// never drift from what the host is allowed to send. The run's actions come from the real status policy,
// as the host computes them; the reports are built by the real report builder from the report tests' runs.
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import type { ProgressView } from '../../src/core/model/progress';
import { canCancel, canMerge, canPause, canResume, holdsProject } from '../../src/core/model/statusPolicy';
import { renderTimelineSvg } from '../../src/core/report/timelineSvg';
import { PanelStateSchema, type ActivityView, type PanelState, type PreflightView, type RunActions } from '../../src/protocol/messages';
import { reportOf } from '../unit/report/cases';

export const RUN_ID = '20261125-151604-3f9a2c';
const PROJECT = { name: 'demo-app', path: '/home/dev/projects/demo-app' };

export function preflight(overrides: Partial<PreflightView> = {}): PreflightView {
  return {
    planText: 'Detected 4 batches from tasks.md',
    format: 'spec-kit',
    fallback: false,
    totalTasks: 35,
    completedTasks: 12,
    openTasks: 23,
    optionalTasks: 0,
    skippedOptionalTasks: 0,
    checklistItems: 0,
    batches: [
      { index: 1, name: 'Setup', taskCount: 5 },
      { index: 2, name: 'Core Components', taskCount: 8 },
      { index: 3, name: 'Integration', taskCount: 6 },
      { index: 4, name: 'Polish & Docs', taskCount: 4 },
    ],
    warnings: [],
    gate: { command: 'npm test', source: 'detected' },
    checkpoints: { mode: 'commit', userPaths: [] },
    featureDir: 'specs/1055-smart-batching',
    tasksPath: 'specs/1055-smart-batching/tasks.md',
    claudePath: '/usr/local/bin/claude',
    claudeVersion: '2.1.197',
    ...overrides,
  };
}

/** The same tasks.md previewed with max batch tasks 4: Core Components (8 open tasks) split in two. */
export function splitPreflight(): PreflightView {
  return preflight({
    planText: 'Detected 6 batches from tasks.md',
    batches: [
      { index: 1, name: 'Setup (part 1 of 2)', taskCount: 3, split: { part: 1, of: 2 } },
      { index: 2, name: 'Setup (part 2 of 2)', taskCount: 2, split: { part: 2, of: 2 } },
      { index: 3, name: 'Core Components (part 1 of 2)', taskCount: 4, split: { part: 1, of: 2 } },
      { index: 4, name: 'Core Components (part 2 of 2)', taskCount: 4, split: { part: 2, of: 2 } },
      { index: 5, name: 'Integration', taskCount: 4 },
      { index: 6, name: 'Polish & Docs', taskCount: 4 },
    ],
  });
}

/** A Kiro spec: optional tasks skipped, checklist items apart, a split section, waves, a dirty tree. */
export function kiroPreflight(): PreflightView {
  return preflight({
    planText: 'Detected 4 batches from tasks.md',
    format: 'kiro',
    totalTasks: 31,
    completedTasks: 4,
    openTasks: 27,
    optionalTasks: 3,
    skippedOptionalTasks: 3,
    checklistItems: 12,
    batches: [
      { index: 1, name: '1. Set up the album model', taskCount: 5 },
      { index: 2, name: '2. Photo import (part 1 of 2)', taskCount: 9, split: { part: 1, of: 2 }, waves: 'wave 1: 3 groups (1.2, 1.3 · 1.4 · 1.5)' },
      { index: 3, name: '2. Photo import (part 2 of 2)', taskCount: 8, split: { part: 2, of: 2 } },
      { index: 4, name: '3. Sharing', taskCount: 5 },
    ],
    warnings: [
      {
        code: 'dirty_tree',
        message:
          "3 file(s) you changed before the run stay out of the batch commits (the agents' edits to them stay uncommitted too): README.md, src/a.ts, src/b.ts",
        blocking: false,
      },
    ],
    checkpoints: { mode: 'commit', userPaths: ['README.md', 'src/a.ts', 'src/b.ts'] },
    tasksPath: '.kiro/specs/albums/tasks.md',
  });
}

/** tasks.md with 40 open tasks and no `##` section: 3 fixed batches of 15. */
export function fallbackPreflight(): PreflightView {
  return preflight({
    planText: 'Detected 3 batches from tasks.md',
    format: 'plain',
    fallback: true,
    totalTasks: 40,
    completedTasks: 0,
    openTasks: 40,
    batches: [
      { index: 1, name: 'Tasks T001–T015', taskCount: 15 },
      { index: 2, name: 'Tasks T016–T030', taskCount: 15 },
      { index: 3, name: 'Tasks T031–T040', taskCount: 10 },
    ],
    warnings: [{ code: 'no_sections', message: 'No ## sections found in tasks.md: tasks will run in fixed batches of 15', blocking: false }],
  });
}

export function configState(overrides: Partial<PanelState> = {}): PanelState {
  return PanelStateSchema.parse({ project: PROJECT, mode: 'config', trusted: true, config: DEFAULT_CONFIG, preflight: preflight(), ...overrides });
}

const PHASES = [
  ['design', 'Design'],
  ['analyze', 'Analyze'],
  ['implement', 'Implement'],
  ['verify', 'Verify'],
  ['merge', 'Merge'],
] as const;

export function phases(states: ProgressView['phases'][number]['state'][]): ProgressView['phases'] {
  return PHASES.map(([phase, label], i) => ({ phase, label, state: states[i]! }));
}

type Batch = ProgressView['batches'][number];

function batch(index: number, name: string, taskCount: number, rest: Partial<Batch> = {}): Batch {
  return { index, name, status: 'pending', taskCount, healAttempts: 0, costUsd: 0, canRevert: false, ...rest };
}

const GATE_LOG = '.specflow/workflows/runs/20261125-151604-3f9a2c.gate.log';
const committed = (commit: string, additions: number, deletions: number, files: number): NonNullable<Batch['checkpoint']> => ({
  status: 'committed',
  commit,
  files,
  additions,
  deletions,
  reverted: false,
});

export function runView(overrides: Partial<ProgressView> = {}): ProgressView {
  return {
    id: RUN_ID,
    projectName: PROJECT.name,
    status: 'running',
    statusLabel: 'Running',
    phase: 'implement',
    phases: phases(['done', 'done', 'current', 'pending', 'pending']),
    headline: 'Implementing batch 2 of 4: Core Components',
    tasksLine: 'Tasks: 12/35 complete',
    tasks: { completed: 12, total: 35 },
    batch: { index: 2, total: 4, name: 'Core Components' },
    agents: 1,
    elapsedMs: 754_000,
    activeMs: 754_000, // running the whole time: nothing paused or waited
    etaMs: 1_210_000,
    costUsd: 1.23,
    budgetUsd: 50,
    batches: [
      batch(1, 'Setup', 5, {
        status: 'completed',
        durationMs: 252_000,
        costUsd: 0.84,
        gate: { badge: '✓ 143 passed', verdict: 'pass', logPath: GATE_LOG },
        checkpoint: committed('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', 63, 2, 4),
      }),
      batch(2, 'Core Components', 8, {
        status: 'running',
        costUsd: 0.39,
        checkpoint: { status: 'recorded', files: 0, additions: 0, deletions: 0, reverted: false },
      }),
      batch(3, 'Integration', 6),
      batch(4, 'Polish & Docs', 4),
    ],
    warnings: [],
    gate: { command: 'npm test', baseline: '✓ 143 passed' },
    checkpoints: { mode: 'commit' },
    pauseRequested: false,
    startedAt: '2026-11-25T15:16:04.000Z',
    updatedAt: '2026-11-25T15:28:38.000Z',
    ...overrides,
  };
}

/** What the host's status policy allows for this status (src/extension/panel/panelState.ts runActions). */
export function actionsFor(status: ProgressView['status']): RunActions {
  return { pause: canPause(status), resume: canResume(status), cancel: canCancel(status), merge: canMerge(status), newRun: !holdsProject(status) };
}

export function activity(overrides: Partial<ActivityView> = {}): ActivityView {
  return {
    executionId: '20261125-152201-0a1b2c',
    kind: 'implement',
    model: 'claude-sonnet-4-5',
    currentTool: { name: 'Edit', target: 'src/components/Button.tsx' },
    recentFiles: ['src/components/index.ts', 'src/components/Card.tsx', 'src/components/Button.tsx'],
    lastAssistantText: 'The Button component now forwards refs. Next I will update Card to use it and run the unit tests.',
    toolCalls: 14,
    simulated: false,
    ...overrides,
  };
}

export const DECISION_LOG: PanelState['decisionLog'] = [
  {
    seq: 1,
    at: '2026-11-25T15:16:04.000Z',
    kind: 'transition',
    from: { status: 'running', phase: 'design' },
    to: { status: 'running', phase: 'design' },
    reason: 'Run started',
    evidence: { config: { autoMerge: false, skipDesign: false } },
  },
  {
    seq: 2,
    at: '2026-11-25T15:19:40.000Z',
    kind: 'transition',
    from: { status: 'running', phase: 'design' },
    to: { status: 'running', phase: 'analyze' },
    reason: 'Design finished: spec.md, plan.md and tasks.md exist',
    evidence: { files: ['spec.md', 'plan.md', 'tasks.md'] },
  },
  {
    seq: 3,
    at: '2026-11-25T15:22:01.000Z',
    kind: 'note',
    from: { status: 'running', phase: 'analyze' },
    to: { status: 'running', phase: 'implement', batch: 1 },
    reason: 'Detected 4 batches from tasks.md',
    evidence: { batches: 4, fallback: false },
  },
  {
    seq: 4,
    at: '2026-11-25T15:26:13.000Z',
    kind: 'decision',
    from: { status: 'running', phase: 'implement', batch: 1 },
    to: { status: 'running', phase: 'implement', batch: 2 },
    reason: 'Batch 1 complete: 5/5 tasks checked in tasks.md',
    evidence: { completedTaskIds: ['T001', 'T002', 'T003', 'T004', 'T005'], costUsd: 0.84, exitCode: 0 },
  },
];

export function progressState(run: Partial<ProgressView> = {}, overrides: Partial<PanelState> = {}): PanelState {
  const shown = runView(run);
  return PanelStateSchema.parse({
    project: PROJECT,
    mode: 'progress',
    trusted: true,
    config: DEFAULT_CONFIG,
    run: shown,
    actions: actionsFor(shown.status),
    decisionLog: DECISION_LOG,
    activity: activity(),
    ...overrides,
  });
}

export function healingState(): PanelState {
  return progressState({
    status: 'healing',
    statusLabel: 'Healing',
    headline: 'Auto-healing batch 2...',
    batches: runView().batches.map((b) =>
      b.index === 2 ? { ...b, status: 'failed' as const, healAttempts: 1, error: 'npm test failed: 2 failing tests in Button.test.tsx' } : b,
    ),
  });
}

export function mergeReadyState(): PanelState {
  return progressState(
    {
      status: 'merge_ready',
      statusLabel: 'Merge Ready',
      phase: 'merge',
      phases: phases(['done', 'done', 'done', 'done', 'current']),
      headline: 'Merge ready',
      tasksLine: 'Tasks: 35/35 complete',
      tasks: { completed: 35, total: 35 },
      batch: undefined,
      etaMs: undefined,
      elapsedMs: 2_843_000,
      activeMs: 2_843_000,
      costUsd: 4.56,
      batches: runView().batches.map((b, i) => ({
        ...b,
        status: i === 1 ? ('healed' as const) : ('completed' as const),
        durationMs: 200_000 + i * 37_000,
        costUsd: 0.8 + i * 0.35,
        healAttempts: i === 1 ? 1 : 0,
        gate: { badge: `✓ ${143 + i * 4} passed`, verdict: 'pass' as const, logPath: GATE_LOG },
        checkpoint: committed(`${'abcdef0'.slice(i)}${'1234567890abcdef1234567890abcdef12'.slice(0, 33 + i)}`, 40 + i * 11, i * 3, 2 + i),
      })),
    },
    { activity: undefined },
  );
}

export function failedState(): PanelState {
  return progressState(
    {
      status: 'failed',
      statusLabel: 'Failed',
      phases: phases(['done', 'done', 'failed', 'pending', 'pending']),
      headline: 'Failed: batch 2 failed and auto-heal could not fix it',
      etaMs: undefined,
      batches: runView().batches.map((b) =>
        b.index === 2 ? { ...b, status: 'failed' as const, healAttempts: 1, durationMs: 301_000, error: 'npm test failed' } : b,
      ),
      error: {
        message: 'Batch 2 (Core Components) failed and auto-heal could not fix it: 2 tests still fail',
        kind: 'batch_failed',
        logPaths: ['.specflow/workflows/runs/20261125-152201-0a1b2c.jsonl', '.specflow/workflows/runs/20261125-153001-0d0e0f.jsonl'],
      },
    },
    { activity: undefined },
  );
}

/**
 * A run that rests with evidence in every shape: batch 1 passed its gate and can be reverted, batch 2 was
 * healed but its gate is now worse, batch 3's commit failed (a hook), batch 4 was reverted.
 */
export function evidenceState(): PanelState {
  const base = mergeReadyState().run!;
  return progressState(
    {
      ...base,
      status: 'failed',
      statusLabel: 'Failed',
      phases: phases(['done', 'done', 'failed', 'pending', 'pending']),
      headline: 'Failed: the test gate is worse than before the run',
      batches: [
        { ...base.batches[0]!, canRevert: true },
        { ...base.batches[1]!, status: 'failed', canRevert: false, gate: { badge: '✗ 2 failed', verdict: 'worse', logPath: GATE_LOG } },
        {
          ...base.batches[2]!,
          gate: { badge: '✗ 1 failed', verdict: 'no_worse', logPath: GATE_LOG },
          checkpoint: { status: 'failed', files: 3, additions: 20, deletions: 1, error: 'pre-commit hook rejected the commit: lint failed', reverted: false },
          canRevert: false,
        },
        { ...base.batches[3]!, checkpoint: { ...base.batches[3]!.checkpoint!, reverted: true }, canRevert: false },
      ],
      error: { message: 'The test gate is worse than before the run after batch 2', kind: 'gate_worse', logPaths: [GATE_LOG] },
    },
    { activity: undefined },
  );
}

export const LIMIT_MESSAGE = "You've hit your session limit · resets 4:24am (UTC)";

/** A usage limit holds the run until `until`; a warning is shown; batch 2 runs a parallel wave of 3 groups. */
export function limitState(until: string): PanelState {
  return progressState(
    {
      headline: `Usage limit: resumes at ${until.slice(11, 16)}`,
      activeMs: 3_600_000,
      elapsedMs: 4_800_000,
      wait: { reason: 'usage_limit', message: LIMIT_MESSAGE, until },
      limit: { until, message: `Usage limit: resumes at ${until.slice(11, 16)}` },
      warnings: ['`specflow status --json` failed (exit 2): the built-in status is used instead'],
      batches: runView().batches.map((b) =>
        b.index === 2
          ? {
              ...b,
              groups: [
                { index: 1, wave: 1, taskIds: ['T006', 'T007'], status: 'committed', executionId: 'g1', costUsd: 0.4, healAttempts: 0 },
                { index: 2, wave: 1, taskIds: ['T008'], status: 'running', executionId: 'g2', costUsd: 0.2, healAttempts: 1 },
                { index: 3, wave: 1, taskIds: ['T009', 'T010', 'T011'], status: 'running', executionId: 'g3', costUsd: 0.3, healAttempts: 0 },
              ],
            }
          : b,
      ),
      agents: 2,
    },
    {
      activity: undefined,
      agents: [
        activity({ executionId: 'g2', currentTool: { name: 'Edit', target: 'src/components/Card.tsx' } }),
        activity({ executionId: 'g3', currentTool: { name: 'Bash', target: 'npm test -- card' } }),
      ],
    },
  );
}

/** The per-batch cap stopped the run. */
export function budgetState(): PanelState {
  return progressState(
    {
      status: 'budget_exceeded',
      statusLabel: 'Budget exceeded',
      headline: 'Budget exceeded: batch 2 reached the $5.00 per-batch budget',
      etaMs: undefined,
      costUsd: 5.84,
      batches: runView().batches.map((b) =>
        b.index === 2 ? { ...b, status: 'failed' as const, costUsd: 5, error: 'the $5.00 per-batch budget is spent' } : b,
      ),
      error: { message: 'batch 2 reached the $5.00 per-batch budget', kind: 'budget_exceeded', logPaths: [], cap: 'perBatchUsd' },
    },
    { activity: undefined },
  );
}

/** The Report view of a finished run (the report tests' completed run), with its timeline picture. */
export function reportState(name = 'completed'): PanelState {
  const report = reportOf(name);
  return PanelStateSchema.parse({
    ...mergeReadyState(),
    mode: 'report',
    report,
    reportSvg: renderTimelineSvg(report),
  });
}
