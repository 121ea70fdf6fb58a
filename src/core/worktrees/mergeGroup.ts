// Bringing a group's work onto the working branch: one ordinary commit per group (not a merge commit), made in
// task order by the caller.
//
// Why not `git merge`: the group's branch starts at the batch's `before` checkpoint, a snapshot whose tree holds
// the user's uncommitted changes; merging the branch (squash or --no-ff) would commit those too. Instead the
// group's own change (before → branch) is merged three-way into HEAD with `git merge-tree --write-tree` (git 2.38
// or newer), which touches no working tree, index or branch; only a clean result is written, to exactly the paths
// it changes, and committed with `git commit --only` (the user's hooks run; what the user staged stays staged).
// So a conflict leaves everything as it was, and the user's uncommitted work is never overwritten: a merge that
// would touch a file the user changed is refused.
import { restorePaths } from '../checkpoints/restorePaths';
import { commitOnly } from '../checkpoints/commitOnly';
import { touchedPaths } from '../checkpoints/diff';
import { git, GitError, gitMessage, identityEnv, runGit, splitNul } from '../checkpoints/git';
import { commitBlocker, inspectRepo, repoState } from '../checkpoints/repoState';
import { emptyTree } from '../checkpoints/snapshot';
import { branchSha } from './registry';
import { treeWithout } from './theirsTree';

export interface MergeGroupInput {
  branch: string;
  /** The batch's `before` checkpoint the group's branch started from. */
  baseSha: string;
  /** The commit message (groupMessage); defaults to the message of the branch's last commit. */
  message?: string;
  /** Root-relative file paths never taken from the group (tasks.md: the orchestrator applies its checkmarks). */
  exclude?: readonly string[];
}

export type MergeGroupResult =
  /** `sha` is undefined when there was nothing to bring over (nothing changed, or it is there already). */
  | { ok: true; sha: string | undefined; files: string[] }
  /** Both sides changed these paths; nothing was written. `ours`/`theirs`/`base` are what a healer needs. */
  | { ok: false; conflict: string[]; ours: string; theirs: string; base: string };

/** The merge cannot be made safely without the user (their changes are in the way, git is busy, a hook said no). */
export class MergeRefusedError extends Error {
  constructor(
    message: string,
    /** The paths involved (the user's changed files in the way), when that is the reason. */
    readonly paths: string[] = [],
  ) {
    super(message);
    this.name = 'MergeRefusedError';
  }
}

async function commitOf(root: string, tree: string, parent: string, env: Record<string, string>): Promise<string> {
  return (await git(root, ['commit-tree', '--no-gpg-sign', tree, '-p', parent, '-m', 'specflow merge side'], { env, noHooks: true })).trim();
}

/** Three-way merge of base → theirs into ours, as trees; both sides are made children of base so it is the merge base. */
async function mergeTrees(root: string, base: string, ours: string, theirs: string): Promise<{ tree: string; conflict: string[] }> {
  const env = await identityEnv(root);
  const args = [
    'merge-tree',
    '--write-tree',
    '-z',
    '--name-only',
    '--no-messages',
    await commitOf(root, ours, base, env),
    await commitOf(root, theirs, base, env),
  ];
  const result = await runGit(root, args, { noHooks: true });
  if (result.exitCode > 1 || result.stdout === '') {
    const said = gitMessage(result);
    if (/unknown option|usage: git merge-tree/.test(said))
      throw new GitError('parallel groups need git 2.38 or newer (git merge-tree --write-tree); update git, or run with one agent');
    throw new GitError(said || `git merge-tree failed (exit ${result.exitCode})`, result.exitCode);
  }
  const [tree = '', ...paths] = splitNul(result.stdout);
  return { tree, conflict: result.exitCode === 1 ? [...new Set(paths.filter(Boolean))] : [] };
}

async function userChanged(root: string): Promise<Set<string>> {
  const info = await inspectRepo(root);
  const d = info?.dirtyPaths;
  return new Set(d ? [...d.staged, ...d.unstaged, ...d.untracked] : []);
}

/**
 * Merges the group's change onto the current branch of the main working tree as one commit. Returns the commit,
 * or the conflicting paths with everything left as it was. Throws MergeRefusedError when the user's uncommitted
 * changes, a merge or rebase in progress, a detached HEAD or a commit hook stand in the way (nothing changed then
 * either), and GitError when git fails.
 */
export async function mergeGroup(projectPath: string, input: MergeGroupInput): Promise<MergeGroupResult> {
  const state = await repoState(projectPath);
  if (!state) throw new MergeRefusedError(`${projectPath} is not in a git repository`);
  const blocker = commitBlocker(state);
  if (blocker) throw new MergeRefusedError(`group ${input.branch} not merged: ${blocker}`);
  const { root } = state;
  const tip = await branchSha(root, input.branch);
  if (!tip) throw new MergeRefusedError(`group branch ${input.branch} does not exist`);
  const base = input.baseSha;
  const theirs = await treeWithout(root, tip, base, input.exclude ?? []);
  const baseTree = (await git(root, ['rev-parse', `${base}^{tree}`])).trim();
  const head = state.headSha;
  const oursTree = head ? (await git(root, ['rev-parse', `${head}^{tree}`])).trim() : await emptyTree(root);
  if (theirs === baseTree) return { ok: true, sha: undefined, files: [] };
  const merged = await mergeTrees(root, base, oursTree, theirs);
  if (merged.conflict.length > 0) return { ok: false, conflict: merged.conflict, ours: head ?? oursTree, theirs: tip, base };
  const files = await touchedPaths(root, oursTree, merged.tree);
  if (files.length === 0) return { ok: true, sha: undefined, files: [] };
  const dirty = await userChanged(root);
  const inTheWay = files.filter((p) => dirty.has(p));
  if (inTheWay.length > 0) {
    throw new MergeRefusedError(
      `group ${input.branch} not merged: it changes files with uncommitted changes of yours (${inTheWay.join(', ')}); commit or stash them, then resume`,
      inTheWay,
    );
  }
  const message = input.message ?? (await git(root, ['log', '-1', '--format=%B', tip]));
  await restorePaths(root, merged.tree, files);
  const outcome = await commitOnly(root, files, message);
  if (!outcome.ok) {
    await restorePaths(root, head ?? oursTree, files);
    throw new MergeRefusedError(`group ${input.branch} not merged: the commit was refused: ${outcome.error}`);
  }
  return { ok: true, sha: outcome.sha, files };
}
