// SpecFlow's runtime files must never land in a commit, whoever runs `git add -A` (an agent, a merge
// skill, the user): transcripts and stderr logs, the lock, control requests, and the state files that
// change every second during a run. A `.gitignore` inside the folder covers them without touching the
// project's own .gitignore.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CONTENT = `# Written by SpecFlow: its runtime files (agent transcripts, stderr logs, the ownership lock, control
# requests, run state) are never committed, whoever runs \`git add -A\`.
*
!.gitignore
`;

/** Idempotent; an existing file (the user's own) is left alone. */
export function ensureRuntimeIgnored(dir: string): void {
  const file = join(dir, '.gitignore');
  if (existsSync(file)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, CONTENT);
}

/**
 * Keeps one file of a folder SpecFlow shares with others (`.specflow/`, where SpecFlow's CLI keeps state that is
 * committed) out of git: its name is added to that folder's .gitignore, which is created or appended to.
 */
export function ensureIgnoredEntry(dir: string, name: string): void {
  const file = join(dir, '.gitignore');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current?.split(/\r?\n/).some((l) => l.trim() === name || l.trim() === `/${name}`)) return;
  mkdirSync(dir, { recursive: true });
  const entry = `# Written by SpecFlow: a secret, never committed\n${name}\n`;
  if (current === undefined) writeFileSync(file, entry);
  else appendFileSync(file, `${current.endsWith('\n') || current === '' ? '' : '\n'}${entry}`);
}
