// A batch that runs `[P]` waves: its units in order. A serial part runs in the project's tree; a wave's
// groups run at once, each by its own agent in its own worktree on a branch from the work so far, and are
// merged back in task order. The worktrees go before the batch's gate runs (once, on the merged tree, so
// parallel test runs never fight over ports or databases); the branches stay until the batch is confirmed.
import { commitBatch } from '../checkpoints/commitBatch';
import { git } from '../checkpoints/git';
import type { AgentRun, BatchItem, WorkUnit } from '../model/execution';
import { createGroupWorktree, type GroupWorktree } from '../worktrees/createWorktree';
import { groupResult } from '../worktrees/groupCommit';
import { removeGroupWorktree } from '../worktrees/cleanup';
import { worktreePath } from '../worktrees/paths';
import { openTasksOf } from './batchSync';
import { judgeGate, type BatchVerdict } from './confirmation';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';
import { changeUnit } from './lifecycle';
import { runUnit, unitLabel } from './unitRun';
import { mergeUnit, messageFor, rerunInTree } from './waveMerge';
import { repoPath, seedWorktree } from './waveFiles';
import { describeIds } from './wording';

const now = (ctx: DriveContext) => new Date(ctx.clock.now()).toISOString();

/** Commits the batch's work so far (a serial part before the wave), so the groups start from it. */
async function waveBase(ctx: DriveContext, batch: BatchItem, step: number): Promise<string> {
  const done = (batch.units ?? []).filter((u) => u.step < step).flatMap((u) => u.taskIds);
  const result = await commitBatch(ctx.projectPath, {
    runId: ctx.orch.id,
    batchIndex: batch.index,
    batchTotal: ctx.orch.batches.length,
    batchName: `${batch.name} (before wave ${step})`,
    taskIds: done,
    beforeSha: batch.checkpoint!.beforeSha,
    excludePaths: ctx.orch.checkpoints?.userPaths ?? [],
  });
  if (!result.ok) throw new Error(`the work before the wave could not be committed: ${result.error}`);
  if (result.sha)
    logEntry(ctx.orch, 'note', `batch ${batch.index}: the work before wave ${step} committed as ${result.sha.slice(0, 10)}`, { files: result.files });
  return (await git(ctx.projectPath, ['rev-parse', 'HEAD'])).trim();
}

/** One group: its worktree, its agent (and heals), then its commit on its branch. */
async function runGroup(ctx: DriveContext, batch: BatchItem, unit: WorkUnit, wt: GroupWorktree, share: number): Promise<void> {
  if (unit.status === 'pending') {
    changeUnit(unit, 'running', now(ctx));
    await ctx.save();
  }
  const ok = await runUnit(ctx, batch, unit, { dir: wt.projectDir, budgetShare: share });
  if (ok) {
    const result = await groupResult(wt, unit.baseSha!, messageFor(ctx, batch, unit));
    unit.commitSha = result.sha ?? unit.baseSha!;
    changeUnit(unit, 'committed', now(ctx));
  } else changeUnit(unit, 'failed', now(ctx));
  await ctx.save();
}

