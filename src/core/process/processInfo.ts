// Facts about other processes: alive or not, and their kernel start time, so that a pid recycled by the
// OS is never mistaken for the agent or owner we recorded.
import { readFileSync, readdirSync } from 'node:fs';

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
export function processStartTime(pid: number): string | undefined {
  const stat = readStat(pid);
  if (!stat) return undefined;
  return stat.fields[19]; // fields after "(comm) ": state is [0], starttime is overall field 22 → index 19
}

function readStat(pid: number): { state: string; fields: string[] } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm may contain spaces and parentheses: split after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '', fields: rest };
}

/**
 * True when `pid` is a running (not zombie) process and, when `startTime` is given and readable, it is
 * the same process that was recorded.
 */
export function isProcessAlive(pid: number | undefined, startTime?: string): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else, which still means alive.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readStat(pid);
  if (!stat) return process.platform !== 'linux';
  // A zombie has exited; its parent (maybe init in a container) just has not reaped it yet.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  if (startTime && stat.fields[19] && stat.fields[19] !== startTime) return false;
  return true;
}

/**
 * Processes whose environment carries `NAME=value` (Linux only). Agents are spawned with
 * SPECFLOW_EXECUTION_ID in their environment, so one that was started just before its owner died —
 * before its pid reached the state file — can still be found and adopted instead of orphaned.
 */
export function findProcessesByEnv(name: string, value: string): number[] {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`${name}=${value}\0`);
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`);
      if (env.indexOf(needle) === 0 || env.includes(Buffer.concat([Buffer.from([0]), needle]))) {
        if (isProcessAlive(pid)) found.push(pid);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found.sort((a, b) => a - b);
}
