// The modal's wave preview: with parallel agents, each batch says how its [P] tasks would run, before Start;
// without git commit checkpoints it says why they cannot run in parallel instead.
import assert from 'node:assert/strict';
import { builtinStatusProvider } from '../../../src/core/status/statusProvider';
import { runPreflight } from '../../../src/core/service/preflight';
import { OrchestrationConfigSchema } from '../../../src/core/model/config';
import { makeProject, type TestProject } from '../../support/projects';

const TASKS = [
  '# Tasks',
  '',
  '## Phase 1: Work',
  '',
  '- [ ] T001 Set up src/index.ts',
  ...[2, 3, 4, 5].map((n) => `- [ ] T00${n} [P] Write src/p${n}.ts`),
  '',
].join('\n');

describe('preflight: parallel waves preview', () => {
  let p: TestProject | undefined;
  afterEach(() => p?.cleanup());
  const pre = (config: object) =>
    runPreflight(p!.dir, OrchestrationConfigSchema.parse(config), { status: builtinStatusProvider, claudePath: process.execPath, inspect: false });

  it('describes the waves of each batch with parallel agents, and nothing with one agent', async () => {
    p = makeProject({ tasks: TASKS });
    const two = await pre({ parallelAgents: 2 });
    assert.deepEqual(two.waves, { 1: 'T001 → wave 1: 2 groups (T002, T004 | T003, T005)' });
    assert.ok(!two.warnings.some((w) => w.code === 'parallel'), JSON.stringify(two.warnings));
    assert.equal((await pre({})).waves, undefined);
  });

  it('says why waves cannot run without commit checkpoints, and blocks Start on a bad serial pattern', async () => {
    p = makeProject({ tasks: TASKS, git: false });
    const offGit = await pre({ parallelAgents: 3 });
    assert.equal(offGit.waves, undefined);
    assert.match(offGit.warnings.find((w) => w.code === 'parallel')!.message, /^Parallel agents are off for this run: parallel groups need git checkpoints/);
    p.cleanup();
    p = makeProject({ tasks: TASKS });
    const bad = await pre({ parallelAgents: 3, serialPatterns: ['/[unclosed/'] });
    const w = bad.warnings.find((x) => x.code === 'parallel')!;
    assert.equal(w.blocking, true);
    assert.match(w.message, /serial pattern \/\[unclosed\/ is not a valid regular expression/);
  });
});
