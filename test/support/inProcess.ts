// In-process engine runs: the real driver, store, status provider and tasks.md in a temp project, with a
// fake clock (waits pass instantly, virtual time moves) and a fake agent port that acts on the project's
// files like an agent would (checks tasks off, fails, lies) and answers in the CLI's stream-json lines.
// A state-machine case runs in milliseconds; the CLI-level tests in test/engine prove the real wiring.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyEvent, emptyActivity } from '../../src/core/agent/agentActivity';
import type { AgentOutcome, AttachOptions, SpawnOptions } from '../../src/core/agent/agentProcess';
import { parseStreamLine } from '../../src/core/agent/streamEvents';
import type { AgentPort, Clock } from '../../src/core/engine/ports';
import { CancelStop } from '../../src/core/engine/stops';
import type { OrchestrationConfigInput } from '../../src/core/model/config';
import type { OrchestrationExecution } from '../../src/core/model/execution';
import { ProjectOrchestrator } from '../../src/core/service/projectOrchestrator';
import { FEATURE, makeProject, type TestProject } from './projects';

export class FakeClock implements Clock {
  /** Virtual milliseconds since the epoch; starts at the real time so stored timestamps look real. */
  t = Date.now();
  readonly sleeps: number[] = [];
  /** When set, a sleep lasts until its signal aborts (a test pauses or cancels during a wait). */
  hold = false;

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new CancelStop());
    this.sleeps.push(ms);
    if (this.hold) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new CancelStop()), { once: true }));
    this.t += ms;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

export type CallKind = 'design' | 'analyze' | 'implement' | 'heal' | 'verify' | 'merge' | 'decision' | 'other';

export interface FakeCall {
  n: number;
  kind: CallKind;
  prompt: string;
  args: string[];
  taskIds: string[];
  maxBudgetUsd: number | undefined;
  resume: string | undefined;
  model: string | undefined;
}

/** What a fake agent does with a call. Defaults: complete its tasks, cost $0.01, succeed. */
export interface FakeAct {
  /** Check off only the first `check` of the call's tasks (all by default). */
  check?: number;
  costUsd?: number;
  /** End with an error result (is_error) of this text; `apiErrorStatus` and `subtype` as the CLI would. */
  error?: { text: string; apiErrorStatus?: number | null; subtype?: string };
  /** No result line: a crash. */
  crash?: boolean;
  /** Extra stream-json lines before the result (e.g. a rate_limit_event). */
  lines?: object[];
  structured?: unknown;
  /** Files to write (relative to the project) when the call runs. */
  write?: Record<string, string>;
  /** Anything else the agent does, in the project directory (a git commit, a merge…). */
  run?: (projectDir: string) => void | Promise<void>;
  /** The stop_reason of the result (claude's last turn): `tool_use` when background work ended -p early. */
  stopReason?: string;
}

export type Script = (call: FakeCall) => FakeAct | void;

function kindOf(prompt: string, args: string[]): CallKind {
  if (args.some((a) => a.startsWith('--json-schema'))) return 'decision';
  if (prompt.startsWith('SpecFlow healer:')) return 'heal';
  const m = prompt.match(/^\/[\w.:-]*?(design|plan|tasks|analyze|implement|verify|merge)\b/);
  if (m) return (m[1] === 'plan' || m[1] === 'tasks' ? 'design' : m[1]) as CallKind;
  if (/^Verify the implementation/.test(prompt)) return 'verify';
  if (/^Merge the finished feature/.test(prompt)) return 'merge';
  return 'other';
}

function taskIdsOf(prompt: string): string[] {
  const block = prompt.split('Do ONLY these tasks, in this order, and nothing else:\n')[1];
  if (!block) return [];
  return block
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2).split(' ')[0]!);
}

