// The simulated merge step in real temp repositories, judged by SpecFlow's own merge check (git ancestry).
import assert from 'node:assert/strict';
import { checkMerged, mergeBaseline } from '../../../src/core/engine/mergeCheck';
import { cleanupTempDirs } from './helpers';
import { turn, workspace, type Workspace } from './inProcess';

const MERGE_MD = '---\ndescription: Merge\n---\nMerge the feature.\n\n$ARGUMENTS\n';
const PROMPT = '/flow.merge Run the merge step for this feature.\nFeature directory: specs/001-albums';
/** What the status source says while the phase is not complete: the merge must be confirmed by git. */
const NOT_COMPLETE = { phaseStatus: 'in_progress', nextAction: 'merge' };

/** A repository on main, then a feature branch with one committed batch. */
function featureRepo(): Workspace {
  const ws = workspace({ '.claude/commands/flow.merge.md': MERGE_MD, 'src/app.js': "module.exports = 'v1';\n" }, { git: true });
  ws.git('checkout', '-q', '-b', '001-albums');
  ws.write('src/album.js', "module.exports = 'album';\n");
  ws.git('add', '-A');
  ws.git('commit', '-qm', 'specflow: batch 1 of 1');
  return ws;
}

/** SpecFlow's runtime files, as a run leaves them (untracked). */
function runtimeFiles(ws: Workspace): void {
  ws.write('.specflow/workflows/orchestration-1.json', '{}\n');
  ws.write('.specflow/reports/orchestration-1.md', '# report\n');
}

describe('simulated agent: merge', function () {
  this.timeout(30_000);
  after(cleanupTempDirs);

  it('on a feature branch: commits what is left (not SpecFlow runtime files), merges --no-ff into main, and SpecFlow confirms it', async () => {
    const ws = featureRepo();
    ws.write('src/app.js', "module.exports = 'v2';\n");
    ws.write('docs/guide.md', '# Guide\n');
    runtimeFiles(ws);
    const before = await mergeBaseline(ws.cwd);
    assert.deepEqual([before?.branch, before?.baseBranch], ['001-albums', 'main']);

    const r = await turn(ws, PROMPT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.result,
      /^Committed the remaining changes on 001-albums: [0-9a-f]+ SpecFlow simulated merge: remaining changes on 001-albums\.\nSwitched to main and merged 001-albums with --no-ff \(merge commit [0-9a-f]+\)\. Nothing was pushed\.$/,
    );
    assert.ok(r.tools.every((t) => t === 'Bash'));
    assert.equal(ws.git('symbolic-ref', '--short', 'HEAD'), 'main');
    assert.equal(ws.git('rev-list', '--parents', '-n', '1', 'HEAD').split(' ').length, 3, 'a merge commit');
    assert.equal(ws.git('log', '-1', '--format=%s'), "Merge branch '001-albums' into main (SpecFlow simulated merge)");
    assert.equal(ws.read('src/app.js'), "module.exports = 'v2';\n");
    assert.deepEqual(ws.git('status', '--porcelain').split('\n').sort(), ['?? .specflow/'], 'only the runtime files are left, untracked');
    assert.ok(!ws.git('log', '--all', '--name-only', '--format=').includes('.specflow/'), 'no commit holds runtime files');
    assert.deepEqual(await checkMerged(ws.cwd, before, NOT_COMPLETE), { confirmed: true, how: 'git shows 001-albums merged into main' });
  });

  it('on a feature branch with nothing left: merges only', async () => {
    const ws = featureRepo();
    const r = await turn(ws, PROMPT);
    assert.match(r.result, /^Nothing was left to commit on 001-albums\.\nSwitched to main and merged 001-albums with --no-ff/);
    assert.equal(ws.git('merge-base', '--is-ancestor', '001-albums', 'main'), '');
  });

  it('on main: commits what is left there, no merge; SpecFlow confirms nothing is left uncommitted', async () => {
    const ws = workspace({ '.claude/commands/flow.merge.md': MERGE_MD, 'a.txt': 'a\n' }, { git: true });
    ws.write('b.txt', 'b\n');
    runtimeFiles(ws);
    const before = await mergeBaseline(ws.cwd);
    const r = await turn(ws, PROMPT);
    assert.match(r.result, /^Committed the changes on main:\n[0-9a-f]+ SpecFlow simulated merge$/);
    assert.equal(ws.git('rev-list', '--count', 'HEAD'), '2');
    assert.deepEqual(await checkMerged(ws.cwd, before, NOT_COMPLETE), {
      confirmed: true,
      how: 'the work is committed on main and nothing is left uncommitted',
    });
    const again = await turn(ws, PROMPT);
    assert.equal(again.result, 'Nothing was left to commit on main; the work is already committed.');
  });

  it('aborts a merge that conflicts and goes back to the feature branch; SpecFlow sees no merge', async () => {
    const ws = featureRepo();
    ws.write('src/app.js', "module.exports = 'feature';\n");
    ws.git('commit', '-qam', 'feature change');
    ws.git('checkout', '-q', 'main');
    ws.write('src/app.js', "module.exports = 'main';\n");
    ws.git('commit', '-qam', 'main change');
    ws.git('checkout', '-q', '001-albums');
    const before = await mergeBaseline(ws.cwd);
    const r = await turn(ws, PROMPT);
    assert.match(r.result, /The merge of 001-albums into main did not succeed; it was aborted and 001-albums is checked out again:\n.*CONFLICT/s);
    assert.equal(ws.git('symbolic-ref', '--short', 'HEAD'), '001-albums');
    assert.equal(ws.git('status', '--porcelain'), '');
    assert.deepEqual(await checkMerged(ws.cwd, before, NOT_COMPLETE), { confirmed: false, why: 'git shows 001-albums is not merged into main' });
  });

  it('commits under a fallback identity when git has none', async () => {
    const ws = featureRepo();
    ws.git('config', '--unset', 'user.name');
    ws.git('config', '--unset', 'user.email');
    ws.write('late.txt', 'late\n');
    const r = await turn(ws, PROMPT);
    assert.match(r.result, /merged 001-albums with --no-ff/, r.result);
    assert.equal(ws.git('log', '-1', '--format=%an <%ae>'), 'SpecFlow simulated agent <simulated-agent@specflow.local>');
  });
});
