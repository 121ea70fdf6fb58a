// A completed run of four batches: batch 2's gate went red and one heal fixed it, batch 3 waited out a usage
// limit, batch 4 fell back to another model; every batch committed with its files and a green gate.
import { DEFAULT_CONFIG } from '../../../src/core/model/config';
import { OrchestrationExecutionSchema, SCHEMA_VERSION, type OrchestrationExecution, type StateRef } from '../../../src/core/model/execution';
import { agentRun, at, committed, entry, file, gateRun, numbered, passingGate, task } from './fixtureParts';

const ref = (batch?: number, status: StateRef['status'] = 'running'): StateRef => ({ status, phase: 'implement', ...(batch ? { batch } : {}) });
const step = { executionIds: [], error: undefined };

const classification = {
  recoverable: true,
  kind: 'failing_test',
  summary: 'PriceCalculator applies tax before the discount, so totals are off by the tax on the discount.',
  tasksDone: ['T004', 'T005', 'T006'],
  tasksLeft: [],
  suggestion: 'Apply the discount first, then tax, in src/cart/price.ts.',
};

const log = numbered([
  entry(at(0, 5), 'note', { status: 'running', phase: 'design' }, 'design skipped: spec.md and tasks.md already exist'),
  entry(at(3, 40), 'note', { status: 'running', phase: 'analyze' }, 'analyze confirmed by the specflow status (step analyze: complete)', {
    source: 'specflow',
    hasSpec: true,
    hasPlan: true,
    hasTasks: true,
    tasks: '0/12',
  }),
  entry(at(12, 30), 'transition', ref(1), 'batch 1 of 4 "Phase 1: Setup" completed: the agent succeeded, tasks.md agrees and the gate passed'),
  entry(at(25, 12), 'note', ref(2), 'test gate after batch 2: ✗ 1 failed — worse than the baseline (1 new failing test: cart > totals include tax)', {
    command: 'npm test',
    exitCode: 1,
    counts: { passed: 33, failed: 1 },
    verdict: 'worse',
    newFailures: ['cart > totals include tax'],
  }),
  entry(at(31, 10), 'note', ref(2, 'healing'), 'test gate after batch 2: ✓ 35 passed — no worse than the baseline (exit 0 · 35 passed)', { verdict: 'pass' }),
  entry(at(25, 20), 'decision', ref(2), `batch 2 failure classified: ${JSON.stringify(classification).slice(0, 300)}`, {
    purpose: 'batch 2 failure classified',
    answer: classification,
    costUsd: 0.03,
  }),
  {
    ...entry(
      at(25, 40),
      'transition',
      ref(2),
      'Auto-healing batch 2... (attempt 1 of 1): the test gate is worse than before the run: 1 new failing test: cart > totals include tax',
      {
        failure: 'gate',
        openTaskIds: [],
        classification,
      },
    ),
    to: ref(2, 'healing'),
  },
  entry(at(31, 50), 'transition', ref(2, 'healing'), 'batch 2 of 4 "Phase 2: Core Components" healed on attempt 1: the healer succeeded and tasks.md agrees'),
  entry(at(33, 10), 'note', ref(3), 'transient failure, not counted as a failure: Claude usage limit reached · resets at 23:00 UTC; retry 1 in 1615 s', {
    transientReason: 'usage_limit',
    waitMs: 1_615_000,
    until: at(60, 5),
  }),
  entry(at(75, 0), 'transition', ref(3), 'batch 3 of 4 completed'),
  entry(at(75, 20), 'decision', ref(4), 'model opus is unavailable; retrying with the fallback model sonnet', { result: 'model not found: opus' }),
  entry(at(87, 0), 'transition', ref(4), 'batch 4 of 4 completed'),
  entry(
    at(93, 0),
    'note',
    { status: 'running', phase: 'verify' },
    'verify confirmed: no task is open in tasks.md and the test gate is no worse than before the run (✓ 44 passed)',
    {
      source: 'specflow',
      hasSpec: true,
      hasPlan: true,
      hasTasks: true,
      tasks: '12/12',
    },
  ),
  entry(at(96, 0), 'note', { status: 'running', phase: 'merge' }, 'merge confirmed: git shows 001-checkout merged into main', {
    source: 'specflow',
    tasks: '12/12',
  }),
]);

