// What tests poll on: a condition becoming true, and a process still running. Written independently of the
// product's isProcessAlive on purpose: the tests check that the product really stops processes.
import { readFileSync } from 'node:fs';

export async function waitFor<T>(fn: () => T | undefined | false | null, timeoutMs: number, what = 'condition', stepMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Running and not a zombie (in a container an orphan may stay a zombie when PID 1 does not reap it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]; // comm may hold spaces and ')'
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
