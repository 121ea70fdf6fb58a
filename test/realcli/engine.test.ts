// The ENGINE against the GENUINE claude binary (pinned devDependency) and the scripted fake Messages API.
// Run: node esbuild.mjs && npx mocha test/realcli/engine.test.ts --timeout 120000
//
// Every scenario drives the built headless CLI (`node dist/cli.js start --claude <real binary> …`) or the
// product's claudeHelper, never a test double of claude. The fake model answers DYNAMICALLY from what the CLI
// sends (a SessionRouter): it finds the task IDs and the tasks file in the expanded /flow.implement text, Reads
// the file and Edits each task line, so no scenario knows the session ids the engine and the CLI choose.
//
// Environment: the specflow process gets only PATH and a fresh HOME; everything claude needs to stay on loopback
// (ANTHROPIC_BASE_URL, the API key, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC, CLAUDE_CODE_MAX_RETRIES, API_TIMEOUT_MS…)
// reaches the agent ONLY through the documented `--agent-env NAME=value` option — so every scenario that gets
// an answer from the fake proves that option works.
//
// Each scenario has its own fake server, HOME and project, so the scenarios run concurrently (a small pool: a
// claude start-up costs ~1.2 CPU-s on 2 cores); the ones that mostly sleep (529 backoff, the hanging cancel) skip
// the pool.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { z } from 'zod';
import { buildClaudeArgs } from '../../src/core/agent/claudeArgs';
import type * as ClaudeHelperModule from '../../src/core/agent/claudeHelper';
import type * as ClaudeVersionModule from '../../src/core/agent/claudeVersion';
import type { AgentRun, OrchestrationExecution } from '../../src/core/model/execution';
import { CLI, ROOT } from '../support/cli';
import {
  checkOff,
  combine,
  costOf,
  bodyField,
  lastToolResults,
  messageRoles,
  messagesOf,
  read,
  startFakeAnthropic,
  structuredOutput,
  text,
  usageForCost,
  type FakeApi,
  type LoggedRequest,
  type SessionRouter,
  type TurnSpec,
  type Usage,
} from './fakeAnthropic';
import { claudeVersion, cleanup, isolatedEnv, makeHome, makeProject, parseJsonLines, resolveClaudeBinary, runClaude, type Project } from './claudeEnv';
import { parseResult, type CliEvent } from './streamJson';

/**
 * claudeHelper and claudeVersion spawn through execa, which is ESM-only and cannot be loaded through tsx's require
 * hook: bundle them the way the CLI ships them (zod external, so the test's schemas are the helper's zod).
 */
type AgentModules = typeof ClaudeHelperModule & Pick<typeof ClaudeVersionModule, 'MIN_CLAUDE_VERSION'>;
function loadAgentModules(): AgentModules {
  const outfile = path.join(ROOT, 'dist', 'test', 'realcli-agent.cjs');
  buildSync({
    stdin: {
      contents: "export * from './src/core/agent/claudeHelper';\nexport { MIN_CLAUDE_VERSION } from './src/core/agent/claudeVersion';\n",
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'realcli-agent.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['zod'],
    outfile,
    logLevel: 'error',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as AgentModules;
}
let agent: AgentModules;

const POOL = Number(process.env.REALCLI_POOL ?? 3);
const TRACE = !!process.env.REALCLI_TRACE;
const SPECFLOW_TIMEOUT_MS = 110_000;
const FEATURE = 'specs/001-feature';
const TASKS_REL = `${FEATURE}/tasks.md`;

let BIN = '';
let T0 = Date.now();
const apis: FakeApi[] = [];

// ---------------------------------------------------------------------------------------------
// Projects, environment, the specflow process

const SKILLS = ['design', 'analyze', 'implement', 'verify', 'merge'];
const command = (name: string) => `---\ndescription: ${name} for SpecFlow tests\n---\nRun ${name} for this feature.\n\n$ARGUMENTS\n`;

/** A spec-kit-like project: spec.md, plan.md, tasks.md and the /flow.* commands (bodies take $ARGUMENTS). */
function specProject(tasks: string): Project {
  return makeProject(
    { [`${FEATURE}/spec.md`]: '# Feature spec\n\nUsers can do things.\n', [`${FEATURE}/plan.md`]: '# Plan\n\nTypeScript.\n', [TASKS_REL]: tasks },
    { commands: Object.fromEntries(SKILLS.map((s) => [`flow.${s}`, command(`flow.${s}`)])) },
  );
}

interface Ctx {
  name: string;
  api: FakeApi;
  home: string;
  proj: Project;
  tasksPath: string;
}

async function ctx(name: string, tasks: string, brain: Brain = {}): Promise<Ctx> {
  const api = await startFakeAnthropic();
  apis.push(api);
  const proj = specProject(tasks);
  const c: Ctx = { name, api, home: makeHome(), proj, tasksPath: proj.path(TASKS_REL) };
  api.setRouter(router(c, brain));
  return c;
}

/**
 * `--agent-env NAME=value` for everything claude needs (isolatedEnv minus PATH and HOME, which the specflow
 * process passes on itself). `extra` adds or overrides (e.g. CLAUDE_CODE_MAX_RETRIES=2).
 */
function agentEnv(c: Ctx, extra: Record<string, string> = {}): string[] {
  const env = isolatedEnv({ port: c.api.port, home: c.home, extra });
  return Object.entries(env)
    .filter(([k]) => k !== 'PATH' && k !== 'HOME')
    .flatMap(([k, v]) => ['--agent-env', `${k}=${v}`]);
}

interface SpecflowResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** `node dist/cli.js <args>` with an env built from scratch: PATH and the scenario's HOME, nothing else. */
function specflow(c: Ctx, args: string[], timeoutMs = SPECFLOW_TIMEOUT_MS): { done: Promise<SpecflowResult>; pid: number | undefined } {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: c.proj.dir,
    env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: c.home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own group: the hard timeout reaches the claude it drives too
  });
  const done = new Promise<SpecflowResult>((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - t0;
      if (TRACE) console.log(`    [specflow] ${c.name}: +${t0 - T0}ms ${ms}ms exit=${code} ${args[0]}`);
      resolve({ code, signal, stdout, stderr, ms, timedOut });
    });
  });
  return { done, pid: child.pid };
}

