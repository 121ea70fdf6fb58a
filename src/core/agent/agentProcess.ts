// Spawns and supervises one `claude -p` process (or re-attaches to one after a restart).
// - No shell: the prompt is one argv element, so quotes, $(), backticks and newlines arrive verbatim.
// - Detached, in its own process group, stdout/stderr straight into files: the agent outlives the
//   extension host or CLI that started it, and its log is complete whoever reads it.
// - An agent that writes nothing for `staleAfterMs` is killed with its whole tree and reported stale.
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadExeca } from '../process/execa';
import { agentEnvironment } from './agentEnv';
import { killProcessTree } from '../process/killTree';
import { isProcessAlive, processStartTime } from '../process/processInfo';
import { applyEvent, emptyActivity, type AgentActivity } from './agentActivity';
import { LogFollower } from './logFollower';
import { parseStreamLine, type AgentEvent } from './streamEvents';

/** Marks every agent's environment so a restarted owner can find one it had not yet recorded. */
export const EXECUTION_ENV = 'SPECFLOW_EXECUTION_ID';

export interface AgentOutcome {
  executionId: string;
  exitCode: number | null;
  signal: string | null;
  activity: AgentActivity;
  stale: boolean;
  cancelled: boolean;
  /** We re-attached after a restart: the exit code is unknowable, only the log speaks. */
  attached: boolean;
  durationMs: number;
  stderrTail: string;
  /** Set by the caller when the init line showed that claude does not know the requested skill. */
  missingSkill?: string;
  /** We let go of a still-running agent (another owner took over): it was left alone, not killed. */
  released?: boolean;
}

export interface SuperviseOptions {
  executionId: string;
  logPath: string;
  stderrPath: string;
  staleAfterMs: number;
  signal?: AbortSignal;
  /** Stop watching without stopping the agent (a takeover by another owner, a window closing). */
  release?: AbortSignal;
  onEvent?: (e: AgentEvent, activity: AgentActivity) => void;
}

export interface SpawnOptions extends SuperviseOptions {
  claudePath: string;
  cwd: string;
  args: string[];
  env?: Record<string, string>;
  /** Called as soon as the pid is known, before any output is awaited (the engine persists it). */
  onSpawn?: (pid: number, pidStartTime: string | undefined) => void | Promise<void>;
}

export interface AttachOptions extends SuperviseOptions {
  pid: number;
  pidStartTime?: string;
  startedAt: number;
}

export class AgentSpawnError extends Error {
  constructor(
    message: string,
    readonly claudePath: string,
  ) {
    super(message);
    this.name = 'AgentSpawnError';
  }
}

function tail(path: string, bytes = 4000): string {
  try {
    const size = statSync(path).size;
    const text = readFileSync(path)
      .subarray(Math.max(0, size - bytes))
      .toString('utf8');
    return text.trim();
  } catch {
    return '';
  }
}

/** The stale timer and the cancel signal of one supervised agent: either one kills its process tree. */
class Guard {
  stale = false;
  cancelled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kill: () => void,
    private readonly staleAfterMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.arm();
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Any output restarts the stale timer. */
  readonly arm = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stale = true;
      this.kill();
    }, this.staleAfterMs);
  };

  private readonly onAbort = (): void => {
    this.cancelled = true;
    this.kill();
  };

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** Resolves when the owner lets go of the agent (it is left running). */
/** Resolves when the process lets go of the run; `dispose` removes the listener once the agent ended (a run
 * makes many calls on the same release signal, and each would otherwise leave one behind). */
function whenReleased(release: AbortSignal | undefined): { released: Promise<'released'>; dispose: () => void } {
  let listener: (() => void) | undefined;
  const released = new Promise<'released'>((resolve) => {
    if (release?.aborted) resolve('released');
    listener = () => resolve('released');
    release?.addEventListener('abort', listener, { once: true });
  });
  return { released, dispose: () => listener && release?.removeEventListener('abort', listener) };
}

