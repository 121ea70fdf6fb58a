// Three more runs: one that failed in batch 2 after a heal, one paused by a usage limit, and one in a folder
// without git and without a test gate, waiting to be merged.
import { DEFAULT_CONFIG } from '../../../src/core/model/config';
import { OrchestrationExecutionSchema, SCHEMA_VERSION, type OrchestrationExecution, type StateRef } from '../../../src/core/model/execution';
import { agentRun, at, committed, entry, file, numbered, passingGate, task } from './fixtureParts';

const ref = (batch?: number, status: StateRef['status'] = 'running'): StateRef => ({ status, phase: 'implement', ...(batch ? { batch } : {}) });
const step = { executionIds: [] };
const skipped = (note: string) => ({ ...step, status: 'skipped' as const, completedAt: at(0, 2), note });

function base(id: string) {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    projectPath: '/home/dev/my shop',
    projectName: 'my shop',
    featureDir: 'specs/002-api',
    tasksPath: 'specs/002-api/tasks.md',
    createdAt: at(0),
    startedAt: at(0),
    plannedAt: at(0, 30),
    checkpoints: { mode: 'commit', startSha: '0'.repeat(40), userPaths: [] },
    gate: { spec: { command: 'npm test', argv: ['npm', 'test'] }, source: 'config' },
  } as const;
}

const failedRuns = [
  agentRun({ kind: 'implement', batch: 1, skill: '/flow.implement', from: at(1, 1), to: at(8, 40), outcome: 'success', costUsd: 0.6 }),
  agentRun({
    kind: 'implement',
    batch: 2,
    skill: '/flow.implement',
    from: at(9, 11),
    to: at(20, 40),
    outcome: 'error',
    costUsd: 0.9,
    message: 'the agent ended with an error: Edit failed: src/api/routes.ts does not exist',
    result: 'I could not find src/api/routes.ts; the plan mentions it but the routes live in src/server.',
  }),
  agentRun({ kind: 'decision', batch: 2, skill: 'claudeHelper', from: at(20, 45), to: at(20, 55), outcome: 'success', costUsd: 0.02 }),
  agentRun({
    kind: 'heal',
    batch: 2,
    heal: 1,
    skill: 'healer',
    from: at(21, 5),
    to: at(29, 30),
    outcome: 'error',
    costUsd: 0.55,
    message: 'the agent ended with an error: 3 tests fail in test/routes.test.ts',
    result: 'Moved the routes to src/server/routes.ts, but three route tests still fail: GET /cart answers 500.',
  }),
];

const failedClassification = {
  recoverable: true,
  kind: 'missing_file',
  summary: 'The plan names src/api/routes.ts; the project keeps its routes in src/server/routes.ts.',
  tasksDone: [],
  tasksLeft: ['T004', 'T005', 'T006'],
  suggestion: 'Create the routes in src/server/routes.ts.',
};

export function failedRun(): OrchestrationExecution {
  const error = 'batch 2 failed after 1 heal attempt: the agent ended with an error: 3 tests fail in test/routes.test.ts';
  return OrchestrationExecutionSchema.parse({
    ...base('20260101-220000-b2c3d4'),
    status: 'failed',
    phase: 'implement',
    config: { ...DEFAULT_CONFIG, skipDesign: true, skipAnalyze: true },
    updatedAt: at(29, 40),
    steps: {
      design: skipped('skipDesign is on'),
      analyze: skipped('skipAnalyze is on'),
      verify: { ...step, status: 'pending' },
      merge: { ...step, status: 'pending' },
    },
    batches: [
      {
        index: 1,
        name: 'Setup',
        taskIds: ['T001', 'T002', 'T003'],
        tasks: [task('T001', 5, 'Project skeleton'), task('T002', 6, 'Database connection'), task('T003', 7, 'Health check endpoint')],
        status: 'completed',
        startedAt: at(1),
        completedAt: at(9),
        history: [{ at: at(0, 50), status: 'cancelled', healAttempts: 0 }],
        costUsd: 0.6,
        checkpoint: committed(1, 'e5f60718293a4b5c6d7e8f9012345678a1b2c3d4', [file('src/db.ts', 'A', 40, 0), file('src/server/health.ts', 'A', 12, 0)]),
        gate: passingGate(at(8, 45), 8),
      },
      {
        index: 2,
        name: 'API routes',
        taskIds: ['T004', 'T005', 'T006'],
        tasks: [task('T004', 10, 'GET /cart'), task('T005', 11, 'POST /cart/items'), task('T006', 12, 'Route tests')],
        status: 'failed',
        startedAt: at(9, 10),
        healAttempts: 1,
        costUsd: 1.47,
        error: 'the agent ended with an error: 3 tests fail in test/routes.test.ts',
        checkpoint: { status: 'recorded', beforeRef: 'refs/specflow/20260101-220000-b2c3d4/2/before', beforeSha: '2'.repeat(40), files: [] },
      },
      {
        index: 3,
        name: 'Frontend',
        taskIds: ['T007', 'T008', 'T009'],
        tasks: [task('T007', 15, 'Cart page'), task('T008', 16, 'Add-to-cart button'), task('T009', 17, 'Empty cart state')],
        status: 'pending',
      },
    ],
    taskProgress: { completed: 3, total: 10 },
    agentRuns: failedRuns,
    totalCostUsd: 2.07,
    error: { message: error, kind: 'heal_failed', at: at(29, 40), batchIndex: 2, logPaths: [failedRuns[1]!.logPath, failedRuns[3]!.logPath] },
    activeMs: 1_720_000,
    decisionLog: numbered([
      entry(at(20, 55), 'decision', ref(2), 'batch 2 failure classified: …', { purpose: 'batch 2 failure classified', answer: failedClassification }),
      {
        ...entry(
          at(21, 0),
          'transition',
          ref(2),
          'Auto-healing batch 2... (attempt 1 of 1): the agent ended with an error: Edit failed: src/api/routes.ts does not exist',
          {
            failure: 'error',
            classification: failedClassification,
          },
        ),
        to: ref(2, 'healing'),
      },
      { ...entry(at(29, 40), 'transition', ref(2, 'healing'), `batch 2 failed: ${error}`), to: { status: 'failed', phase: 'implement' } },
    ]),
  });
}

