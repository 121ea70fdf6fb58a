// Notices when a run's state file changes, for runs driven by another process (the CLI, a VS Code window).
// The file is replaced by rename on every save, so the directory is watched, not the file; a slow poll of
// the file's identity covers file systems where fs.watch stays silent (network mounts, some containers).
import { watch, type FSWatcher, statSync } from 'node:fs';
import { basename } from 'node:path';
import { stateFile, workflowsDir } from '../core/store/paths';

const POLL_MS = 1_000;
const SETTLE_MS = 20;

function identity(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** Calls `onChange` after the state file of run `id` changed; returns the function that stops watching. */
export function watchStateFile(projectPath: string, id: string, onChange: () => void): () => void {
  const file = stateFile(projectPath, id);
  const name = basename(file);
  let last = identity(file);
  let settle: NodeJS.Timeout | undefined;
  const check = () => {
    const now = identity(file);
    if (now === last) return;
    last = now;
    onChange();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(workflowsDir(projectPath), { persistent: false }, (_event, changed) => {
      if (changed && changed !== name) return;
      clearTimeout(settle);
      settle = setTimeout(check, SETTLE_MS);
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined; // the poll alone keeps the stream going
  }
  const poll = setInterval(check, POLL_MS);
  poll.unref();
  return () => {
    watcher?.close();
    clearInterval(poll);
    clearTimeout(settle);
  };
}
