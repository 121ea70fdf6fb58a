// Runs the gate command once, in the project, and reports what it showed. The command runs detached, as the
// leader of its own process group, with stdout and stderr both appended to the gate log (one descriptor, so
// the two stay interleaved as the user would have seen them). On timeout or abort the whole tree is killed:
// test runners start workers, servers and browsers that must not outlive the gate.
//
// runGate never throws for anything the command does — failing tests, a crash, a timeout, or a command that
// cannot start (not installed, not executable, or exit 127 "not found" from a shell: `startError`, which
// compareToBaseline always counts as worse).
// It throws only when the log itself cannot be written.
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { loadExeca } from '../process/execa';
import { killProcessTree } from '../process/killTree';
import { endGateLog, outputTail, readGateOutput, startGateLog } from './gateLog';
import type { GateResult, GateSpec } from '../model/gate';
import { describeExit, formatGateDuration } from './gateText';
import { cleanOutput } from './parsers/parsedOutput';
import { parseTestOutput } from './parsers/parseTestOutput';

export interface RunGateOptions {
  /** The project folder (or the run's worktree); the command runs here. */
  cwd: string;
  spec: GateSpec;
  timeoutMs: number;
  /** Appended to, never truncated. */
  logPath: string;
  /** Aborting kills the gate's process tree; the result says `aborted`. */
  signal?: AbortSignal;
  /** Added to the inherited environment. CI=true unless given here, so watch-mode runners run once and exit. */
  env?: Record<string, string>;
  /** A JUnit XML report the command writes (relative to cwd); read when it was written during this run. */
  junitPath?: string;
  /** Names the run in the log header: "baseline", "batch 2". */
  label?: string;
  /** Called with the pid as soon as the process exists (a caller may record it to kill it after a crash). */
  onSpawn?: (pid: number) => void;
}

/** A JUnit report larger than this is left unread (parsing it would stall the event loop for seconds). */
const MAX_REPORT_BYTES = 32 * 1024 * 1024;
/** Enough raw output to yield the tail's lines after colour codes are removed. */
const TAIL_SOURCE_CHARS = 64 * 1024;

interface Ending {
  exitCode: number | null;
  signal: string | null;
  startError?: string;
}

