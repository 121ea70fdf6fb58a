// PanelState snapshots for the webview tests, each parsed with the protocol's own schema so a fixture can
// never drift from what the host is allowed to send.
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import type { ProgressView } from '../../src/core/model/progress';
import { PanelStateSchema, type ActivityView, type PanelState, type PreflightView } from '../../src/protocol/messages';

export const RUN_ID = '20261125-151604-3f9a2c';
const PROJECT = { name: 'demo-app', path: '/home/dev/projects/demo-app' };

export function preflight(overrides: Partial<PreflightView> = {}): PreflightView {
  return {
    planText: 'Detected 4 batches from tasks.md',
    fallback: false,
    totalTasks: 35,
    completedTasks: 12,
    openTasks: 23,
    batches: [
      { index: 1, name: 'Setup', taskCount: 5 },
      { index: 2, name: 'Core Components', taskCount: 8 },
      { index: 3, name: 'Integration', taskCount: 6 },
      { index: 4, name: 'Polish & Docs', taskCount: 4 },
    ],
    warnings: [],
    featureDir: 'specs/1055-smart-batching',
    tasksPath: 'specs/1055-smart-batching/tasks.md',
    claudePath: '/usr/local/bin/claude',
    claudeVersion: '2.1.197',
    ...overrides,
  };
}

/** tasks.md with 40 open tasks and no `##` section: 3 fixed batches of 15. */
export function fallbackPreflight(): PreflightView {
  return preflight({
    planText: 'Detected 3 batches from tasks.md',
    fallback: true,
    totalTasks: 40,
    completedTasks: 0,
    openTasks: 40,
    openTaskIds: Array.from({ length: 40 }, (_, i) => `T${String(i + 1).padStart(3, '0')}`),
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

function phases(states: ProgressView['phases'][number]['state'][]): ProgressView['phases'] {
  return PHASES.map(([phase, label], i) => ({ phase, label, state: states[i]! }));
}

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
    elapsedMs: 754_000,
    activeMs: 754_000, // running the whole time: nothing paused or waited
    etaMs: 1_210_000,
    costUsd: 1.23,
    budgetUsd: 50,
    batches: [
      { index: 1, name: 'Setup', status: 'completed', taskCount: 5, durationMs: 252_000, healAttempts: 0, costUsd: 0.84 },
      { index: 2, name: 'Core Components', status: 'running', taskCount: 8, healAttempts: 0, costUsd: 0.39 },
      { index: 3, name: 'Integration', status: 'pending', taskCount: 6, healAttempts: 0, costUsd: 0 },
      { index: 4, name: 'Polish & Docs', status: 'pending', taskCount: 4, healAttempts: 0, costUsd: 0 },
    ],
    pauseRequested: false,
    startedAt: '2026-11-25T15:16:04.000Z',
    updatedAt: '2026-11-25T15:28:38.000Z',
    ...overrides,
  };
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
  return PanelStateSchema.parse({
    project: PROJECT,
    mode: 'progress',
    trusted: true,
    config: DEFAULT_CONFIG,
    run: runView(run),
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
      costUsd: 4.56,
      batches: runView().batches.map((b, i) => ({
        ...b,
        status: i === 1 ? ('healed' as const) : ('completed' as const),
        durationMs: 200_000 + i * 37_000,
        costUsd: 0.8 + i * 0.35,
        healAttempts: i === 1 ? 1 : 0,
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
