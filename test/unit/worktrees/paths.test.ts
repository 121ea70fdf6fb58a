import assert from 'node:assert/strict';
import { join } from 'node:path';
import { groupBranch, worktreePath } from '../../../src/core/worktrees/paths';

const RUN = '20260101-120000-abcdef';

describe('worktrees: paths and branch names', () => {
  it('puts group g of batch b under .specflow/worktrees/<run>/<b>-<g> on specflow/<run>/b<b>-g<g>', () => {
    assert.equal(worktreePath('/p/proj', RUN, 2, 3), join('/p/proj', '.specflow', 'worktrees', RUN, '2-3'));
    assert.equal(groupBranch(RUN, 2, 3), `specflow/${RUN}/b2-g3`);
  });

  it('refuses run ids that could leave the folder and numbers that are not positive integers', () => {
    assert.throws(() => worktreePath('/p', '../x', 1, 1), /invalid orchestration id/);
    assert.throws(() => groupBranch('a/b', 1, 1), /invalid orchestration id/);
    assert.throws(() => worktreePath('/p', RUN, 0, 1), /batch number must be a positive integer, got 0/);
    assert.throws(() => groupBranch(RUN, 1, 1.5), /group number must be a positive integer, got 1.5/);
  });
});