export const failedRemaining = {
  open: ['T004 GET /cart', 'T005 POST /cart/items', 'T006 Route tests', 'T007 Cart page', 'T008 Add-to-cart button', 'T009 Empty cart state'].map(
    (text, i) => ({
      id: text.slice(0, 4),
      text,
      line: [10, 11, 12, 15, 16, 17][i]!,
    }),
  ),
  blocked: [{ id: 'T010', text: 'T010 Payment webhooks', line: 20, reason: "marked blocked ([b]) in tasks.md: needs the payment provider's test keys" }],
  deferred: [],
};

export function pausedRun(): OrchestrationExecution {
  return OrchestrationExecutionSchema.parse({
    ...base('20260101-220000-c3d4e5'),
    status: 'paused',
    phase: 'implement',
    config: { ...DEFAULT_CONFIG, skipDesign: true, skipAnalyze: true },
    updatedAt: at(40, 31),
    steps: {
      design: skipped('skipDesign is on'),
      analyze: skipped('skipAnalyze is on'),
      verify: { ...step, status: 'pending' },
      merge: { ...step, status: 'pending' },
    },
    batches: [
      {
        index: 1,
        name: 'Phase 1: Models',
        taskIds: ['T001', 'T002'],
        tasks: [task('T001', 5, 'User model'), task('T002', 6, 'Order model')],
        status: 'completed',
        startedAt: at(0, 30),
        completedAt: at(14),
        costUsd: 0.7,
        checkpoint: committed(1, 'f60718293a4b5c6d7e8f9012345678a1b2c3d4e5', [file('src/models/user.ts', 'A', 30, 0), file('src/models/order.ts', 'A', 44, 0)]),
        gate: passingGate(at(13, 40), 6),
      },
      {
        index: 2,
        name: 'Phase 2: Services',
        taskIds: ['T003', 'T004'],
        tasks: [task('T003', 9, 'Order service'), task('T004', 10, 'Invoice service')],
        // A long usage limit pauses the run and leaves its batch where it was.
        status: 'running',
        startedAt: at(14, 10),
        costUsd: 0.8,
        checkpoint: { status: 'recorded', beforeRef: 'refs/specflow/20260101-220000-c3d4e5/2/before', beforeSha: '3'.repeat(40), files: [] },
      },
      { index: 3, name: 'Phase 3: API', taskIds: ['T005'], tasks: [task('T005', 13, 'REST endpoints')], status: 'pending' },
    ],
    taskProgress: { completed: 2, total: 5 },
    agentRuns: [
      agentRun({
        kind: 'implement',
        batch: 1,
        skill: '/flow.implement',
        from: at(0, 31),
        to: at(4, 59),
        outcome: 'transient',
        costUsd: 0.1,
        message: 'rate limited (429)',
      }),
      agentRun({ kind: 'implement', batch: 1, skill: '/flow.implement', from: at(5, 31), to: at(13, 30), outcome: 'success', costUsd: 0.6 }),
      agentRun({
        kind: 'implement',
        batch: 2,
        skill: '/flow.implement',
        from: at(14, 11),
        to: at(40, 30),
        outcome: 'transient',
        costUsd: 0.8,
        message: 'Claude usage limit reached · resets at 07:00 UTC',
      }),
    ],
    totalCostUsd: 1.5,
    wait: {
      reason: 'usage_limit',
      message: 'Usage limit (5-hour limit): paused until it resets at 2026-01-02 07:00 UTC',
      since: at(40, 31),
      until: '2026-01-02T07:00:00.000Z',
      evidence: { limitType: 'five_hour', resetsAt: '2026-01-02T07:00:00.000Z', text: "You've hit your 5-hour limit · resets 7am (UTC)" },
    },
    waitLog: [{ reason: 'user_pause', message: 'Paused by the user: resume to continue', since: at(14, 1), endedAt: at(14, 8) }],
    activeMs: 2_400_000,
    decisionLog: numbered([
      entry(at(5, 0), 'note', ref(1), 'transient failure, not counted as a failure: rate limited (429); retry 1 in 30 s', {
        transientReason: 'rate_limit',
        waitMs: 30_000,
        until: at(5, 30),
      }),
      {
        ...entry(
          at(40, 31),
          'transition',
          ref(2),
          '5-hour limit reached; it resets at 2026-01-02 07:00 UTC, later than maxLimitWaitHours (6 h): the run pauses until then',
          { limitType: 'five_hour', resetsAt: '2026-01-02T07:00:00.000Z' },
        ),
        to: { status: 'paused', phase: 'implement', batch: 2 },
      },
    ]),
  });
}

