// Stops an agent and everything it started. Agents run detached as the leader of their own process group,
// so the group signal reaches grandchildren even after the agent itself has exited; pidtree catches any
// descendant that moved to another group (setsid) while its parent was still alive.
import pidtree from 'pidtree';
import { isProcessAlive } from './processInfo';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM the tree, then SIGKILL whatever is left after `graceMs`. Resolves when nothing is left (or after the kill). */
export async function killProcessTree(pid: number, opts: { graceMs?: number; startTime?: string } = {}): Promise<void> {
  const graceMs = opts.graceMs ?? 1500;
  // Nothing left (the usual case after a clean exit): skip the `ps` call pidtree makes — it sits on the
  // handoff path between two batches.
  if (!isProcessAlive(pid, opts.startTime) && !groupAlive(pid)) return;
  let descendants: number[] = [];
  try {
    descendants = await pidtree(pid);
  } catch {
    // the leader is already gone; the group signal below still reaches its children
  }
  signalGroup(pid, 'SIGTERM');
  signalPid(pid, 'SIGTERM');
  for (const d of descendants) signalPid(d, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  const anyAlive = () => groupAlive(pid) || isProcessAlive(pid) || descendants.some((d) => isProcessAlive(d));
  while (Date.now() < deadline && anyAlive()) await sleep(50);
  if (anyAlive()) {
    signalGroup(pid, 'SIGKILL');
    signalPid(pid, 'SIGKILL');
    for (const d of descendants) signalPid(d, 'SIGKILL');
    for (let i = 0; i < 20 && anyAlive(); i++) await sleep(25);
  }
}
