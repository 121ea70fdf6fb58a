// Git checkpoints per batch and batch revert (issue 16): the surface the engine, CLI and extension use.
// All paths are relative to the repository root, with `/`, as git prints them.
export { GitError } from './git';
export { checkpointRef, revertRef, runRefPrefix, runStartRef, type CheckpointSide } from './refs';
export { inspectRepo, type DirtyPaths, type RepoInfo } from './repoState';
export { snapshot } from './snapshot';
export { changedPaths, type ChangedFile } from './diff';
export { batchSubject, type BatchMessageInput } from './messages';
export { commitBatch, type CommitBatchInput, type CommitBatchResult } from './commitBatch';
export { revertBatch, type BatchCheckpoints, type RevertBatchInput, type RevertBatchResult } from './revertBatch';
export { type RevertConflict } from './revertPlan';
export { deleteRunRefs, listRunRefs, readFileAt, type RunRef } from './runRefs';
