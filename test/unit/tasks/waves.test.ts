import assert from 'node:assert/strict';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { planBatches } from '../../../src/core/tasks/planBatches';
import { describeWaves, planWaves, serialMatcher } from '../../../src/core/tasks/waves';
import { shape, task } from './waveFixtures';

const opts = (parallelAgents: number, serialPatterns: string[] = []) => ({ parallelAgents, serialPatterns });

describe('planWaves', () => {
  const batch = [
    task('T001', 'Set up the project structure'),
    task('T002', '[P] [US1] Create User model in src/models/user.py'),
    task('T003', '[P] [US1] Create Post model in src/models/post.py'),
    task('T004', '[P] UserService in src/services/user_service.py (uses src/models/user.py)'),
    task('T005', '[P] Contract test in `tests/contract/test_users.py`'),
    task('T006', 'Wire the endpoints'),
    task('T007', '[P] Docs in docs/api.md'),
    task('T008', '[P] Changelog in CHANGELOG.md'),
  ];

  it('runs [P] runs as waves between sequential steps, tasks naming the same file in one group', () => {
    const steps = planWaves(batch, opts(3));
    assert.deepEqual(shape(steps), [
      ['serial', 'T001'],
      ['wave', ['T002', 'T004'], ['T003'], ['T005']],
      ['serial', 'T006'],
      ['wave', ['T007'], ['T008']],
    ]);
    assert.equal(describeWaves(steps), 'T001 → wave 1: 3 groups (T002, T004 | T003 | T005) → T006 → wave 2: 2 groups (T007 | T008)');
  });

  it('is one serial step with every task, the same objects in order, for one agent', () => {
    const steps = planWaves(batch, opts(1));
    assert.equal(steps.length, 1);
    assert.equal(steps[0]!.kind, 'serial');
    assert.ok(steps[0]!.kind === 'serial' && steps[0]!.tasks.every((t, i) => t === batch[i]));
    assert.equal(describeWaves(steps), '');
  });

  it('splits a wave into at most parallelAgents balanced groups, file order inside each', () => {
    const wave = ['T010', 'T011', 'T012', 'T013', 'T014'].map((k) => task(k, `[P] edit src/${k}.ts`));
    assert.deepEqual(shape(planWaves(wave, opts(2))), [['wave', ['T010', 'T012', 'T014'], ['T011', 'T013']]]);
    assert.deepEqual(shape(planWaves(wave, opts(8))), [['wave', ['T010'], ['T011'], ['T012'], ['T013'], ['T014']]]);
  });

  it('puts the biggest bundle first so groups stay within the share', () => {
    const tasks = [
      task('A1', '[P] a.ts'),
      task('B1', '[P] b.ts'),
      task('B2', '[P] b.ts'),
      task('B3', '[P] b.ts'),
      task('C1', '[P] c.ts'),
      task('D1', '[P] d.ts'),
      task('E1', '[P] e.ts'),
    ];
    assert.deepEqual(shape(planWaves(tasks, opts(2))), [['wave', ['A1', 'C1', 'D1'], ['B1', 'B2', 'B3', 'E1']]]);
  });

  it('never puts a [serial] task, or one matching serialPatterns, in a wave: it splits the wave', () => {
    const tasks = [
      task('T1', '[P] a.ts'),
      task('T2', '[P] b.ts'),
      task('T3', '[P] [serial] c.ts', { serial: true }),
      task('T4', '[P] d.ts'),
      task('T5', '[P] Run the Database migration in e.ts'),
      task('T6', '[P] f.ts'),
      task('T7', '[P] g.ts'),
      task('T8', '[P] Seed with seed.sql'),
    ];
    assert.deepEqual(shape(planWaves(tasks, opts(4, ['database', '/\\.sql$/']))), [
      ['wave', ['T1'], ['T2']],
      ['serial', 'T3', 'T4', 'T5'],
      ['wave', ['T6'], ['T7']],
      ['serial', 'T8'],
    ]);
  });

  it('runs the whole batch serially when its section matches serialPatterns', () => {
    const tasks = [task('T1', '[P] a.ts'), task('T2', '[P] b.ts')];
    assert.deepEqual(shape(planWaves(tasks, { ...opts(2, ['/^phase 9/i']), section: 'Phase 9: Migrations' })), [['serial', 'T1', 'T2']]);
    assert.deepEqual(shape(planWaves(tasks, { ...opts(2, ['/^phase 9/i']), section: 'Phase 3' })), [['wave', ['T1'], ['T2']]]);
  });

  it('keeps a parent with its sub-tasks (and siblings of a parent outside the batch) in one group', () => {
    const tasks = [
      task('2', '[P] Auth'),
      task('2.1', '[P] login', { parent: '2' }),
      task('2.2', '[P] logout', { parent: '2' }),
      task('3.2', '[P] export', { parent: '3' }),
      task('3.3', '[P] import', { parent: '3' }),
      task('4', '[P] Docs'),
    ];
    assert.deepEqual(shape(planWaves(tasks, opts(3))), [['wave', ['2', '2.1', '2.2'], ['3.2', '3.3'], ['4']]]);
  });

  it('keeps a unit out of waves when any of its tasks may not run in parallel', () => {
    const tasks = [task('1', 'Parent, not marked'), task('1.1', '[P] x.ts', { parent: '1' }), task('5', '[P] y.ts'), task('6', '[P] z.ts')];
    assert.deepEqual(shape(planWaves(tasks, opts(2))), [
      ['serial', '1', '1.1'],
      ['wave', ['5'], ['6']],
    ]);
  });

  it('groups a directory with the files in it, and tasks whose steps or detail lines name the same file', () => {
    const tasks = [
      task('T1', '[P] Scaffold src/models/'),
      task('T2', '[P] Add src/models/user.ts'),
      task('T3', '[P] Write the docs', { steps: [{ line: 90, status: 'open', text: 'update README.md' }] }),
      task('T4', '[P] Polish', { context: ['_Files: README.md_'] }),
      task('T5', '[P] Other in lib/x.ts'),
    ];
    assert.deepEqual(shape(planWaves(tasks, opts(3))), [['wave', ['T1', 'T2'], ['T3', 'T4'], ['T5']]]);
  });

  it('makes a wave that cannot be split a serial step, merged with its neighbours', () => {
    const tasks = [task('T1', 'setup'), task('T2', '[P] x.ts'), task('T3', '[P] also x.ts'), task('T4', 'finish'), task('T5', '[P] alone.ts')];
    assert.deepEqual(shape(planWaves(tasks, opts(4))), [['serial', 'T1', 'T2', 'T3', 'T4', 'T5']]);
    assert.equal(describeWaves(planWaves(tasks, opts(4))), '');
  });

  it('plans the waves of a parsed spec-kit section end to end', () => {
    const text = [
      '## Phase 3: User Story 1',
      '- [ ] T010 [P] [US1] Contract test POST /api/users in tests/contract/test_users_post.py',
      '- [ ] T011 [P] [US1] Integration test in tests/integration/test_signup.py',
      '- [ ] T012 [P] [US1] Create User model in src/models/user.py',
      '- [ ] T013 [US1] Implement UserService in src/services/user_service.py (depends on T012)',
      '### Migrations [serial]',
      '- [ ] T014 [P] Add users table in migrations/001_users.sql',
      '- [ ] T015 [P] Add index in migrations/002_index.sql',
    ].join('\n');
    const [b] = planBatches(parseTasks(text)).batches;
    const steps = planWaves(b!.tasks, { parallelAgents: 4, serialPatterns: [], section: b!.section! });
    assert.equal(describeWaves(steps), 'wave 1: 3 groups (T010 | T011 | T012) → T013, T014, T015');
  });

  it('returns nothing for no tasks, and rejects a bad agent count or a bad pattern by name', () => {
    assert.deepEqual(planWaves([], opts(4)), []);
    assert.throws(() => planWaves([task('T1', 'x')], opts(0)), /at least 1 \(got 0\)/);
    assert.throws(() => planWaves([task('T1', 'x')], opts(2.5)), RangeError);
    assert.throws(() => serialMatcher(['ok', '/([a/']), /serial pattern \/\(\[a\/ is not a valid regular expression/);
  });

  it('matches serial patterns as case-insensitive substrings, or as /regex/flags', () => {
    const m = serialMatcher(['DB', '/^Seed\\b/', '/e2e/gi']);
    assert.equal(m('reset the db'), true);
    assert.equal(m('Seed users'), true);
    assert.equal(m('seed users'), false, 'a regex keeps its own flags');
    assert.equal(m('E2E suite'), true);
    assert.equal(m('E2E suite'), true, 'a g flag does not make the test stateful');
    assert.equal(m('unit tests'), false);
    assert.equal(serialMatcher([])('anything'), false);
  });
});