function start(c: Ctx, flags: string[], env: Record<string, string> = {}, opts: { claude?: string } = {}) {
  return specflow(c, ['start', '--project', c.proj.dir, '--claude', opts.claude ?? BIN, ...flags, ...agentEnv(c, env)]);
}

/** The state file as the run left it. */
function state(c: Ctx): OrchestrationExecution {
  const dir = path.join(c.proj.dir, '.specflow', 'workflows');
  const files = fs.readdirSync(dir).filter((f) => /^orchestration-.*\.json$/.test(f));
  assert.equal(files.length, 1, `one state file in ${dir}: ${files.join(', ')}`);
  return JSON.parse(fs.readFileSync(path.join(dir, files[0]!), 'utf8')) as OrchestrationExecution;
}

/** A run's stream-json log (what the real CLI printed), parsed. */
function runLog(c: Ctx, run: AgentRun): CliEvent[] {
  return parseJsonLines(fs.readFileSync(path.join(c.proj.dir, run.logPath), 'utf8'));
}

function msgs(c: Ctx, sessionId?: string): LoggedRequest[] {
  return c.api.requests.filter((r) => r.kind === 'messages' && (!sessionId || r.sessionId === sessionId));
}

/** total_cost_usd the CLI must report for a session: the fake's answered usage, priced for the default model. */
function expectedCost(c: Ctx, sessionId: string): number {
  return msgs(c, sessionId)
    .filter((r) => r.status === 200)
    .reduce((sum, r) => sum + costOf(r.usage!), 0);
}

const why = (r: SpecflowResult, c?: Ctx) =>
  `exit=${r.code} signal=${r.signal} timedOut=${r.timedOut} ${r.ms}ms\nstdout=${r.stdout.slice(-2500)}\nstderr=${r.stderr.slice(-2500)}` +
  (c ? `\nfake problems=${JSON.stringify(c.api.problems)}` : '');

