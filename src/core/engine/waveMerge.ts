// A wave's groups come back into the working branch in task order, one commit each. tasks.md never takes
// part in the merge: SpecFlow ticks the group's confirmed tasks in the main file itself. A conflict goes to a
// merge-healer agent in the group's worktree; when that fails, the group's tasks run again in the project's
// tree on top of what was merged. The group's branch stays until the batch is confirmed, so nothing is lost.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../checkpoints/git';
import type { BatchItem, WorkUnit } from '../model/execution';
import { checkKeys, worktreeChecked } from '../tasks/applyCheckmarks';
import { abortConflictMerge, finishConflictMerge, startConflictMerge, unresolvedPaths } from '../worktrees/conflictMerge';
import type { GroupWorktree } from '../worktrees/createWorktree';
import { groupMessage } from '../worktrees/groupCommit';
import { mergeGroup, MergeRefusedError } from '../worktrees/mergeGroup';
import { callAgent, markApplied } from './agentCall';
import { openTasksOf } from './batchSync';
import { stopOnUnhealable } from './confirmation';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';
import { mergeHealerPrompt, promptContext } from './prompts';
import { changeUnit } from './lifecycle';
import { runUnit, unitLabel } from './unitRun';
import { writeTasksText } from './waveFiles';

/** The commit message of a group's work (with its SpecFlow-Group trailer), the same whoever commits it. */
export function messageFor(ctx: DriveContext, batch: BatchItem, unit: WorkUnit): string {
  return groupMessage({
    runId: ctx.orch.id,
    batchIndex: batch.index,
    batchTotal: ctx.orch.batches.length,
    batchName: batch.name,
    taskIds: unit.taskIds,
    group: unit.group!,
    groupTotal: unit.groupTotal!,
  });
}

/** Ticks in the main tasks.md the unit's tasks its worktree copy shows done. */
async function carryCheckmarks(ctx: DriveContext, unit: WorkUnit, wt: GroupWorktree): Promise<string[]> {
  const main = join(ctx.projectPath, ctx.orch.tasksPath!);
  const options = { path: main, checklists: ctx.orch.config.checklistsAreTasks ? ('tasks' as const) : ('items' as const) };
  const mainText = await readFile(main, 'utf8');
  const wtText = await readFile(join(wt.projectDir, ctx.orch.tasksPath!), 'utf8');
  const { text, checked } = checkKeys(mainText, worktreeChecked(mainText, wtText, unit.taskIds, options), options);
  if (checked.length) await writeTasksText(main, text);
  return checked;
}

/** The merge-healer in the group's worktree. Returns the commit to merge from (the working branch's tip the
 * resolution was made against), or undefined when the conflict is still there. */
async function healConflict(ctx: DriveContext, batch: BatchItem, unit: WorkUnit, wt: GroupWorktree): Promise<string | undefined> {
  const head = (await git(ctx.projectPath, ['rev-parse', 'HEAD'])).trim();
  await abortConflictMerge(wt, unit.commitSha!).catch(() => undefined);
  const conflicted = await startConflictMerge(wt, head);
  if (conflicted.length === 0) return head;
  if (!ctx.orch.config.autoHeal) {
    await abortConflictMerge(wt, unit.commitSha!);
    return undefined;
  }
  const tasks = openTasksOf({ taskIds: unit.taskIds }, await ctx.project.tasks(), true);
  const total = ctx.orch.batches.length;
  const prompt = mergeHealerPrompt(
    { batch: { index: batch.index, total, name: batch.name }, group: unit.group!, groupTotal: unit.groupTotal!, paths: conflicted, tasks },
    promptContext(ctx.orch),
  );
  const result = await callAgent(ctx, { kind: 'heal', skill: 'merge-healer', batchIndex: batch.index, unit: unit.index, cwd: wt.projectDir, prompt });
  stopOnUnhealable(ctx, result);
  markApplied(result.run);
  const left = await unresolvedPaths(wt, conflicted);
  if (result.outcome.kind !== 'success' || left.length) {
    const why = result.outcome.kind !== 'success' ? result.outcome.message : `conflict markers are left in ${left.join(', ')}`;
    logEntry(ctx.orch, 'note', `the merge-healer did not resolve ${unitLabel(batch, unit)}: ${why}`, {
      executionId: result.run.executionId,
      paths: conflicted,
    });
    await abortConflictMerge(wt, unit.commitSha!);
    return undefined;
  }
  unit.commitSha = await finishConflictMerge(wt);
  logEntry(ctx.orch, 'note', `the merge-healer resolved ${unitLabel(batch, unit)} (${conflicted.join(', ')})`, { executionId: result.run.executionId });
  return head;
}

