// The merge-healer part of a healer run: SpecFlow merged a parallel group's branch and git left conflict
// markers in the files the prompt lists. Like an agent would for independent additions, the simulated agent
// keeps both sides (this group's lines, then the other groups' lines, without repeating a line both have)
// and writes each file back without markers.
import * as fs from 'node:fs';
import type { AgentSession } from './agent';

export const MERGE_HEALER = /^SpecFlow merge healer:/;

/** The files listed under "Git left conflict markers … in these files". */
export function conflictedFiles(prompt: string): string[] {
  const lines = prompt.split(/\r?\n/);
  const start = lines.findIndex((l) => /conflict markers/i.test(l) && /these files/i.test(l));
  if (start < 0) return [];
  const files: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*-\s+(.+?)\s*$/.exec(line);
    if (!m) break;
    files.push(m[1]!);
  }
  return files;
}

const BLOCK = /^<{7}[^\n]*\n([\s\S]*?)^={7}[^\n]*\n([\s\S]*?)^>{7}[^\n]*(?:\n|$)/gm;

/** Both sides of every conflict, ours first, lines the two sides share written once. */
export function keepBothSides(text: string): string {
  return text.replace(BLOCK, (_all, ours: string, theirs: string) => {
    const seen = new Set(ours.split('\n'));
    const extra = theirs.split('\n').filter((l) => l === '' || !seen.has(l));
    const merged = `${ours}${extra.join('\n')}`;
    return merged.endsWith('\n') || merged === '' ? merged : `${merged}\n`;
  });
}

/** Resolves the listed files; returns the report line, or undefined when this is not a merge-healer run. */
export async function healConflicts(session: AgentSession): Promise<string | undefined> {
  if (!MERGE_HEALER.test(session.prompt.trimStart())) return undefined;
  const files = conflictedFiles(session.prompt);
  const done: string[] = [];
  const problems: string[] = [];
  for (const file of files) {
    if (!session.isInsideCwd(session.resolve(file)) || !fs.existsSync(session.resolve(file))) {
      problems.push(`${file} is not in this worktree`);
      continue;
    }
    const read = await session.read(file, `Reading ${file}: it has merge conflict markers.`);
    if (!read.ok || !read.data) {
      problems.push(`could not read ${file}`);
      continue;
    }
    const resolved = keepBothSides(read.data.content);
    const wrote = await session.write(file, resolved, `Keeping both sides of the conflict in ${file}.`);
    if (wrote.ok) done.push(file);
    else problems.push(`could not write ${file}: ${wrote.content}`);
  }
  const parts = [done.length ? `Resolved the merge conflicts in ${done.join(', ')} by keeping both sides.` : 'No conflict was resolved.'];
  if (problems.length) parts.push(`Problems: ${problems.join('; ')}.`);
  return parts.join(' ');
}