function flag(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export class FakeAgents implements AgentPort {
  readonly calls: FakeCall[] = [];
  private pid = 100_000;
  /** The tasks each session was given, so a resumed session ("continue") carries on with them. */
  private readonly sessionTasks = new Map<string, { kind: CallKind; taskIds: string[] }>();

  constructor(
    private readonly project: TestProject,
    private script: Script = () => undefined,
  ) {}

  setScript(script: Script): void {
    this.script = script;
  }

  private checkOff(ids: string[]): void {
    let text = readFileSync(this.project.tasksFile, 'utf8');
    for (const id of ids) text = text.replace(new RegExp(`^(\\s*[-*+] )\\[ \\]( .*\\b${id}\\b)`, 'm'), '$1[x]$2');
    writeFileSync(this.project.tasksFile, text);
  }

  async spawn(opts: SpawnOptions): Promise<AgentOutcome> {
    const prompt = opts.args[opts.args.indexOf('--') + 1] ?? '';
    const budget = flag(opts.args, 'max-budget-usd');
    const call: FakeCall = {
      n: this.calls.length + 1,
      kind: (kindOf(prompt, opts.args) === 'other' && this.sessionTasks.get(flag(opts.args, 'resume') ?? '')?.kind) || kindOf(prompt, opts.args),
      prompt,
      args: opts.args,
      taskIds: taskIdsOf(prompt).length || !flag(opts.args, 'resume') ? taskIdsOf(prompt) : (this.sessionTasks.get(flag(opts.args, 'resume')!)?.taskIds ?? []),
      maxBudgetUsd: budget === undefined ? undefined : Number(budget),
      resume: flag(opts.args, 'resume'),
      model: flag(opts.args, 'model'),
    };
    this.calls.push(call);
    const act = this.script(call) ?? {};
    await opts.onSpawn?.(++this.pid, undefined);
    for (const [rel, content] of Object.entries(act.write ?? {})) {
      mkdirSync(dirname(join(this.project.dir, rel)), { recursive: true });
      writeFileSync(join(this.project.dir, rel), content);
    }
    if (call.kind === 'implement' || call.kind === 'heal') this.checkOff(call.taskIds.slice(0, act.check ?? call.taskIds.length));
    await act.run?.(this.project.dir);
    // --resume keeps the session id (claude-cli.md §4); --fork-session mints a new one.
    const sessionId = call.resume && !opts.args.includes('--fork-session') ? call.resume : `00000000-0000-4000-8000-${String(call.n).padStart(12, '0')}`;
    this.sessionTasks.set(sessionId, { kind: call.kind, taskIds: call.taskIds });
    const lines: object[] = [
      {
        type: 'system',
        subtype: 'init',
        session_id: sessionId,
        model: call.model ?? 'claude-fake',
        slash_commands: [
          'flow.design',
          'flow.analyze',
          'flow.implement',
          'flow.verify',
          'flow.merge',
          'speckit.plan',
          'speckit.tasks',
          'speckit.analyze',
          'speckit.implement',
        ],
      },
      ...(act.lines ?? []),
    ];
    if (!act.crash) lines.push(resultLine(sessionId, act));
    return this.finish(opts, lines, act.crash ? 1 : act.error ? 1 : 0);
  }

  private finish(opts: SpawnOptions, lines: object[], exitCode: number): AgentOutcome {
    const activity = emptyActivity();
    mkdirSync(dirname(opts.logPath), { recursive: true });
    for (const line of lines) {
      const text = JSON.stringify(line);
      appendFileSync(opts.logPath, text + '\n');
      activity.lines++;
      for (const e of parseStreamLine(text)) {
        applyEvent(activity, e);
        opts.onEvent?.(e, activity);
      }
    }
    writeFileSync(opts.stderrPath, '');
    return {
      executionId: opts.executionId,
      exitCode,
      signal: null,
      activity,
      stale: false,
      cancelled: Boolean(opts.signal?.aborted),
      attached: false,
      durationMs: 5,
      stderrTail: '',
    };
  }

  attach(_opts: AttachOptions): Promise<AgentOutcome> {
    return Promise.reject(new Error('the fake agent port never leaves an agent running to re-attach to'));
  }
  isAlive(): boolean {
    return false;
  }
  findByMarker(): number[] {
    return [];
  }
  startTime(): string | undefined {
    return undefined;
  }
}

function resultLine(sessionId: string, act: FakeAct): object {
  const base = { type: 'result', session_id: sessionId, total_cost_usd: act.costUsd ?? 0.01, duration_ms: 5, num_turns: 2, permission_denials: [] };
  if (act.error) {
    const subtype = act.error.subtype ?? 'success';
    return subtype === 'success'
      ? { ...base, subtype, is_error: true, api_error_status: act.error.apiErrorStatus ?? null, result: act.error.text, stop_reason: 'stop_sequence' }
      : { ...base, subtype, is_error: true, errors: [act.error.text] };
  }
  return {
    ...base,
    subtype: 'success',
    is_error: false,
    api_error_status: null,
    result: 'Done.',
    stop_reason: act.stopReason ?? 'end_turn',
    ...(act.structured !== undefined ? { structured_output: act.structured } : {}),
  };
}

export interface InProcessRun {
  project: TestProject;
  clock: FakeClock;
  agents: FakeAgents;
  orchestrator: ProjectOrchestrator;
  start(config?: OrchestrationConfigInput): Promise<OrchestrationExecution>;
  tasksChecked(): string[];
}

/** A temp project driven in this process through the real ProjectOrchestrator with fake ports. */
export function inProcess(opts: { tasks: string; spec?: boolean; script?: Script; git?: boolean }): InProcessRun {
  const project = makeProject({ tasks: opts.tasks, ...(opts.spec === false ? { spec: false } : {}), git: opts.git ?? false });
  const clock = new FakeClock();
  const agents = new FakeAgents(project, opts.script);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  // claudePath only has to exist: the fake port never spawns it.
  const orchestrator = new ProjectOrchestrator(project.dir, { owner: 'in-process test', claudePath: process.execPath, logger: quiet, clock, agents });
  return {
    project,
    clock,
    agents,
    orchestrator,
    async start(config) {
      const handle = await orchestrator.start({ skipAnalyze: true, decisions: false, ...config });
      return handle.done;
    },
    tasksChecked: () => [...readFileSync(join(project.dir, FEATURE, 'tasks.md'), 'utf8').matchAll(/^\s*[-*+] \[x\] (T\d+)/gm)].map((m) => m[1]!),
  };
}
