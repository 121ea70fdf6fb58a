// What changed between two checkpoints (commits or trees): the per-file list with +/− for reports and diff views,
// and plain path sets for committing, restoring and conflict checks.
import type { ChangedFile } from '../model/checkpoint';
import { git, splitNul } from './git';

export type { ChangedFile };

function statusOf(letter: string): ChangedFile['status'] {
  if (letter === 'A' || letter === 'D' || letter === 'R') return letter;
  return 'M'; // M, T (type change): the path still exists with other content
}

/** Parses `git diff-tree -r -z -M --raw --numstat`: all raw records first, then the numstat records in the same order. */
function parseRawNumstat(output: string): ChangedFile[] {
  const tokens = splitNul(output);
  const files: ChangedFile[] = [];
  let i = 0;
  while (i < tokens.length && (tokens[i] ?? '').startsWith(':')) {
    const letter = (tokens[i] ?? '').split(' ').pop()?.charAt(0) ?? 'M';
    const twoPaths = letter === 'R' || letter === 'C';
    const first = tokens[i + 1] ?? '';
    const second = twoPaths ? (tokens[i + 2] ?? '') : undefined;
    const status = statusOf(letter === 'C' ? 'A' : letter);
    files.push({ path: second ?? first, ...(status === 'R' ? { oldPath: first } : {}), status, additions: 0, deletions: 0, binary: false });
    i += twoPaths ? 3 : 2;
  }
  for (const file of files) {
    const [added = '0', deleted = '0', inlinePath = ''] = (tokens[i] ?? '').split('\t');
    i += inlinePath === '' ? 3 : 1; // a rename's numstat record carries its two paths as separate tokens
    file.binary = added === '-';
    file.additions = file.binary ? 0 : Number(added);
    file.deletions = file.binary ? 0 : Number(deleted);
  }
  return files;
}

/** Every file that differs between `from` and `to` (commits or trees), renames detected, with line counts. */
export async function changedPaths(cwd: string, from: string, to: string): Promise<ChangedFile[]> {
  return parseRawNumstat(await git(cwd, ['diff-tree', '-r', '-z', '-M', '--raw', '--numstat', from, to]));
}

/** Root-relative paths that differ between `from` and `to`; a rename is its two paths. */
export async function touchedPaths(cwd: string, from: string, to: string): Promise<string[]> {
  return splitNul(await git(cwd, ['diff-tree', '-r', '-z', '--no-renames', '--name-only', from, to]));
}

/** Root-relative paths a single commit changed (against its first parent, or everything for a root commit). */
export async function commitFiles(cwd: string, commit: string): Promise<string[]> {
  return splitNul(await git(cwd, ['diff-tree', '-r', '-z', '--root', '--no-renames', '--name-only', '--no-commit-id', commit]));
}
