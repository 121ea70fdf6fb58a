// The group's side of a merge with some paths left out: the branch's tree with those paths as the base had them,
// so the merge sees no change there (tasks.md, whose checkmarks the orchestrator applies itself).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, splitNul } from '../checkpoints/git';

/** `exclude`: root-relative file paths. Runs in a throwaway index; the user's index is never written. */
export async function treeWithout(root: string, tip: string, baseSha: string, exclude: readonly string[]): Promise<string> {
  const tipTree = (await git(root, ['rev-parse', `${tip}^{tree}`])).trim();
  if (exclude.length === 0) return tipTree;
  const scratch = await mkdtemp(join(tmpdir(), 'specflow-merge-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    await git(root, ['read-tree', tipTree], { env, noHooks: true });
    const inBase = new Map<string, string>();
    for (const entry of splitNul(await git(root, ['ls-tree', '-z', '--full-tree', baseSha, '--', ...exclude]))) {
      const tab = entry.indexOf('\t');
      const [mode = '', type = '', sha = ''] = entry.slice(0, tab).split(' ');
      if (type === 'blob') inBase.set(entry.slice(tab + 1), `${mode} ${sha}`);
    }
    const zero = '0'.repeat(tipTree.length);
    // `--index-info`: a path with mode 0 is removed from the index; any other entry replaces it.
    const info = exclude.map((p) => `${inBase.get(p) ?? `0 ${zero}`}\t${p}\0`).join('');
    await git(root, ['update-index', '-z', '--index-info'], { env, input: info, noHooks: true });
    return (await git(root, ['write-tree'], { env, noHooks: true })).trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
