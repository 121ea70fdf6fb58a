// Reading checkpoints back: a run's private refs (for cleanup), and one file as a checkpoint had it (the two
// sides of a batch's diff view).
import { git, runGit, splitNul } from './git';
import { runRefPrefix } from './refs';

export interface RunRef {
  ref: string;
  sha: string;
}

/** Every ref the run recorded (start, before/after per batch, revert saves), sorted by name. */
export async function listRunRefs(dir: string, runId: string): Promise<RunRef[]> {
  const out = await git(dir, ['for-each-ref', '--format=%(refname)%00%(objectname)%00', runRefPrefix(runId)]);
  const fields = splitNul(out.replace(/\n/g, ''));
  const refs: RunRef[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) refs.push({ ref: fields[i] ?? '', sha: fields[i + 1] ?? '' });
  return refs;
}

/** Deletes every ref the run recorded (its objects go with the next gc); returns how many. */
export async function deleteRunRefs(dir: string, runId: string): Promise<number> {
  const refs = await listRunRefs(dir, runId);
  if (refs.length === 0) return 0;
  await git(dir, ['update-ref', '--stdin', '-z'], { input: refs.map((r) => `delete ${r.ref}\0${r.sha}\0`).join(''), noHooks: true });
  return refs.length;
}

/** A root-relative file's text at a commit or tree, or undefined when it does not exist there. */
export async function readFileAt(dir: string, sha: string, path: string): Promise<string | undefined> {
  const result = await runGit(dir, ['cat-file', 'blob', `${sha}:${path}`]);
  return result.exitCode === 0 ? result.stdout : undefined;
}
