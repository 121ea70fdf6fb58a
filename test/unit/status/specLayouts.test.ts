// Kiro and OpenSpec projects are found by the tree, their spec is the feature directory, and they run
// with plain prompts (no skills) unless the user named their own.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverProjects } from '../../../src/core/projects/discoverProjects';
import { computeBuiltinStatus } from '../../../src/core/status/builtinStatus';
import { findLayoutSpecs, layoutOf } from '../../../src/core/status/specLayouts';
import { invocationsFor, missingSkills, profileForLayout } from '../../../src/core/engine/skillProfiles';
import { decideNext } from '../../../src/core/engine/decide';
import { OrchestrationConfigSchema } from '../../../src/core/model/config';

describe('spec layouts: Kiro and OpenSpec', () => {
  let root: string;
  const write = (rel: string, text = 'x\n') => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'specflow-layouts-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('discovers Kiro and OpenSpec projects in a monorepo, not folders without tasks.md', () => {
    write('apps/web/.kiro/specs/auth/tasks.md', '- [ ] 1. Sign in\n');
    write('apps/api/openspec/changes/add-export/tasks.md', '- [ ] 1.1 Export\n');
    write('apps/docs/.kiro/specs/draft/requirements.md');
    write('apps/old/openspec/changes/archive/done/tasks.md', '- [x] 1.1 Old\n');
    assert.deepEqual(
      discoverProjects(root).map((p) => p.slice(root.length + 1)),
      ['apps/api', 'apps/web'],
    );
  });

  it('takes the spec whose tasks.md changed last as the feature, and reports its files as the spec', async () => {
    write('.kiro/specs/older/tasks.md', '- [ ] 1. A\n');
    write('.kiro/specs/newer/requirements.md');
    write('.kiro/specs/newer/tasks.md', '- [ ] 1. B\n- [x] 2. C\n');
    utimesSync(join(root, '.kiro/specs/older/tasks.md'), new Date('2026-01-01'), new Date('2026-01-01'));
    assert.deepEqual(
      findLayoutSpecs(root).map((s) => [s.layout, s.dir.slice(root.length + 1)]),
      [
        ['kiro', '.kiro/specs/newer'],
        ['kiro', '.kiro/specs/older'],
      ],
    );
    const status = await computeBuiltinStatus(root);
    assert.equal(status.context.featureDir, join(root, '.kiro/specs/newer'));
    assert.equal(status.context.hasSpec, true, 'requirements.md is a Kiro spec');
    assert.equal(status.context.layout, 'kiro');
    assert.deepEqual([status.progress.tasksCompleted, status.progress.tasksTotal], [1, 2]);
    assert.equal(layoutOf(root, join(root, 'specs/001-x')), 'spec-kit');
    assert.equal(layoutOf(root, join(root, 'openspec/changes/add-export')), 'openspec');
  });

  it('spec-kit specs/ wins over a Kiro folder in the same project', async () => {
    write('specs/001-feature/tasks.md', '- [ ] T001 A\n');
    write('.kiro/specs/auth/tasks.md', '- [ ] 1. B\n');
    assert.equal((await computeBuiltinStatus(root)).context.featureDir, join(root, 'specs/001-feature'));
  });

  it('runs a Kiro or OpenSpec spec with plain prompts that need no skill files', () => {
    const config = OrchestrationConfigSchema.parse({});
    assert.equal(profileForLayout(config, 'kiro').skillProfile, 'plain');
    assert.equal(profileForLayout(config, 'openspec').skillProfile, 'plain');
    assert.equal(profileForLayout(config, 'spec-kit').skillProfile, 'specflow');
    const custom = OrchestrationConfigSchema.parse({
      skillProfile: 'custom',
      skills: Object.fromEntries(['design', 'analyze', 'implement', 'verify', 'merge'].map((s) => [s, [`/my.${s}`]])),
    });
    assert.equal(profileForLayout(custom, 'kiro').skillProfile, 'custom', "the user's own skills are kept");
    const plain = profileForLayout(config, 'kiro');
    assert.deepEqual(missingSkills(root, plain, join(root, 'home')), []);
    assert.deepEqual(invocationsFor(plain, 'implement'), [{ kind: 'prompt', purpose: 'implement' }]);
  });

  it('skips analyze for a written plain spec, runs design when tasks.md is missing', () => {
    const config = OrchestrationConfigSchema.parse({ skillProfile: 'plain' });
    const pending = { status: 'pending' as const, executionIds: [], costUsd: 0 };
    const exec = {
      steps: { design: { ...pending, status: 'skipped' as const }, analyze: pending, verify: pending, merge: pending },
      batches: [],
      config,
      planned: false,
    };
    const snap = { hasSpec: true, hasTasks: true, hasUserGate: false, userGateStatus: null, layout: 'kiro' as const };
    assert.deepEqual(decideNext(exec, snap), { kind: 'skip', step: 'analyze', reason: "the spec's files exist and the plain profile has no analyze skill" });
    const fresh = { ...exec, steps: { ...exec.steps, design: pending } };
    assert.deepEqual(decideNext(fresh, { ...snap, hasTasks: false }), { kind: 'step', step: 'design' });
    assert.deepEqual(decideNext(fresh, snap), { kind: 'skip', step: 'design', reason: "the Kiro spec's requirements and tasks.md already exist" });
    const specKit = OrchestrationConfigSchema.parse({});
    assert.deepEqual(decideNext({ ...exec, config: specKit }, { ...snap, layout: 'spec-kit' }), { kind: 'step', step: 'analyze' });
  });
});