/** Waits for every group, then rethrows the first stop (cancel, budget): no group is left mid-save. */
async function allGroups(work: Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

async function worktreeFor(ctx: DriveContext, batch: BatchItem, unit: WorkUnit, base: string): Promise<{ wt: GroupWorktree; seeded: string[] }> {
  unit.baseSha ??= base;
  const wt = await createGroupWorktree(ctx.projectPath, { runId: ctx.orch.id, batch: batch.index, group: unit.index, baseSha: unit.baseSha });
  unit.branch = wt.branch;
  // Only a new worktree is seeded: a reused one holds its agent's own checkmarks (it may still be running).
  const seeded = wt.reused ? [] : await seedWorktree(ctx.projectPath, ctx.orch.featureDir ?? '.', wt.projectDir);
  return { wt, seeded };
}

async function runWave(ctx: DriveContext, batch: BatchItem, members: WorkUnit[]): Promise<void> {
  const open = members.filter((u) => u.status !== 'merged' && u.status !== 'failed' && u.status !== 'rerun');
  if (open.length === 0) return;
  let base = members.find((u) => u.baseSha)?.baseSha;
  try {
    base ??= await waveBase(ctx, batch, members[0]!.step);
  } catch (e) {
    // no commit to branch from (a hook said no, HEAD moved away): the groups run one after another instead
    logEntry(ctx.orch, 'note', `batch ${batch.index}: wave ${members[0]!.step} runs in order: ${e instanceof Error ? e.message : String(e)}`);
    for (const u of open) await runSerial(ctx, batch, u);
    return;
  }
  const trees = new Map<number, GroupWorktree>();
  const exclude = new Set([await repoPath(ctx.projectPath, ctx.orch.tasksPath!)]);
  // one after another: git's bookkeeping of new worktrees races when they are made at the same moment
  for (const u of open) {
    const { wt, seeded } = await worktreeFor(ctx, batch, u, base);
    trees.set(u.index, wt);
    for (const p of seeded) exclude.add(p);
  }
  await ctx.save();
  const toRun = open.filter((u) => u.status === 'pending' || u.status === 'running');
  logEntry(
    ctx.orch,
    'note',
    `batch ${batch.index}: wave ${members[0]!.step} runs ${toRun.length} agents at once (${toRun.map((u) => u.taskIds.join(' ')).join(' | ')})`,
  );
  await allGroups(toRun.map((u) => runGroup(ctx, batch, u, trees.get(u.index)!, 1 / toRun.length)));
  for (const u of members.filter((m) => m.status === 'committed')) await mergeUnit(ctx, batch, u, trees.get(u.index)!, [...exclude]);
}

async function runSerial(ctx: DriveContext, batch: BatchItem, unit: WorkUnit): Promise<void> {
  if (unit.status === 'done' || unit.status === 'failed') return;
  if (unit.status === 'rerun') {
    await rerunInTree(ctx, batch, unit, 'a restart found it re-running');
    return;
  }
  if (unit.status === 'pending') changeUnit(unit, 'running', now(ctx));
  await ctx.save();
  const ok = await runUnit(ctx, batch, unit, { dir: ctx.projectPath, budgetShare: 1 });
  changeUnit(unit, ok ? 'done' : 'failed', now(ctx));
  await ctx.save();
}

/** The worktrees go (their work is in the branches): test runners in the project must not find copies. */
export async function removeWaveWorktrees(ctx: DriveContext, batch: BatchItem, opts: { deleteBranches: boolean }): Promise<void> {
  for (const u of (batch.units ?? []).filter((x) => x.parallel && x.branch)) {
    const path = worktreePath(ctx.projectPath, ctx.orch.id, batch.index, u.index);
    await removeGroupWorktree(ctx.projectPath, { path, branch: u.branch! }, { force: true, deleteBranch: opts.deleteBranches }).catch((e: unknown) =>
      ctx.logger.warn(`could not remove the worktree of ${unitLabel(batch, u)}: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}

/** Runs the batch's units, then judges the whole batch on the merged tree: every task checked, the gate no worse. */
export async function runWaveBatch(ctx: DriveContext, batch: BatchItem): Promise<BatchVerdict> {
  const units = batch.units!;
  for (const step of [...new Set(units.map((u) => u.step))]) {
    const members = units.filter((u) => u.step === step);
    if (members[0]!.parallel) await runWave(ctx, batch, members);
    else await runSerial(ctx, batch, members[0]!);
  }
  await removeWaveWorktrees(ctx, batch, { deleteBranches: false });
  const last = lastRun(ctx, batch);
  const open = openTasksOf(batch, await ctx.project.tasks(), ctx.orch.config.includeOptionalTasks).map((t) => t.key);
  if (open.length) {
    const message = `${describeIds(open)} still open after the batch's ${units.length} parts ran`;
    return { ok: false, failure: { kind: 'error', message, costUsd: 0, healable: true }, run: last, openIds: open };
  }
  return judgeGate(ctx, batch, last, 0);
}

function lastRun(ctx: DriveContext, batch: BatchItem): AgentRun {
  return ctx.orch.agentRuns.filter((r) => r.batchIndex === batch.index && r.kind !== 'decision').at(-1)!;
}
