// Parallel groups in git worktrees (issue 18): the surface the engine uses. A group's worktree is made from the
// batch's `before` checkpoint, its work becomes one commit on its branch, and that is merged onto the working
// branch as one commit per group, in order, with tasks.md left to the orchestrator (applyCheckmarks.ts).
export { groupBranch, worktreePath } from './paths';
export { WorktreeError } from './registry';
export { createGroupWorktree, type CreateGroupWorktreeInput, type GroupWorktree } from './createWorktree';
export { groupMessage, groupResult, type GroupMessageInput, type GroupResult } from './groupCommit';
export { mergeGroup, MergeRefusedError, type MergeGroupInput, type MergeGroupResult } from './mergeGroup';
export { listRunWorktrees, pruneRunWorktrees, removeGroupWorktree, type RunWorktree } from './cleanup';