export function completedRun(): OrchestrationExecution {
  return OrchestrationExecutionSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id: '20260101-220000-a1b2c3',
    projectPath: '/home/dev/shop',
    projectName: 'shop',
    featureDir: 'specs/001-checkout',
    tasksPath: 'specs/001-checkout/tasks.md',
    status: 'completed',
    phase: 'merge',
    config: { ...DEFAULT_CONFIG, autoMerge: true, model: 'opus', fallbackModel: 'sonnet' },
    createdAt: at(0),
    startedAt: at(0),
    updatedAt: at(96),
    completedAt: at(96),
    steps: {
      design: { ...step, status: 'skipped', completedAt: at(0, 5), note: 'spec.md and tasks.md already exist' },
      analyze: { ...step, status: 'completed', startedAt: at(0, 5), completedAt: at(3, 40), costUsd: 0.21 },
      verify: { ...step, status: 'completed', startedAt: at(87, 10), completedAt: at(93), costUsd: 0.3 },
      merge: { ...step, status: 'completed', startedAt: at(93, 10), completedAt: at(96), costUsd: 0.18 },
    },
    plannedAt: at(3, 50),
    batches: [
      {
        index: 1,
        name: 'Phase 1: Setup',
        section: 'Phase 1: Setup',
        taskIds: ['T001', 'T002', 'T003'],
        tasks: [
          task('T001', 12, 'Create the project structure per the plan'),
          task('T002', 13, '[P] Configure ESLint and Prettier'),
          task('T003', 14, '[P] Add the node:test runner'),
        ],
        status: 'completed',
        startedAt: at(4),
        completedAt: at(12, 30),
        costUsd: 0.64,
        checkpoint: committed(1, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', [
          file('package.json', 'M', 18, 2),
          file('eslint.config.mjs', 'A', 24, 0),
          file('.prettierrc.json', 'A', 6, 0),
          file('test/setup.test.ts', 'A', 15, 0),
        ]),
        gate: passingGate(at(12, 12), 12),
      },
      {
        index: 2,
        name: 'Phase 2: Core Components',
        section: 'Phase 2: Core Components',
        taskIds: ['T004', 'T005', 'T006'],
        tasks: [
          task('T004', 18, '[US1] Cart model with line items'),
          task('T005', 19, '[US1] Price calculation with tax rules'),
          task('T006', 20, '[P] [US1] Unit tests for the cart'),
        ],
        status: 'healed',
        startedAt: at(12, 40),
        completedAt: at(31, 50),
        healAttempts: 1,
        costUsd: 1.63,
        checkpoint: committed(2, 'b2c3d4e5f60718293a4b5c6d7e8f9012345678a1', [
          file('src/cart/cart.ts', 'A', 88, 0),
          file('src/cart/price.ts', 'A', 64, 0),
          file('test/cart.test.ts', 'A', 120, 0),
          file('src/index.ts', 'M', 3, 1),
        ]),
        gate: passingGate(at(31, 10), 35, 2),
      },
      {
        index: 3,
        name: 'Phase 3: Checkout UI <Cart & "Pay">',
        section: 'Phase 3: Checkout UI <Cart & "Pay">',
        taskIds: ['T007', 'T008', 'T009'],
        tasks: [
          task('T007', 24, '[US2] Checkout page | order summary'),
          task('T008', 25, '[P] [US2] `PayButton` component'),
          task('T009', 26, '[US2] Wire *checkout* to the cart #2'),
        ],
        status: 'completed',
        startedAt: at(32),
        completedAt: at(75),
        costUsd: 0.97,
        checkpoint: committed(3, 'c3d4e5f60718293a4b5c6d7e8f9012345678a1b2', [
          file('src/ui/Checkout.tsx', 'A', 140, 0),
          file('src/ui/PayButton.tsx', 'A', 52, 0),
          file('src/ui/logo.png', 'A', 0, 0, { binary: true }),
          file('src/ui/cart-view.ts', 'R', 10, 6, { oldPath: 'src/ui/old-cart.ts' }),
        ]),
        gate: passingGate(at(74, 32), 41),
      },
      {
        index: 4,
        name: 'Phase 4: Polish',
        section: 'Phase 4: Polish',
        taskIds: ['T010', 'T011', 'T012'],
        tasks: [
          task('T010', 30, '[P] Error messages for payment failures'),
          task('T011', 31, '[P] Accessibility pass on checkout'),
          task('T012', 32, 'Update the README'),
        ],
        status: 'completed',
        startedAt: at(75, 10),
        completedAt: at(87),
        costUsd: 0.71,
        checkpoint: committed(4, 'd4e5f60718293a4b5c6d7e8f9012345678a1b2c3', [
          file('README.md', 'M', 30, 4),
          file('src/ui/Checkout.tsx', 'M', 22, 8),
          file('src/errors.ts', 'A', 35, 0),
        ]),
        gate: passingGate(at(86, 45), 44),
      },
    ],
    taskProgress: { completed: 12, total: 12 },
    agentRuns: [
      agentRun({ kind: 'analyze', skill: '/flow.analyze', from: at(0, 6), to: at(3, 35), outcome: 'success', costUsd: 0.21 }),
      agentRun({ kind: 'implement', batch: 1, skill: '/flow.implement', from: at(4, 1), to: at(12, 10), outcome: 'success', costUsd: 0.64 }),
      agentRun({ kind: 'implement', batch: 2, skill: '/flow.implement', from: at(12, 41), to: at(25, 10), outcome: 'success', costUsd: 1.12 }),
      agentRun({ kind: 'decision', batch: 2, skill: 'claudeHelper', from: at(25, 14), to: at(25, 19), outcome: 'success', costUsd: 0.03 }),
      agentRun({
        kind: 'heal',
        batch: 2,
        heal: 1,
        skill: 'healer',
        from: at(25, 45),
        to: at(31, 5),
        outcome: 'success',
        costUsd: 0.48,
        result: 'Fixed the order of discount and tax in src/cart/price.ts:\n- discount first\n- then tax\nThe failing test passes now.',
      }),
      agentRun({
        kind: 'implement',
        batch: 3,
        skill: '/flow.implement',
        from: at(32, 1),
        to: at(33, 10),
        outcome: 'transient',
        costUsd: 0.02,
        message: 'Claude usage limit reached · resets at 23:00 UTC',
      }),
      agentRun({ kind: 'implement', batch: 3, skill: '/flow.implement', from: at(60, 6), to: at(74, 30), outcome: 'success', costUsd: 0.95 }),
      agentRun({ kind: 'implement', batch: 4, skill: '/flow.implement', from: at(75, 11), to: at(75, 19), outcome: 'model_unavailable', costUsd: 0 }),
      agentRun({ kind: 'implement', batch: 4, skill: '/flow.implement', from: at(75, 21), to: at(86, 40), outcome: 'success', costUsd: 0.71 }),
      agentRun({ kind: 'verify', skill: '/flow.verify', from: at(87, 11), to: at(92, 50), outcome: 'success', costUsd: 0.3 }),
      agentRun({ kind: 'merge', skill: '/flow.merge', from: at(93, 11), to: at(95, 50), outcome: 'success', costUsd: 0.18 }),
    ],
    totalCostUsd: 4.64,
    waitLog: [
      {
        reason: 'usage_limit',
        message: 'Waiting for the API (usage limit): retrying at 23:00:05 UTC',
        since: at(33, 10),
        until: at(60, 5),
        endedAt: at(60, 5),
        batchIndex: 3,
      },
    ],
    activeMs: 4_145_000,
    checkpoints: { mode: 'commit', startRef: 'refs/specflow/20260101-220000-a1b2c3/start', startSha: '0'.repeat(40), userPaths: [] },
    gate: {
      spec: { command: 'npm test', argv: ['npm', 'test'] },
      source: 'detected',
      baseline: gateRun(at(3, 45), { format: undefined, counts: undefined }),
      verify: passingGate(at(92, 51), 44),
    },
    decisionLog: log,
  });
}

export const completedRemaining = {
  open: [],
  blocked: [],
  deferred: [{ id: 'T013', text: 'T013 [P] Dark mode for checkout', line: 36, reason: 'marked deferred ([~]) in tasks.md' }],
};