/** Follows the log, enforces the stale timeout and honours the abort signal until `exited` settles. */
async function supervise(
  opts: SuperviseOptions,
  pid: number,
  pidStartTime: string | undefined,
  exited: Promise<{ exitCode: number | null; signal: string | null }>,
  startedAt: number,
  attached: boolean,
): Promise<AgentOutcome> {
  const activity = emptyActivity();
  const guard = new Guard(() => void killProcessTree(pid, { ...(pidStartTime ? { startTime: pidStartTime } : {}) }), opts.staleAfterMs, opts.signal);
  const onLine = (line: string) => {
    activity.lines++;
    for (const e of parseStreamLine(line)) {
      applyEvent(activity, e);
      opts.onEvent?.(e, activity);
    }
  };
  const follower = new LogFollower(opts.logPath, onLine, guard.arm);
  const base = { executionId: opts.executionId, activity, attached };
  try {
    await follower.start();
    const release = whenReleased(opts.release);
    const ended = await Promise.race([exited, release.released]).finally(release.dispose);
    if (ended === 'released') {
      const { stale, cancelled } = guard;
      return { ...base, exitCode: null, signal: null, stale, cancelled, durationMs: Date.now() - startedAt, stderrTail: '', released: true };
    }
    // The group may still hold children the agent left behind; they must not outlive the run.
    await killProcessTree(pid, { graceMs: 500 });
    const { stale, cancelled } = guard;
    return { ...base, exitCode: ended.exitCode, signal: ended.signal, stale, cancelled, durationMs: Date.now() - startedAt, stderrTail: tail(opts.stderrPath) };
  } finally {
    guard.dispose();
    await follower.close();
  }
}

export async function spawnAgent(opts: SpawnOptions): Promise<AgentOutcome> {
  mkdirSync(dirname(opts.logPath), { recursive: true });
  const execa = await loadExeca();
  const out = openSync(opts.logPath, 'a');
  const err = openSync(opts.stderrPath, 'a');
  const startedAt = Date.now();
  let child;
  try {
    child = execa(opts.claudePath, opts.args, {
      cwd: opts.cwd,
      env: agentEnvironment(process.env, { ...opts.env, [EXECUTION_ENV]: opts.executionId }),
      extendEnv: false,
      detached: true,
      cleanup: false,
      stdin: 'ignore',
      // Raw descriptors: the child writes the files itself, so its log survives us. execa passes integer
      // fds straight through at runtime, but its typings only accept literal fd numbers.
      stdout: out as unknown as 1,
      stderr: err as unknown as 2,
      reject: false,
      windowsHide: true,
    });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const pid = child.pid;
  if (!pid) {
    const r = await child;
    throw new AgentSpawnError(`could not start ${opts.claudePath}: ${r.shortMessage ?? r.message ?? 'no pid'}`, opts.claudePath);
  }
  const pidStartTime = processStartTime(pid);
  await opts.onSpawn?.(pid, pidStartTime);
  const exited = child.then((r) => {
    if (r.failed && r.exitCode === undefined && !r.signal) {
      // ENOENT/EACCES etc.: the process never ran.
      throw new AgentSpawnError(`could not start ${opts.claudePath}: ${r.shortMessage ?? r.message}`, opts.claudePath);
    }
    return { exitCode: r.exitCode ?? null, signal: r.signal ?? null };
  });
  return supervise(opts, pid, pidStartTime, exited, startedAt, false);
}

/** Waits for a process that is not our child (we cannot `wait()` on it): poll its liveness gently. */
function waitForExit(pid: number, startTime: string | undefined, signal?: AbortSignal): Promise<{ exitCode: null; signal: null }> {
  return new Promise((resolve) => {
    const tick = () => {
      if (!isProcessAlive(pid, startTime)) return resolve({ exitCode: null, signal: null });
      setTimeout(tick, signal?.aborted ? 50 : 500);
    };
    tick();
  });
}

export async function attachAgent(opts: AttachOptions): Promise<AgentOutcome> {
  return supervise(opts, opts.pid, opts.pidStartTime, waitForExit(opts.pid, opts.pidStartTime, opts.signal), opts.startedAt, true);
}