/** Tries the merge: clean, or a conflict (with the paths), or refused (the user's own changes are in the way). */
async function tryMerge(ctx: DriveContext, unit: WorkUnit, baseSha: string, message: string, exclude: readonly string[]) {
  try {
    return await mergeGroup(ctx.projectPath, { branch: unit.branch!, baseSha, message, exclude });
  } catch (e) {
    if (e instanceof MergeRefusedError) return { ok: false as const, conflict: e.paths ?? [], refused: e.message };
    throw e;
  }
}

/** Brings one confirmed group into the working branch. False when its tasks had to run again and failed. */
export async function mergeUnit(ctx: DriveContext, batch: BatchItem, unit: WorkUnit, wt: GroupWorktree, exclude: readonly string[]): Promise<boolean> {
  const message = messageFor(ctx, batch, unit);
  let merged = await tryMerge(ctx, unit, unit.baseSha!, message, exclude);
  if (!merged.ok && !('refused' in merged)) {
    logEntry(ctx.orch, 'note', `${unitLabel(batch, unit)} conflicts with the groups merged before it in ${merged.conflict.join(', ')}`, {
      paths: merged.conflict,
    });
    await ctx.save();
    const base = await healConflict(ctx, batch, unit, wt);
    unit.conflict = { paths: merged.conflict, resolution: base ? 'healed' : 'unresolved' };
    if (base) merged = await tryMerge(ctx, unit, base, message, exclude);
  }
  if (merged.ok) {
    unit.mergeSha = merged.sha;
    const checked = await carryCheckmarks(ctx, unit, wt);
    changeUnit(unit, 'merged', new Date(ctx.clock.now()).toISOString());
    const how = merged.sha ? `as ${merged.sha.slice(0, 10)} (${merged.files.length} file(s))` : '(nothing to bring over)';
    logEntry(ctx.orch, 'note', `${unitLabel(batch, unit)} merged ${how}; tasks.md shows ${checked.join(', ') || 'no new'} checked`, {
      mergeSha: merged.sha,
      files: merged.files,
    });
    await ctx.save();
    return true;
  }
  return rerunInTree(ctx, batch, unit, 'refused' in merged ? merged.refused : `the conflict in ${merged.conflict.join(', ')} was not resolved`);
}

/** Last resort: the group's tasks run again, in order, in the project's tree on top of what was merged. */
export async function rerunInTree(ctx: DriveContext, batch: BatchItem, unit: WorkUnit, why: string): Promise<boolean> {
  changeUnit(unit, 'rerun', new Date(ctx.clock.now()).toISOString());
  unit.conflict = { paths: unit.conflict?.paths ?? [], resolution: 'rerun' };
  logEntry(
    ctx.orch,
    'note',
    `${unitLabel(batch, unit)} was not merged (${why}): its tasks run again in the project's tree; its branch ${unit.branch} is kept`,
    {
      branch: unit.branch,
      commitSha: unit.commitSha,
    },
  );
  unit.healAttempts = 0;
  await ctx.save();
  const ok = await runUnit(ctx, batch, unit, { dir: ctx.projectPath, budgetShare: 1 });
  changeUnit(unit, ok ? 'done' : 'failed', new Date(ctx.clock.now()).toISOString());
  await ctx.save();
  return ok;
}
