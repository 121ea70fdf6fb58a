// The "commit" checkpoint: after a batch is confirmed, exactly the files it changed become one commit on the
// current branch. Failing here never fails the batch: the caller marks the checkpoint failed with git's words.
import { commitOnly } from './commitOnly';
import { touchedPaths } from './diff';
import { type BatchMessageInput, batchMessage } from './messages';
import { commitBlocker, repoState } from './repoState';
import { emptyTree, worktreeTree } from './snapshot';

export interface CommitBatchInput extends BatchMessageInput {
  /** The batch's `before` snapshot. */
  beforeSha: string;
  /** Root-relative paths the user had changed before the run (inspectRepo's dirtyPaths): never committed here. */
  excludePaths?: readonly string[];
}

export type CommitBatchResult =
  /** `sha` is undefined when the batch changed nothing committable (no empty commit is made). */
  { ok: true; sha: string | undefined; files: string[]; skipped: string[] } | { ok: false; error: string };

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Commits what changed between the batch's `before` snapshot and the working tree now, minus `excludePaths`
 * (reported back as `skipped` when the batch touched them too), with the batch message and trailers. The user's
 * hooks run; a detached HEAD, a rebase or merge in progress, or a rejecting hook give ok:false. Never throws.
 */
export async function commitBatch(dir: string, input: CommitBatchInput): Promise<CommitBatchResult> {
  try {
    const state = await repoState(dir);
    if (!state) return { ok: false, error: `${dir} is not in a git repository` };
    const blocker = commitBlocker(state);
    if (blocker) return { ok: false, error: `not committed: ${blocker}` };
    const now = await worktreeTree(dir);
    const changed = await touchedPaths(state.root, input.beforeSha, now);
    // Only what still differs from HEAD can be committed (HEAD may have moved since `before`).
    const sinceHead = new Set(await touchedPaths(state.root, state.headSha ?? (await emptyTree(state.root)), now));
    const excluded = new Set(input.excludePaths ?? []);
    const files = changed.filter((p) => sinceHead.has(p) && !excluded.has(p));
    const skipped = changed.filter((p) => excluded.has(p));
    if (files.length === 0) return { ok: true, sha: undefined, files: [], skipped };
    const outcome = await commitOnly(state.root, files, batchMessage(input));
    if (!outcome.ok) return outcome;
    return { ok: true, sha: outcome.sha, files: outcome.sha ? files : [], skipped };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}
