// Waits for another process's run to reach one of `statuses` (after a cancel request to its owner),
// watching the state file and polling gently in case the watcher misses a rename.
import { watch } from 'node:fs';
import type { OrchestrationExecution } from '../model/execution';
import type { RunStatus } from '../model/statuses';
import type { ExecutionStore } from '../store/executionStore';
import { stateFile } from '../store/paths';

export function awaitStatus(store: ExecutionStore, id: string, statuses: readonly RunStatus[], timeoutMs: number): Promise<OrchestrationExecution> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = async () => {
      const e = await store.load(id).catch(() => undefined);
      if (!settled && e && statuses.includes(e.status)) {
        settled = true;
        cleanup();
        resolve(e);
      }
    };
    const watcher = watch(stateFile(store.projectPath, id), () => void check());
    watcher.on('error', () => undefined);
    const poll = setInterval(() => void check(), 250);
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new Error(`the owner of orchestration ${id} did not act on the request within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    const cleanup = () => {
      watcher.close();
      clearInterval(poll);
      clearTimeout(timer);
    };
    void check();
  });
}
