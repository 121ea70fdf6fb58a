// Merge is confirmed by git, never by the agent's word: the feature branch is merged into its base, or
// HEAD moved to a merge commit, or (working on the base branch itself) nothing is left uncommitted there —
// or the status source marks the phase complete. Outside a git repository there is no independent check,
// and the decision log says so.
import { runGit } from '../checkpoints/git';
import { inspectRepo, repoState } from '../checkpoints/repoState';
import type { StatusSnapshot } from '../status/statusSchema';

export interface MergeBaseline {
  branch?: string;
  headSha?: string;
  baseBranch?: string;
}

async function ok(dir: string, args: string[]): Promise<string | undefined> {
  const r = await runGit(dir, args).catch(() => undefined);
  return r && r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** origin's HEAD, else main, else master, else the configured default branch. */
async function defaultBranch(dir: string): Promise<string | undefined> {
  const remote = await ok(dir, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remote) return remote.replace(/^origin\//, '');
  for (const name of ['main', 'master']) if (await ok(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`])) return name;
  return ok(dir, ['config', '--get', 'init.defaultBranch']);
}

/** Where the repository stands before the merge step; undefined outside git. */
export async function mergeBaseline(dir: string): Promise<MergeBaseline | undefined> {
  const state = await repoState(dir);
  if (!state) return undefined;
  const base = await defaultBranch(dir);
  return { ...(state.branch ? { branch: state.branch } : {}), ...(state.headSha ? { headSha: state.headSha } : {}), ...(base ? { baseBranch: base } : {}) };
}

export type MergeVerdict = { confirmed: true; how: string } | { confirmed: false; why: string } | { confirmed: 'unchecked'; why: string };

function phaseComplete(snap: Pick<StatusSnapshot, 'phaseStatus' | 'nextAction'>): boolean {
  return /^complet/i.test(snap.phaseStatus ?? '') || snap.nextAction === 'archive_phase';
}

export async function checkMerged(
  dir: string,
  before: MergeBaseline | undefined,
  snap: Pick<StatusSnapshot, 'phaseStatus' | 'nextAction'>,
): Promise<MergeVerdict> {
  if (phaseComplete(snap)) return { confirmed: true, how: 'the status source marks the phase complete' };
  if (!before) return { confirmed: 'unchecked', why: 'the project is not a git repository' };
  const { branch, baseBranch, headSha } = before;
  if (branch && baseBranch && branch !== baseBranch) {
    const tip = (await ok(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])) ?? headSha;
    const base = await ok(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${baseBranch}`]);
    if (tip && base && (await runGit(dir, ['merge-base', '--is-ancestor', tip, base]).catch(() => undefined))?.exitCode === 0) {
      return { confirmed: true, how: `git shows ${branch} merged into ${baseBranch}` };
    }
    return { confirmed: false, why: `git shows ${branch} is not merged into ${baseBranch}` };
  }
  const now = await inspectRepo(dir);
  if (!now?.headSha) return { confirmed: false, why: 'git shows no commit on HEAD' };
  const parents = (await ok(dir, ['rev-list', '--parents', '-n', '1', now.headSha]))?.split(' ').length ?? 0;
  if (now.headSha !== headSha && parents > 2) return { confirmed: true, how: `HEAD moved to the merge commit ${now.headSha.slice(0, 10)}` };
  const dirty = now.dirtyPaths.staged.length + now.dirtyPaths.unstaged.length + now.dirtyPaths.untracked.length;
  if (now.branch && now.branch === baseBranch && dirty === 0)
    return { confirmed: true, how: `the work is committed on ${baseBranch} and nothing is left uncommitted` };
  return { confirmed: false, why: dirty ? `${dirty} changed file(s) are still uncommitted on ${now.branch ?? 'a detached HEAD'}` : 'git shows no merge' };
}
