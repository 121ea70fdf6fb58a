// Helpers for the fault-injection suite (issue 7): real processes, the fake agent, /proc inspection.
// Not a test file itself (mocha only loads *.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrchestrationExecution } from '../../src/core/model/execution';
import { decodeState } from '../../src/core/store/decodeState';
import { STATE_FILE_PATTERN } from '../../src/core/store/paths';
import { FAKE_CLAUDE, runCli, runCliAsync } from '../support/cli';
import type { LogEntry } from '../fixtures/fakeClaude/callLog';
import type { TestProject } from '../support/projects';

export const claude = ['--claude', FAKE_CLAUDE];

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

import { alive } from '../support/polling';

export { alive, waitFor } from '../support/polling';

export interface ProcInfo {
  pid: number;
  cmd: string;
}

/**
 * Live processes whose initial environment holds any of `NAME=value` — how the suite finds what a test
 * started (the CLI, fake agents and their `sleep` grandchildren all carry the test's FAKE_CLAUDE_LOG;
 * agents also carry SPECFLOW_EXECUTION_ID).
 */
export function processesWithEnv(pairs: readonly string[]): ProcInfo[] {
  const needles = pairs.map((p) => Buffer.from(`${p}\0`));
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let env: Buffer;
    try {
      env = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue;
    }
    const hit = needles.some((n) => env.indexOf(n) === 0 || env.includes(Buffer.concat([Buffer.from([0]), n])));
    if (!hit || !alive(pid)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      // gone meanwhile
    }
    out.push({ pid, cmd });
  }
  return out;
}

/** Every process a test project started that is still alive (agents, grandchildren, CLIs). */
export function projectProcesses(p: TestProject): ProcInfo[] {
  return processesWithEnv([`FAKE_CLAUDE_LOG=${p.logFile}`]);
}

/** Suite-wide: processes a test left behind (each one an orphan; the cleanup below stops them). */
export const leftoverFigures = { tests: 0, orphans: 0 };

/** Safety net for a failing test: stop whatever it left running (only processes carrying its own marker). */
export function killLeftovers(p: TestProject): ProcInfo[] {
  const left = projectProcesses(p);
  leftoverFigures.tests++;
  leftoverFigures.orphans += left.length;
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left;
}

/**
 * A fault test's afterEach: stop what it left running, then remove its project if it passed, else keep it
 * and say where. Returns what was still running.
 */
export function finishProject(p: TestProject | undefined, test: Mocha.Test | undefined): ProcInfo[] {
  if (!p) return [];
  const left = killLeftovers(p);
  if (test?.state === 'passed') p.cleanup();
  else console.log(`      project kept for inspection: ${p.dir}`);
  return left;
}

/** `ps` agrees that none of these pids is running (zombies do not count): the lines it still shows. */
export function psLive(pids: number[]): string[] {
  const r = spawnSync('ps', ['-o', 'pid=,stat=,cmd=', '-p', pids.join(',')], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter((l) => l.trim() && !(l.trim().split(/\s+/)[1] ?? '').startsWith('Z'));
}

export function workflows(p: TestProject): string {
  return join(p.dir, '.specflow', 'workflows');
}

export function stateFileNames(p: TestProject): string[] {
  const dir = workflows(p);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => STATE_FILE_PATTERN.test(f));
}

export function corruptFileNames(p: TestProject): string[] {
  const dir = workflows(p);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.includes('.corrupt-'));
}

/** Reads every state file straight from disk and decodes it with the zod schema (no CLI, no side effects). */
export function readStates(p: TestProject): { ok: OrchestrationExecution[]; bad: { file: string; message: string }[] } {
  const ok: OrchestrationExecution[] = [];
  const bad: { file: string; message: string }[] = [];
  for (const f of stateFileNames(p)) {
    const text = readFileSync(join(workflows(p), f), 'utf8');
    const d = decodeState(text);
    if (d.ok) ok.push(d.execution);
    else bad.push({ file: f, message: d.message });
  }
  return { ok, bad };
}

/**
 * The project's one orchestration (or `id`), read straight from its state file and validated with the
 * schema: what `status --json` prints, without starting a CLI (the suite runs on a loaded 2-core box).
 */
export function stateOf(p: TestProject, id?: string): OrchestrationExecution {
  const { ok, bad } = readStates(p);
  assert.deepEqual(bad, [], 'every state file parses');
  const found = id ? ok.find((e) => e.id === id) : ok.length === 1 ? ok[0] : undefined;
  assert.ok(found, id ? `no orchestration ${id}` : `expected one orchestration, found ${ok.length}`);
  return found;
}

export function status(p: TestProject, id?: string): OrchestrationExecution {
  const r = runCli(['status', '--project', p.dir, ...(id ? ['--id', id] : []), '--json'], { env: p.env });
  assert.equal(r.code, 0, `status failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as OrchestrationExecution;
}

export function startAsync(p: TestProject, args: string[] = [], verb = 'start') {
  return runCliAsync([verb, '--project', p.dir, ...claude, ...args], { env: { ...process.env, ...p.env } });
}

/** Implement calls that worked on (any task of) this batch. */
export function callsForBatch(p: TestProject, taskIds: readonly string[], kinds: readonly string[] = ['implement']): LogEntry[] {
  return p.invocations().filter((c) => kinds.includes(String(c.kind)) && ((c.taskIds as string[] | null) ?? []).some((id) => taskIds.includes(id)));
}

/** Checks tasks off by hand, as a user fixing a failed batch would. */
export function checkOff(text: string, ids: readonly string[]): string {
  let out = text;
  for (const id of ids) out = out.replace(new RegExp(`^(\\s*[-*+] )\\[ \\]( ${id}\\b)`, 'm'), '$1[x]$2');
  return out;
}
