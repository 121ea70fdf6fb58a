// SpecFlow's runtime files must never land in a commit, whoever runs `git add -A` (an agent, a merge
// skill, the user): transcripts and stderr logs, the lock, control requests, and the state files that
// change every second during a run. A `.gitignore` inside the folder covers them without touching the
// project's own .gitignore.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