export const pausedRemaining = {
  open: [
    { id: 'T003', text: 'T003 Order service', line: 9 },
    { id: 'T004', text: 'T004 Invoice service', line: 10 },
    { id: 'T005', text: 'T005 REST endpoints', line: 13 },
  ],
  blocked: [],
  deferred: [],
};

export function noGitRun(): OrchestrationExecution {
  return OrchestrationExecutionSchema.parse({
    ...base('20260101-220000-d4e5f6'),
    projectPath: '/home/dev/notes',
    projectName: 'notes',
    featureDir: undefined,
    status: 'merge_ready',
    phase: 'merge',
    config: { ...DEFAULT_CONFIG, skipAnalyze: true, checkpoints: 'commit', gate: 'none' },
    updatedAt: at(45, 5),
    steps: {
      design: { ...step, status: 'completed', startedAt: at(0, 5), completedAt: at(12, 10), costUsd: 0.5 },
      analyze: skipped('skipAnalyze is on'),
      verify: { ...step, status: 'completed', startedAt: at(41, 10), completedAt: at(45), costUsd: 0.2 },
      merge: { ...step, status: 'pending' },
    },
    fallback: true,
    batches: [
      {
        index: 1,
        name: 'Tasks 1–5',
        taskIds: ['T001', 'T002', 'T003', 'T004', 'T005'],
        tasks: ['Note model', 'Markdown parser', 'Search index', 'Tag filter', 'Export to HTML'].map((w, i) => task(`T00${i + 1}`, 3 + i, w)),
        status: 'completed',
        startedAt: at(12, 30),
        completedAt: at(30),
        costUsd: 1.1,
      },
      {
        index: 2,
        name: 'Tasks 6–8',
        taskIds: ['T006', 'T007', 'T008'],
        tasks: ['CLI entry point', 'Config file', 'README'].map((w, i) => task(`T00${i + 6}`, 8 + i, w)),
        status: 'completed',
        startedAt: at(30, 10),
        completedAt: at(41),
        costUsd: 0.65,
      },
    ],
    taskProgress: { completed: 8, total: 8 },
    agentRuns: [
      agentRun({ kind: 'design', skill: '/flow.design', from: at(0, 10), to: at(12), outcome: 'success', costUsd: 0.5 }),
      agentRun({ kind: 'implement', batch: 1, skill: '/flow.implement', from: at(12, 31), to: at(29, 50), outcome: 'success', costUsd: 1.1 }),
      agentRun({ kind: 'implement', batch: 2, skill: '/flow.implement', from: at(30, 11), to: at(40, 50), outcome: 'success', costUsd: 0.65 }),
      agentRun({ kind: 'verify', skill: '/flow.verify', from: at(41, 11), to: at(44, 50), outcome: 'success', costUsd: 0.2 }),
    ],
    totalCostUsd: 2.45,
    activeMs: 2_690_000,
    warnings: ['tasks.md has no ## sections: its 8 tasks were cut into batches of 5'],
    checkpoints: { mode: 'off', reason: 'not a git repository', userPaths: [] },
    gate: { spec: null, source: 'none' },
    decisionLog: numbered([
      entry(at(12, 10), 'note', { status: 'running', phase: 'design' }, 'design confirmed by the project status', {
        source: 'built-in',
        hasSpec: true,
        hasPlan: true,
        hasTasks: true,
        tasks: '0/8',
      }),
      entry(at(45, 0), 'note', { status: 'running', phase: 'verify' }, 'verify confirmed by the project status', { source: 'built-in', tasks: '8/8' }),
    ]),
  });
}
