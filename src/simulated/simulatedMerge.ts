// The simulated merge step, through the Bash tool as an agent would do it: commit what is left (never SpecFlow's
// runtime files), and on a feature branch switch to the base branch (origin's HEAD, else main, else master) and
// `git merge --no-ff` the feature branch — a real merge SpecFlow confirms by git ancestry. A merge that fails is
// aborted and the feature branch checked out again, and the answer says so.
import { spawnSync } from 'node:child_process';
import type { AgentSession } from './agent';

/** SpecFlow's runtime files (core/checkpoints RUNTIME_EXCLUDES): they change during the run and never belong in a commit. */
const RUNTIME_PATHS = ['.specflow/workflows', '.specflow/worktrees', '.specflow/reports', '.specflow/api-token'];
const FALLBACK_NAME = 'SpecFlow simulated agent';
const FALLBACK_EMAIL = 'simulated-agent@specflow.local';

/** A single-quoted shell word. */
function sq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function configured(session: AgentSession, key: string): boolean {
  const r = spawnSync('git', ['config', '--get', key], { cwd: session.cwd, env: session.env, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

/** `-c user.name=… -c user.email=…` for what neither git's config nor the environment provides (else ''). */
function identityFlags(session: AgentSession): string {
  const env = session.env;
  const flags: string[] = [];
  if (!configured(session, 'user.name') && !(env.GIT_AUTHOR_NAME && env.GIT_COMMITTER_NAME)) flags.push(`-c ${sq(`user.name=${FALLBACK_NAME}`)}`);
  if (!configured(session, 'user.email') && !(env.GIT_AUTHOR_EMAIL && env.GIT_COMMITTER_EMAIL) && !env.EMAIL)
    flags.push(`-c ${sq(`user.email=${FALLBACK_EMAIL}`)}`);
  return flags.length ? `${flags.join(' ')} ` : '';
}

/** stdout of a command that succeeded, trimmed; undefined when it failed or was not allowed. */
async function output(session: AgentSession, command: string, description: string): Promise<string | undefined> {
  const r = await session.bash(command, description);
  return r.ok ? (r.data?.stdout ?? '').trim() : undefined;
}

/** origin's HEAD when it has a local branch, else main, else master (as SpecFlow's merge check picks it). */
function pickBase(refs: string): string | undefined {
  const lines = refs.split('\n').map((l) => l.trim().split(' '));
  const local = new Set(
    lines
      .map(([ref]) => ref)
      .filter((r): r is string => !!r?.startsWith('refs/heads/'))
      .map((r) => r.slice('refs/heads/'.length)),
  );
  const origin = lines.find(([ref]) => ref === 'refs/remotes/origin/HEAD')?.[1]?.replace(/^refs\/remotes\/origin\//, '');
  if (origin && local.has(origin)) return origin;
  return ['main', 'master'].find((b) => local.has(b));
}

/** Stages everything but SpecFlow's runtime files and commits it; the commit's line, or undefined when nothing was left. */
async function commitLeftovers(session: AgentSession, ident: string, message: string): Promise<{ ok: boolean; text: string }> {
  // staged, then unstaged: an exclude pathspec naming a git-ignored file (.specflow/api-token) makes `git add` fail
  const runtime = RUNTIME_PATHS.map(sq).join(' ');
  const command =
    `git add -A -- . && git reset -q -- ${runtime} && ` +
    `if git diff --cached --quiet; then echo 'nothing to commit'; ` +
    `else git ${ident}commit -q -m ${sq(message)} && git log -1 --format='%h %s'; fi`;
  const r = await session.bash(command, 'Commit the remaining changes');
  return { ok: r.ok, text: r.ok ? (r.data?.stdout ?? '').trim() : r.content };
}

async function mergeInto(session: AgentSession, ident: string, branch: string, base: string): Promise<string> {
  const message = `Merge branch '${branch}' into ${base} (SpecFlow simulated merge)`;
  const merge = await session.bash(`git checkout -q ${sq(base)} && git ${ident}merge --no-ff -m ${sq(message)} ${sq(branch)}`, `Merge ${branch} into ${base}`);
  if (!merge.ok) {
    await session.bash(`git merge --abort 2>/dev/null; git checkout -q ${sq(branch)}`, `Abort the merge and go back to ${branch}`);
    return `The merge of ${branch} into ${base} did not succeed; it was aborted and ${branch} is checked out again:\n${merge.content}`;
  }
  const sha = await output(session, 'git rev-parse --short HEAD', 'Show the merge commit');
  return `Switched to ${base} and merged ${branch} with --no-ff (merge commit ${sha ?? 'HEAD'}). Nothing was pushed.`;
}

export async function simulateMerge(session: AgentSession): Promise<string> {
  const probe = await session.bash('git rev-parse --is-inside-work-tree', 'Check for a git repository');
  if (probe.denied) return `Could not check for a git repository: ${probe.content}`;
  if (!probe.ok || probe.data?.stdout.trim() !== 'true') return 'The project is not a git repository; there is nothing to merge.';
  const branch = await output(session, 'git symbolic-ref --quiet --short HEAD', 'Find the current branch');
  const refs = await output(session, "git for-each-ref --format='%(refname) %(symref)' refs/heads refs/remotes/origin/HEAD", 'List the branches');
  const base = refs === undefined ? undefined : pickBase(refs);
  const ident = identityFlags(session);
  const onFeature = branch !== undefined && branch !== '' && base !== undefined && branch !== base;
  const committed = await commitLeftovers(session, ident, onFeature ? `SpecFlow simulated merge: remaining changes on ${branch}` : 'SpecFlow simulated merge');
  if (!committed.ok) return `git add/commit did not succeed:\n${committed.text}`;
  const nothing = committed.text === 'nothing to commit';
  if (!onFeature) {
    const where = branch ? `on ${branch}` : 'on the detached HEAD';
    if (nothing) return `Nothing was left to commit ${where}; the work is already committed.`;
    return `Committed the changes ${where}:\n${committed.text}`;
  }
  const first = nothing ? `Nothing was left to commit on ${branch}.` : `Committed the remaining changes on ${branch}: ${committed.text}.`;
  return `${first}\n${await mergeInto(session, ident, branch, base)}`;
}