function userShell(): string {
  const shell = process.env['SHELL'];
  return shell && isAbsolute(shell) ? shell : '/bin/sh';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function spawnFailure(program: string, code: string | undefined, message: string): string {
  if (code === 'ENOENT') return `"${program}" was not found: is it installed and on PATH?`;
  if (code === 'EACCES') return `"${program}" is not executable (permission denied)`;
  return `"${program}" could not be started: ${message}`;
}

/** A JUnit report the command wrote during this run; an older one would describe some other run. */
function freshReport(cwd: string, junitPath: string | undefined, since: number): string | undefined {
  if (!junitPath) return undefined;
  const path = isAbsolute(junitPath) ? junitPath : join(cwd, junitPath);
  try {
    const stat = statSync(path);
    if (stat.mtimeMs < since - 1000 || stat.size > MAX_REPORT_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function execute(opts: RunGateOptions, onPid: (pid: number) => void): Promise<Ending> {
  const { argv, shell } = opts.spec;
  const [file, ...args] = argv ?? [opts.env?.['SHELL'] ?? userShell(), '-c', shell ?? ''];
  if (!file) return { exitCode: null, signal: null, startError: 'the gate command is empty' };
  if (!isDirectory(opts.cwd)) return { exitCode: null, signal: null, startError: `the project folder ${opts.cwd} does not exist` };
  const execa = await loadExeca();
  const out = openSync(opts.logPath, 'a');
  let child;
  try {
    child = execa(file, args, {
      cwd: opts.cwd,
      env: { CI: 'true', ...opts.env },
      extendEnv: true,
      detached: true,
      stdin: 'ignore',
      // Raw descriptors: the child writes the log itself (execa's typings only accept literal fd numbers).
      stdout: out as unknown as 1,
      stderr: out as unknown as 2,
      reject: false,
      windowsHide: true,
    });
  } finally {
    closeSync(out);
  }
  if (child.pid) onPid(child.pid);
  const r = await child;
  if (r.failed && r.exitCode === undefined && !r.signal) {
    const code = 'code' in r && typeof r.code === 'string' ? r.code : undefined;
    return { exitCode: null, signal: null, startError: spawnFailure(file, code, r.shortMessage ?? r.message ?? 'unknown error') };
  }
  return { exitCode: r.exitCode ?? null, signal: r.signal ?? null };
}

/**
 * Exit 127 is how a shell (and `npm test`, which runs its script through one) says a command was not found:
 * typically a tool that is not installed where the gate runs (no node_modules in a fresh worktree). That gate
 * proves nothing, so it is a start error, not a failing test run an identical baseline would excuse.
 */
function notFoundInShell(run: Ending, tail: string): string | undefined {
  if (run.exitCode !== 127 || run.startError) return undefined;
  const lines = tail.split('\n').filter((l) => l.trim());
  const said = lines.reverse().find((l) => /not found|no such file/i.test(l)) ?? lines[0];
  return `a command it runs was not found (exit 127)${said ? `: ${said.trim()}` : ''}`;
}

interface Supervised extends Ending {
  timedOut: boolean;
  aborted: boolean;
}

/** Runs the command under the timeout and the abort signal; kills the process tree on either, and after exit. */
async function supervise(opts: RunGateOptions): Promise<Supervised> {
  if (opts.signal?.aborted) return { exitCode: null, signal: null, timedOut: false, aborted: true };
  let timedOut = false;
  let aborted = false;
  let pid: number | undefined;
  let killing: Promise<void> | undefined;
  const kill = () => {
    if (pid && !killing) killing = killProcessTree(pid);
  };
  const onAbort = () => {
    aborted = true;
    kill();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, opts.timeoutMs);
  let ending: Ending;
  try {
    ending = await execute(opts, (p) => {
      pid = p;
      opts.onSpawn?.(p);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  await killing;
  // Whatever the leader left running in its group (a server, a worker) must not outlive the gate.
  if (pid) await killProcessTree(pid, { graceMs: 500 });
  return { ...ending, timedOut, aborted: aborted && !timedOut };
}

export async function runGate(opts: RunGateOptions): Promise<GateResult> {
  const startedAt = new Date();
  const offset = startGateLog(opts.logPath, opts.spec.command, opts.label, startedAt);
  const run = await supervise(opts);
  const durationMs = Date.now() - startedAt.getTime();
  const output = readGateOutput(opts.logPath, offset);
  const tail = outputTail(cleanOutput(output.slice(-TAIL_SOURCE_CHARS)));
  run.startError ??= notFoundInShell(run, tail);
  const parsed = run.startError ? undefined : parseTestOutput(output, freshReport(opts.cwd, opts.junitPath, startedAt.getTime()));
  const result: GateResult = {
    command: opts.spec.command,
    startedAt: startedAt.toISOString(),
    durationMs,
    exitCode: run.exitCode,
    signal: run.signal,
    timedOut: run.timedOut,
    timeoutMs: opts.timeoutMs,
    aborted: run.aborted,
    ...(run.startError ? { startError: run.startError } : {}),
    logPath: opts.logPath,
    ...(parsed ? { format: parsed.format, ...(parsed.counts ? { counts: parsed.counts } : {}) } : {}),
    failingTests: parsed?.failingTests ?? [],
    ...(parsed?.failingTestsTruncated ? { failingTestsTruncated: true } : {}),
    outputTail: run.startError && !tail ? run.startError : tail,
  };
  endGateLog(opts.logPath, `gate ${describeExit(result)} · ran ${formatGateDuration(durationMs)}`);
  return result;
}