async function waitUntil(fn: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// The scripted model: reads what the CLI sent and answers like an agent would

export interface BatchRequest {
  /** The task IDs of the batch, from the injected skill input. */
  ids: string[];
  /** Absolute path of the tasks file named in the input. */
  tasksFile: string;
  /** The text inside <command-args>: exactly what SpecFlow injected. */
  args: string;
}

interface Brain {
  implement?: (b: BatchRequest, req: LoggedRequest) => TurnSpec[];
  healer?: (b: BatchRequest, req: LoggedRequest) => TurnSpec[];
  verify?: (req: LoggedRequest) => TurnSpec[];
  /** Decision calls (claudeHelper through the engine). Default: a valid StructuredOutput for the schema asked. */
  decision?: (kind: 'disagreement' | 'classification', req: LoggedRequest) => TurnSpec[];
}

/** Task IDs and the tasks file from a SpecFlow task block (batch prompt or healer prompt). */
function parseTaskBlock(block: string, projectDir: string): { ids: string[]; tasksFile: string } {
  const tasksFile = /^Tasks file: (.+)$/m.exec(block)?.[1]?.trim();
  if (!tasksFile) throw new Error(`no "Tasks file:" line in ${JSON.stringify(block.slice(0, 300))}`);
  const list = block.split('Do ONLY these tasks')[1] ?? '';
  const ids = [...new Set([...list.matchAll(/^- (T\d{3,})\b/gm)].map((m) => m[1]!))];
  return { ids, tasksFile: path.resolve(projectDir, tasksFile) };
}

const DISAGREEMENT = { verdict: 'work_not_done', tasksActuallyDone: [], evidence: 'tasks.md was read but never edited' };
const CLASSIFICATION = {
  recoverable: true,
  kind: 'other',
  summary: 'The agent claimed success without checking off its tasks.',
  tasksDone: [],
  tasksLeft: [],
  suggestion: 'Do the remaining tasks and check them off in tasks.md.',
};

function router(c: Ctx, brain: Brain): SessionRouter {
  return (req) => {
    const last = c.api.lastUserText(req);
    if (last.includes('SpecFlow healer:')) {
      const b = { ...parseTaskBlock(last, c.proj.dir), args: last };
      return brain.healer ? brain.healer(b, req) : checkOff(b.tasksFile, b.ids, { finalText: `Healed: ${b.ids.join(', ')} done.` });
    }
    if (last.includes('SpecFlow decision:')) {
      const kind = last.includes('an agent reported success') ? 'disagreement' : 'classification';
      return brain.decision ? brain.decision(kind, req) : [structuredOutput(kind === 'disagreement' ? DISAGREEMENT : CLASSIFICATION)];
    }
    if (last.includes('<command-name>/flow.implement</command-name>')) {
      const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(last)?.[1] ?? '';
      const b = { ...parseTaskBlock(args, c.proj.dir), args };
      return brain.implement ? brain.implement(b, req) : checkOff(b.tasksFile, b.ids, { finalText: `Implemented ${b.ids.join(', ')}.` });
    }
    if (last.includes('<command-name>/flow.verify</command-name>')) {
      return brain.verify ? brain.verify(req) : [text('Verified: every task is checked and implemented.')];
    }
    throw new Error(`the scripted model does not know what to do with: ${JSON.stringify(last.slice(-400))}`);
  };
}

/** The same turns with this usage on every answer (dynamic turns included). */
function withUsage(specs: TurnSpec[], usage: Partial<Usage>): TurnSpec[] {
  return specs.map((s): TurnSpec => {
    if (typeof s !== 'function') return { ...s, usage };
    return (req) => {
      const out = s(req);
      return Array.isArray(out) ? withUsage(out, usage) : { ...out, usage };
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Scenario pool (as in smoke.test.ts): before() starts everything, each `it` awaits its own scenario.

interface ScenarioOpts {
  /** false: skip the pool (the scenario mostly sleeps: retry backoff, a hanging request). */
  pooled?: boolean;
  /** Higher starts first: the long sequential chains (4–5 claude runs each) set the suite's wall time. */
  prio?: number;
}
const scenarios = new Map<string, { fn: () => Promise<unknown>; pooled: boolean; prio: number }>();
const results = new Map<string, Promise<unknown>>();
function scenario<T>(name: string, fn: () => Promise<T>, opts: ScenarioOpts = {}): () => Promise<T> {
  scenarios.set(name, { fn, pooled: opts.pooled ?? true, prio: opts.prio ?? 0 });
  return () => {
    const p = results.get(name);
    if (!p) throw new Error(`scenario ${name} was not started`);
    return p as Promise<T>;
  };
}
let active = 0;
const waiting: Array<() => void> = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (active >= POOL) await new Promise<void>((go) => waiting.push(go));
  active++;
  try {
    return await fn();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const THREE_SECTIONS = [
  '# Tasks: Real CLI feature',
  '',
  '## Phase 1: Setup',
  '- [ ] T001 Create the project skeleton in src/index.ts',
  '- [ ] T002 [P] Add the config loader in src/config.ts',
  '',
  '## Phase 2: Core',
  '- [ ] T003 Implement the service in src/service.ts',
  '',
  '## Phase 3: Polish',
  '- [ ] T004 Document the API in README.md',
  '- [ ] T005 [P] Add the CLI entry in src/cli.ts',
  '',
].join('\n');

const ONE_SECTION = ['# Tasks', '', '## Phase 1: Core', '- [ ] T001 Create the model in src/model.ts', '- [ ] T002 Add the store in src/store.ts', ''].join(
  '\n',
);

// (1) + (2): three batches, real edits, merge_ready, session ids and costs; the injected input in the request.
const sThree = scenario(
  'three batches',
  async () => {
    const c = await ctx('three batches', THREE_SECTIONS, {
      // a distinct price per batch, so each run's cost is traceable to its own session
      implement: (b) => {
        const n = Number(/^Implement batch (\d+) of \d+:/.exec(b.args)?.[1]);
        return withUsage(checkOff(b.tasksFile, b.ids, { finalText: `Implemented ${b.ids.join(', ')}.` }), {
          input_tokens: 1000 * n + 11,
          output_tokens: 7 * n,
        });
      },
    });
    const r = await start(c, ['--skip-analyze', '--no-decisions', '--context', 'Focus on performance']).done;
    return { c, r };
  },
  { prio: 2 },
);

// (3a) a dotted skill that does not exist: the CLI would send "/flow.nope …" to the model as plain text.
const sDotted = scenario('missing dotted skill', async () => {
  const c = await ctx('missing dotted skill', ONE_SECTION);
  const cfg = c.proj.write('specflow.json', JSON.stringify({ skills: { implement: ['/flow.nope'] } }));
  // /flow.nope is never expanded, so the router's implement branch cannot match: any request hangs (costs nothing)
  c.api.setRouter(() => [{ hang: true }]);
  const r = await start(c, ['--skip-analyze', '--no-decisions', '--config', cfg]).done;
  return { c, r };
});

// (3b) a plain unknown name: the real CLI answers "Unknown command: /nope" locally, exit 0.
const sPlain = scenario('missing plain skill', async () => {
  const c = await ctx('missing plain skill', ONE_SECTION);
  const cfg = c.proj.write('specflow.json', JSON.stringify({ skills: { implement: ['/nope'] } }));
  const r = await start(c, ['--skip-analyze', '--no-decisions', '--config', cfg]).done;
  return { c, r };
});

// (3c) + (10): a name the init line seems to know (flow-implement ~ flow.implement) but the CLI does not: the
// "Unknown command … Did you mean" result text itself is what fails the run. Driven through a wrapper that
// reports an old `claude --version`, so `start` must warn (and go on).
const sNearVersion = scenario('unknown command text + old version', async () => {
  const c = await ctx('unknown command text + old version', ONE_SECTION);
  const wrapper = c.proj.write(
    'old-claude.sh',
    `#!/bin/sh\ncase "$1" in --version|-v) echo "1.0.0 (Claude Code)"; exit 0;; esac\nexec ${JSON.stringify(BIN)} "$@"\n`,
  );
  fs.chmodSync(wrapper, 0o755);
  const cfg = c.proj.write('specflow.json', JSON.stringify({ skills: { implement: ['/flow-implement'] } }));
  const r = await start(c, ['--skip-analyze', '--no-decisions', '--config', cfg], {}, { claude: wrapper }).done;
  return { c, r };
});

// (4) the model claims success but never edits tasks.md: dual confirmation fails.
const sClaims = scenario('claims success', async () => {
  const c = await ctx('claims success', ONE_SECTION, {
    implement: (b) => [combine(text('Let me look at the tasks.'), read(b.tasksFile)), text('All tasks are implemented and checked off.')],
  });
  const r = await start(c, ['--skip-analyze', '--no-decisions', '--no-auto-heal']).done;
  return { c, r };
});

// (5) + (6 through the engine): claims success → the disagreement decision (its first StructuredOutput is
// invalid and the CLI repairs it) → the failure classification → a healer that forks the failed session.
const sHeal = scenario(
  'heal by fork',
  async () => {
    const c = await ctx('heal by fork', ONE_SECTION, {
      implement: (b) => [combine(text('Reading the tasks first.'), read(b.tasksFile)), text('BATCH-ONE-CLAIM: all done, trust me.')],
      decision: (kind) =>
        kind === 'disagreement'
          ? [
              structuredOutput({ verdict: 'maybe', evidence: 42 }), // invalid: the CLI answers with a schema error
              Object.assign(structuredOutput(DISAGREEMENT), { match: { lastUserIncludes: 'Output does not match required schema' } }),
            ]
          : [structuredOutput(CLASSIFICATION)],
    });
    const r = await start(c, ['--skip-analyze']).done;
    return { c, r };
  },
  { prio: 1 },
);

// (7) usage past --max-budget-usd.
const sBudget = scenario('budget', async () => {
  const c = await ctx('budget', ONE_SECTION, {
    implement: () => [text('Thinking very expensively…', { usage: usageForCost(0.25) })],
  });
  const r = await start(c, ['--skip-analyze', '--no-decisions', '--budget-batch', '0.05']).done;
  return { c, r };
});

// (8) the primary model is overloaded (sticky 529): the CLI falls back after 3 consecutive 529s, which needs
// CLAUDE_CODE_MAX_RETRIES >= 2 in the AGENT's environment — given through --agent-env.
const PRIMARY = 'claude-opus-4-8';
const FALLBACK = 'claude-sonnet-4-5';
const sFallback = scenario(
  'overloaded → fallback',
  async () => {
    const c = await ctx('overloaded → fallback', ONE_SECTION);
    c.api.addRule({ when: { model: PRIMARY }, status: 529, error: { type: 'overloaded_error', message: 'Overloaded' } });
    const r = await start(c, ['--skip-analyze', '--no-decisions', '--model', PRIMARY, '--fallback-model', FALLBACK], { CLAUDE_CODE_MAX_RETRIES: '2' }).done;
    return { c, r };
  },
  { pooled: false }, // mostly sleeps in the CLI's retry backoff
);

// (9) cancel from a second process while the model hangs.
const sCancel = scenario(
  'cancel',
  async () => {
    const c = await ctx('cancel', ONE_SECTION, { implement: () => [{ hang: true }] });
    const run = start(c, ['--skip-analyze', '--no-decisions']);
    await waitUntil(() => msgs(c).length > 0, 60_000, 'the batch request to reach the fake');
    const cancel = await specflow(c, ['cancel', '--project', c.proj.dir]).done;
    const r = await run.done;
    return { c, r, cancel };
  },
  { pooled: false }, // mostly waits on the hanging request
);

// (6, directly) claudeHelper with the real binary: the model answers plain text twice (the CLI's own
// "[structured-output-enforce]" nudge does not help), so the CLI returns success WITHOUT structured_output and
// claudeHelper repairs it by resuming the same session (no fork).
const HelperSchema = z.object({ ready: z.boolean(), reason: z.string() });
const sHelper = scenario('claudeHelper repair', async () => {
  const api = await startFakeAnthropic();
  apis.push(api);
  const proj = makeProject({ 'notes.md': 'ready\n' });
  const home = makeHome();
  let sid: string | undefined;
  api.setRouter((req) => {
    sid = req.sessionId;
    return [
      text('I believe it is ready.'),
      text('Yes, ready.'),
      Object.assign(structuredOutput({ ready: true, reason: 'notes.md says ready' }), { match: { lastUserIncludes: 'did not match the required schema' } }),
    ];
  });
  // spawnAgent extends process.env: blank out whatever of the developer's shell could route claude elsewhere
  const blank = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => /proxy|^ANTHROPIC_|^CLAUDE_|^IS_SANDBOX$/i.test(k))
      .map((k) => [k, '']),
  );
  const env = { ...blank, ...isolatedEnv({ port: api.port, home }) };
  const answer = await agent.claudeHelper({
    prompt: 'SpecFlow test: is the project ready? Read notes.md.',
    schema: HelperSchema,
    maxBudgetUsd: 0.5,
    timeoutMs: 60_000,
    claudePath: BIN,
    cwd: proj.dir,
    env,
  });
  return { api, answer, sid: () => sid };
});

// Options buildClaudeArgs supports but no caller passes today: prove the real CLI accepts their syntax too.
const sArgsBuilder = scenario('all claudeArgs options', async () => {
  const api = await startFakeAnthropic();
  apis.push(api);
  const proj = makeProject({});
  const home = makeHome();
  const sessionId = '5f0c8d7e-1b2a-4c3d-9e8f-0a1b2c3d4e5f';
  api.forSession(sessionId, [text('builder ok')]);
  const args = buildClaudeArgs({
    prompt: '-starts with a dash, has "quotes" and $(no shell)',
    outputFormat: 'json',
    model: 'claude-opus-4-8',
    permissionMode: 'default',
    allowedTools: ['Read'],
    disallowedTools: ['WebFetch', 'WebSearch'],
    maxTurns: 3,
    maxBudgetUsd: 0.123456,
    sessionId,
    noSessionPersistence: true,
    appendSystemPrompt: 'APPENDED-BY-SPECFLOW',
  });
  const r = await runClaude(args, { cwd: proj.dir, env: isolatedEnv({ port: api.port, home }) });
  return { api, r, args, sessionId, home, proj };
});

// ---------------------------------------------------------------------------------------------

describe('the engine drives the real claude CLI', function () {
  this.timeout(120_000);

  before(function () {
    BIN = resolveClaudeBinary();
    agent = loadAgentModules();
    claudeVersion(BIN); // sync exec: before any fake serves (it would block the event loop)
    assert.ok(fs.existsSync(CLI), `build first: node esbuild.mjs (${CLI} is missing)`);
    T0 = Date.now();
    // sleepers first, then the pool, longest chains first
    const order = [...scenarios.entries()].sort(([, a], [, b]) => Number(a.pooled) - Number(b.pooled) || b.prio - a.prio);
    for (const [name, s] of order) {
      const p = s.pooled ? slot(s.fn) : s.fn();
      p.catch(() => {}); // reported by the owning `it`
      results.set(name, p);
    }
  });

  after(async function () {
    await Promise.allSettled([...results.values()]);
    if (TRACE) console.log(`    [all scenarios settled after ${Date.now() - T0} ms]`);
    await Promise.all(apis.map((a) => a.close()));
    cleanup();
  });

  it('(1) a 3-batch phase: the model reads and edits tasks.md, the run ends merge_ready with real session ids and costs', async () => {
    const { c, r } = await sThree();
    assert.equal(r.code, 0, why(r, c));
    assert.deepEqual(c.api.problems, []);
    const exec = state(c);
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(
      exec.batches.map((b) => [b.index, b.name, b.status, b.taskIds.join(' ')]),
      [
        [1, 'Phase 1: Setup', 'completed', 'T001 T002'],
        [2, 'Phase 2: Core', 'completed', 'T003'],
        [3, 'Phase 3: Polish', 'completed', 'T004 T005'],
      ],
    );
    // real files changed, exactly the task lines
    assert.equal(fs.readFileSync(c.tasksPath, 'utf8'), THREE_SECTIONS.replace(/- \[ \] T/g, '- [x] T'));
    assert.deepEqual(exec.taskProgress, { completed: 5, total: 5 });

    const runs = exec.agentRuns;
    assert.deepEqual(
      runs.map((x) => `${x.kind}:${x.batchIndex ?? '-'}`),
      ['implement:1', 'implement:2', 'implement:3', 'verify:-'],
    );
    const sessions = new Set(msgs(c).map((q) => q.sessionId));
    assert.equal(sessions.size, 4, 'one CLI session per run');
    for (const run of runs) {
      assert.equal(run.state, 'exited');
      assert.equal(run.exitCode, 0);
      assert.equal(run.outcome, 'success');
      assert.equal(run.subtype, 'success');
      assert.equal(run.isError, false);
      assert.match(run.sessionId ?? '', /^[0-9a-f-]{36}$/);
      assert.ok(sessions.has(run.sessionId), `run ${run.executionId}: session ${run.sessionId} is one the fake saw`);
      assert.equal(run.model, 'claude-opus-4-8[1m]', 'the default model as the CLI reports it');
      assert.equal(run.maxBudgetUsd, 5);
      // cost: what the CLI computed from the usage the fake returned
      assert.ok(run.costUsd > 0);
      const expected = expectedCost(c, run.sessionId!);
      assert.ok(Math.abs(run.costUsd - expected) < 1e-9, `run cost ${run.costUsd} vs usage ${expected}`);
      const log = runLog(c, run);
      assert.equal(log[0]?.type, 'system');
      assert.equal(log[0]?.subtype, 'init');
      assert.equal(log[0]?.session_id, run.sessionId);
      assert.equal(log[0]?.permissionMode, 'acceptEdits');
      assert.equal(log[0]?.apiKeySource, 'ANTHROPIC_API_KEY', 'the key came from --agent-env (the specflow process has none)');
      assert.equal(log.at(-1)?.type, 'result');
      assert.equal(log.at(-1)?.total_cost_usd, run.costUsd);
    }
    // each batch run is the session whose request carried that batch's tasks; the batch's cost is its run's
    for (const b of exec.batches) {
      const run = runs.find((x) => x.batchIndex === b.index)!;
      assert.deepEqual(b.executionIds, [run.executionId]);
      assert.equal(b.costUsd, Math.round(run.costUsd * 1e6) / 1e6);
      const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(c.api.lastUserText(msgs(c, run.sessionId)[0]))![1]!;
      assert.deepEqual(parseTaskBlock(args, c.proj.dir).ids, b.taskIds);
      // Read, then one Edit per task, then the final answer
      assert.equal(msgs(c, run.sessionId).length, 2 + b.taskIds.length);
      assert.equal(run.resultText, `Implemented ${b.taskIds.join(', ')}.`);
      assert.ok(
        msgs(c, run.sessionId).every((q) => q.usage!.input_tokens === 1000 * b.index + 11),
        'the batch’s own price',
      );
    }
    const total = runs.reduce((s, x) => s + x.costUsd, 0);
    assert.ok(Math.abs(exec.totalCostUsd - total) < 2e-6, `${exec.totalCostUsd} vs ${total}`);
    assert.match(r.stdout, /: Merge Ready$/m); // the summary line (its headline "Merge ready" is no longer repeated)
  });

  it('(2) the injected batch input and the additional context arrive inside the expanded /flow.implement text', async () => {
    const { c } = await sThree();
    const exec = state(c);
    const run2 = exec.agentRuns.find((x) => x.batchIndex === 2)!;
    const first = msgs(c, run2.sessionId)[0]!;
    const sent = c.api.allUserText(first);
    assert.ok(sent.includes('<command-name>/flow.implement</command-name>'), sent);
    const expectedArgs = [
      'Implement batch 2 of 3: "Phase 2: Core".',
      `Feature directory: ${FEATURE}`,
      `Tasks file: ${TASKS_REL}`,
      'Do ONLY these tasks, in this order, and nothing else:',
      '- T003 Implement the service in src/service.ts',
    ].join('\n');
    assert.ok(sent.includes(`<command-args>${expectedArgs}`), sent);
    // the skill body was expanded with $ARGUMENTS = our input, context included
    assert.ok(sent.includes(`Run flow.implement for this feature.\n\n${expectedArgs}`), sent);
    assert.ok(sent.includes('Additional context from the user:\nFocus on performance'), sent);
    assert.ok(!sent.includes('T001 Create') && !sent.includes('T004 Document'), 'only the batch’s own tasks are injected');
    assert.ok(!sent.includes('description: flow.implement for SpecFlow tests'), 'frontmatter stripped by the CLI');
    // the default allowed tools are on offer (--allowedTools only pre-approves, it does not restrict)
    const tools = c.api.toolNames(first);
    for (const t of ['Read', 'Edit', 'Write', 'Glob', 'Grep', 'Bash']) assert.ok(tools.includes(t), `${t} in ${tools.join(',')}`);
    // the verify step got the context too, as a plain skill run
    const verify = msgs(c, exec.agentRuns.find((x) => x.kind === 'verify')!.sessionId)[0]!;
    assert.ok(c.api.allUserText(verify).includes('<command-name>/flow.verify</command-name>'));
    assert.ok(c.api.allUserText(verify).includes('Focus on performance'));
  });

  it('(3a) a dotted skill that does not exist (/flow.nope) fails the run naming it, with no model turn paid', async () => {
    const { c, r } = await sDotted();
    assert.equal(r.code, 1, why(r, c));
    const exec = state(c);
    assert.equal(exec.status, 'failed');
    assert.equal(exec.error?.kind, 'unknown_skill');
    assert.match(exec.error.message, /\/flow\.nope/);
    assert.equal(exec.batches[0]!.status, 'failed');
    const run = exec.agentRuns[0]!;
    assert.equal(run.outcome, 'unknown_skill');
    assert.equal(run.costUsd, 0);
    // the init line (without flow.nope) is enough: the CLI is stopped before or during its first request
    assert.ok(msgs(c).length <= 1, `${msgs(c).length} requests`);
    assert.ok(
      msgs(c).every((q) => q.status === undefined),
      'no request was answered (nothing paid)',
    );
    assert.ok(!runLog(c, run).some((e) => e.type === 'assistant'), 'no model turn');
    assert.equal(exec.agentRuns.length, 1, 'not healed, not retried');
    assert.match(r.stdout + r.stderr, /flow\.nope/);
  });

  it('(3b) an unknown plain skill (/nope) fails the run naming it, with no API call', async () => {
    const { c, r } = await sPlain();
    assert.equal(r.code, 1, why(r, c));
    const exec = state(c);
    assert.equal(exec.status, 'failed');
    assert.equal(exec.error?.kind, 'unknown_skill');
    assert.match(exec.error.message, /\/nope\b/);
    assert.equal(msgs(c).length, 0);
    const run = exec.agentRuns[0]!;
    assert.equal(run.costUsd, 0);
    // the CLI may have printed its own answer before the engine stopped it at the init line
    const res = runLog(c, run).find((e) => e.type === 'result');
    if (res) assert.equal(res.result, 'Unknown command: /nope');
  });

  it('(3c) "Unknown command: … Did you mean" with exit 0 is a failure naming the skill; (10) start warns about an old claude', async () => {
    const { c, r } = await sNearVersion();
    assert.equal(r.code, 1, why(r, c));
    // (10) the version check at start: a clear warning line, and the run still went on
    assert.match(
      r.stderr,
      new RegExp(`specflow: warning: claude 1\\.0\\.0 is older than ${agent.MIN_CLAUDE_VERSION.replace(/\./g, '\\.')}, the oldest version SpecFlow supports`),
    );
    const exec = state(c);
    assert.ok(
      exec.warnings.some((w) => /claude 1\.0\.0 is older than/.test(w)),
      exec.warnings.join('\n'),
    );
    // (3c)
    assert.equal(exec.status, 'failed');
    assert.equal(exec.error?.kind, 'unknown_skill');
    const run = exec.agentRuns[0]!;
    assert.equal(run.exitCode, 0, 'the CLI itself exited 0');
    assert.equal(run.subtype, 'success');
    assert.equal(run.isError, false);
    assert.equal(run.resultText, 'Unknown command: /flow-implement. Did you mean /flow.implement?');
    assert.match(exec.error.message, /\/flow-implement/);
    assert.match(exec.error.message, /Unknown command: \/flow-implement/);
    assert.equal(msgs(c).length, 0);
  });

  it('(4) a model answer that claims success without editing fails dual confirmation, naming the open IDs', async () => {
    const { c, r } = await sClaims();
    assert.equal(r.code, 1, why(r, c));
    assert.deepEqual(c.api.problems, []);
    const exec = state(c);
    assert.equal(exec.status, 'failed');
    const run = exec.agentRuns[0]!;
    assert.equal(run.outcome, 'success', 'the CLI run itself succeeded');
    assert.equal(run.resultText, 'All tasks are implemented and checked off.');
    assert.match(exec.error!.message, /T001 and T002 are still open after the agent reported success/);
    assert.deepEqual(exec.error!.details.openTaskIds, ['T001', 'T002']);
    assert.equal(exec.batches[0]!.status, 'failed');
    assert.equal(fs.readFileSync(c.tasksPath, 'utf8'), ONE_SECTION, 'tasks.md untouched');
    assert.ok(exec.decisionLog.some((e) => /dual confirmation failed for batch 1: T001 and T002 are still open/.test(e.reason)));
  });

  it('(5) the healer forks the failed session: its first request carries the earlier conversation', async () => {
    const { c, r } = await sHeal();
    assert.equal(r.code, 0, why(r, c));
    assert.deepEqual(c.api.problems, []);
    const exec = state(c);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(exec.batches[0]!.status, 'healed');
    assert.equal(exec.batches[0]!.healAttempts, 1);
    assert.equal(fs.readFileSync(c.tasksPath, 'utf8'), ONE_SECTION.replace(/- \[ \] T/g, '- [x] T'));
    assert.deepEqual(
      exec.agentRuns.map((x) => x.kind),
      ['implement', 'decision', 'decision', 'heal', 'verify'],
    );
    const failed = exec.agentRuns[0]!;
    const healer = exec.agentRuns[3]!;
    assert.equal(healer.resumedSessionId, failed.sessionId, 'the healer resumed the failed session');
    assert.notEqual(healer.sessionId, failed.sessionId, '--fork-session: a new session id');
    assert.equal(healer.outcome, 'success');
    const healerFirst = msgs(c, healer.sessionId)[0]!;
    const roles = messageRoles(healerFirst).filter((x) => x !== 'system');
    assert.deepEqual(roles.slice(0, 4), ['user', 'assistant', 'user', 'assistant'], JSON.stringify(roles));
    assert.equal(roles.at(-1), 'user');
    const history = JSON.stringify(messagesOf(healerFirst));
    assert.ok(history.includes('BATCH-ONE-CLAIM: all done, trust me.'), 'the failed batch’s answer');
    assert.ok(c.api.allUserText(healerFirst).includes('<command-name>/flow.implement</command-name>'), 'the failed batch’s prompt');
    const healPrompt = c.api.lastUserText(healerFirst);
    assert.match(healPrompt, /^SpecFlow healer: batch 1 of 1 \("Phase 1: Core"\) failed/m);
    assert.match(healPrompt, /T001 and T002 are still open after the agent reported success/);
    assert.ok(healPrompt.includes(`Diagnosis: ${JSON.stringify(CLASSIFICATION)}`), 'the decision’s structured answer reached the healer');
    assert.ok(healPrompt.includes('Additional context') === false);
    assert.ok(exec.decisionLog.some((e) => /batch 1 of 1 "Phase 1: Core" healed on attempt 1/.test(e.reason)));
  });

  it('(6) decision calls offer only Read, Grep and Glob (+ StructuredOutput); --json-schema gives structured_output; an invalid answer is repaired', async () => {
    const { c } = await sHeal();
    const exec = state(c);
    const decisions = exec.agentRuns.filter((x) => x.kind === 'decision');
    assert.equal(decisions.length, 2);
    for (const d of decisions) {
      assert.equal(d.outcome, 'success');
      assert.equal(d.model?.startsWith('claude-haiku'), true, `decision model ${d.model}`);
      const reqs = msgs(c, d.sessionId);
      for (const q of reqs) assert.deepEqual([...c.api.toolNames(q)].sort(), ['Glob', 'Grep', 'Read', 'StructuredOutput']);
      assert.match(c.api.model(reqs[0])!, /^claude-haiku/);
      const log = runLog(c, d);
      assert.equal(log[0]?.permissionMode, 'default');
      assert.deepEqual([...(log[0]?.tools ?? [])].sort(), ['Glob', 'Grep', 'Read', 'StructuredOutput']);
    }
    // the disagreement call: the first StructuredOutput was invalid, the CLI sent the schema error back, the
    // second one is the structured_output the engine logged
    const [settle, classify] = decisions;
    const settleReqs = msgs(c, settle!.sessionId);
    assert.equal(settleReqs.length, 2);
    const err = lastToolResults(settleReqs[1])[0]!;
    assert.equal(err.is_error, true);
    assert.match(err.text, /^Output does not match required schema: /);
    const settleLog = runLog(c, settle!);
    assert.deepEqual(settleLog.at(-1)?.structured_output, DISAGREEMENT);
    assert.deepEqual(runLog(c, classify!).at(-1)?.structured_output, CLASSIFICATION);
    const logged = exec.decisionLog.filter((e) => e.kind === 'decision' && e.evidence.answer);
    assert.deepEqual(
      logged.map((e) => e.evidence.answer),
      [DISAGREEMENT, CLASSIFICATION],
    );
  });

  it('(6) claudeHelper with the real binary: no structured_output at all → repaired by resuming the same session', async () => {
    const { api, answer, sid } = await sHelper();
    assert.deepEqual(api.problems, []);
    assert.equal(answer.ok, true, JSON.stringify(answer));
    if (!answer.ok) return;
    assert.deepEqual(answer.result, { ready: true, reason: 'notes.md says ready' });
    assert.equal(answer.repaired, true);
    assert.equal(answer.sessionId, sid(), 'the repair resumed the same session (no fork)');
    const reqs = api.requests.filter((q) => q.kind === 'messages');
    assert.equal(reqs.length, 3);
    assert.ok(reqs.every((q) => q.sessionId === sid()));
    for (const q of reqs) assert.deepEqual([...api.toolNames(q)].sort(), ['Glob', 'Grep', 'Read', 'StructuredOutput']);
    assert.match(api.lastUserText(reqs[1]), /\[structured-output-enforce\]/, 'the CLI’s own nudge');
    const repair = reqs[2]!;
    assert.match(api.lastUserText(repair), /^SpecFlow decision: your answer did not match the required schema/);
    assert.ok(JSON.stringify(messagesOf(repair)).includes('Yes, ready.'), 'the repair request carries the conversation');
    const expected = reqs.reduce((s, q) => s + costOf(q.usage!), 0);
    assert.ok(Math.abs(answer.costUsd - expected) < 1e-9, `${answer.costUsd} vs ${expected}`);
  });

  it('(7) usage past --max-budget-usd: error_max_budget_usd, the run stops budget_exceeded (exit 5)', async () => {
    const { c, r } = await sBudget();
    assert.equal(r.code, 5, why(r, c));
    const exec = state(c);
    assert.equal(exec.status, 'budget_exceeded');
    assert.equal(exec.error?.kind, 'budget_exceeded');
    const run = exec.agentRuns[0]!;
    assert.equal(run.maxBudgetUsd, 0.05);
    assert.equal(run.subtype, 'error_max_budget_usd');
    assert.equal(run.outcome, 'budget');
    assert.equal(run.exitCode, 1);
    assert.equal(run.resultText, 'Reached maximum budget ($0.05)', 'the flag value reached the CLI');
    assert.ok(Math.abs(run.costUsd - 0.25) < 1e-5, String(run.costUsd));
    assert.ok(Math.abs(exec.totalCostUsd - 0.25) < 1e-5);
    assert.equal(exec.batches[0]!.status, 'failed');
    assert.match(exec.error.message, /batch 1 reached the \$0\.05 per-batch budget/);
    assert.equal(msgs(c).length, 1);
  });

  it('(8) overloaded primary: with --fallback-model (and retries via --agent-env) the run goes on', async () => {
    const { c, r } = await sFallback();
    assert.equal(r.code, 0, why(r, c));
    assert.deepEqual(c.api.problems, []);
    const exec = state(c);
    assert.equal(exec.status, 'merge_ready');
    assert.deepEqual(
      exec.agentRuns.map((x) => x.kind),
      ['implement', 'verify'],
    );
    for (const run of exec.agentRuns) {
      assert.equal(run.outcome, 'success');
      assert.equal(run.model, FALLBACK, 'the model the CLI switched to is recorded');
      const log = runLog(c, run);
      assert.equal(log[0]?.model, PRIMARY, '--model reached the CLI');
      const fb = log.find((e) => e.type === 'system' && e.subtype === 'model_fallback');
      assert.ok(fb, 'system/model_fallback');
      assert.equal(fb.trigger, 'overloaded');
      assert.equal(fb.fallback_model, FALLBACK);
      assert.equal(log.filter((e) => e.subtype === 'api_retry').length, 2, 'CLAUDE_CODE_MAX_RETRIES=2 reached the agent');
      const seen = msgs(c, run.sessionId).map((q) => `${c.api.model(q)}:${q.status}`);
      assert.deepEqual(seen.slice(0, 4), [`${PRIMARY}:529`, `${PRIMARY}:529`, `${PRIMARY}:529`, `${FALLBACK}:200`]);
    }
    assert.equal(fs.readFileSync(c.tasksPath, 'utf8'), ONE_SECTION.replace(/- \[ \] T/g, '- [x] T'));
  });

  it('(9) cancel from a second process: SIGTERM to the real process tree, exit 143 with no result line, batch cancelled', async () => {
    const { c, r, cancel } = await sCancel();
    assert.equal(cancel.code, 0, why(cancel, c));
    assert.match(cancel.stdout, /cancelled/);
    assert.equal(r.code, 1, why(r, c));
    const exec = state(c);
    assert.equal(exec.status, 'cancelled');
    assert.equal(exec.batches[0]!.status, 'cancelled');
    const run = exec.agentRuns[0]!;
    assert.equal(run.outcome, 'cancelled');
    assert.equal(run.exitCode, 143, `exit ${run.exitCode} signal ${run.signal}`);
    assert.equal(run.signal, null);
    const log = runLog(c, run);
    assert.deepEqual(
      log.map((e) => `${e.type}/${e.subtype}`),
      ['system/init'],
      'no result line',
    );
    assert.ok(run.pid);
    assert.throws(() => process.kill(run.pid!, 0), 'the claude process is gone');
    assert.equal(msgs(c).length, 1);
    assert.equal(msgs(c)[0]!.status, undefined, 'the hanging request was never answered');
  });

  it('every option buildClaudeArgs can write is accepted by the real CLI (incl. those no caller uses yet)', async () => {
    const { api, r, args, sessionId, home, proj } = await sArgsBuilder();
    assert.equal(r.code, 0, `exit=${r.code}\n${r.stdout}\n${r.stderr}`);
    assert.deepEqual(api.problems, []);
    assert.equal(args.at(-2), '--');
    const res = parseResult(r.stdout);
    assert.equal(res.result, 'builder ok');
    assert.equal(res.session_id, sessionId, '--session-id');
    const q = api.requests.find((x) => x.kind === 'messages')!;
    assert.equal(q.sessionId, sessionId);
    assert.equal(api.model(q), 'claude-opus-4-8', '--model');
    assert.ok(api.lastUserText(q).endsWith('-starts with a dash, has "quotes" and $(no shell)'), 'the prompt after -- arrives verbatim');
    assert.ok(JSON.stringify(bodyField(q, 'system')).includes('APPENDED-BY-SPECFLOW'), '--append-system-prompt');
    const tools = api.toolNames(q);
    assert.ok(!tools.includes('WebFetch') && !tools.includes('WebSearch') && tools.includes('Read'), `--disallowedTools: ${tools.join(',')}`);
    assert.ok(
      !fs.existsSync(path.join(home, '.claude', 'projects', fs.realpathSync(proj.dir).replace(/[^a-zA-Z0-9]/g, '-'), `${sessionId}.jsonl`)),
      '--no-session-persistence',
    );
  });

  it('the fakes saw only the traffic they scripted', async () => {
    await Promise.allSettled([...results.values()]);
    for (const api of apis) {
      assert.deepEqual(api.problems, []);
      // `HEAD /` is the CLI's connection warm-up; nothing else (no count_tokens, no telemetry) reaches a fake
      const kinds = new Set(api.requests.map((q) => `${q.method} ${q.path}`));
      for (const k of kinds) assert.ok(k === 'HEAD /' || k === 'POST /v1/messages', k);
      assert.ok(api.requests.filter((q) => q.kind === 'messages').every((q) => q.headers['x-api-key'] === 'sk-test' && bodyField(q, 'stream') === true));
    }
  });
});
