// Usage limits through the ENGINE against the GENUINE claude binary (issue 15, "Tests and proof").
// Run: node esbuild.mjs && npx mocha test/realcli/usageLimit.test.ts --timeout 120000
//
// A signed-in subscriber (CLAUDE_CODE_OAUTH_TOKEN, no API key, given to the agent through --agent-env) is refused
// once with HTTP 429 and the `anthropic-ratelimit-unified-*` headers (fakeAnthropic.usageLimitTurn). What the
// pinned 2.1.197 prints for it (observed, pinned below): a `rate_limit_event` {status:"rejected", resetsAt:<the
// header>, rateLimitType:<the claim>}, then a synthetic assistant line and the result "You've hit your session
// limit · resets 6:57am (UTC)" (weekly: "You've hit your weekly limit · resets Dec 7, 6:57am (UTC)"),
// is_error true, api_error_status 429, exit 1. An API key gets "API Error: Request rejected (429) · …" and no event.
//
// Wall time: the engine waits until the reset plus a 5–20 s jitter (retryPolicy RESET_JITTER_MS, no knob), so the
// five-hour scenario alone takes 10–30 s. The three scenarios run concurrently.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { OrchestrationExecution } from '../../src/core/model/execution';
import { CLI } from '../support/cli';
import {
  checkOff,
  lastUserText,
  startFakeAnthropic,
  text,
  usageLimitTurn,
  type FakeApi,
  type LimitClaim,
  type LoggedRequest,
  type TurnSpec,
} from './fakeAnthropic';
import { claudeVersion, cleanup, isolatedEnv, makeHome, makeProject, parseJsonLines, resolveClaudeBinary, SUBSCRIBER_AUTH, type Project } from './claudeEnv';

const FEATURE = 'specs/001-feature';
const TASKS_REL = `${FEATURE}/tasks.md`;
const TASKS = ['# Tasks', '', '## Phase 1: Core', '- [ ] T001 Create the model in src/model.ts', '- [ ] T002 Add the store in src/store.ts', ''].join('\n');
const ALL_DONE = TASKS.replace(/- \[ \] T/g, '- [x] T');
const SKILLS = ['design', 'analyze', 'implement', 'verify', 'merge'];
/** retryPolicy's RESET_JITTER_MS: the engine calls again this long after the reset. */
const JITTER_MS = [5_000, 20_000] as const;
const DAY_S = 86_400;

let BIN = '';
const apis: FakeApi[] = [];

// ---------------------------------------------------------------------------------------------
// A project, its fake API and the specflow process (only PATH and HOME; claude's settings via --agent-env)

interface Scene {
  api: FakeApi;
  home: string;
  proj: Project;
  /** The refusal the fake sent: the reset it announced (epoch s) and when it answered. */
  refused?: { resetS: number; at: number };
}

/**
 * The scripted model: the FIRST implement session is refused with `refusal()` (built when the request arrives,
 * so the reset is a few seconds after it), every later one checks its tasks off; verify answers with a text.
 */
async function scene(refusal?: (s: Scene) => TurnSpec): Promise<Scene> {
  const api = await startFakeAnthropic();
  apis.push(api);
  const proj = makeProject(
    { [`${FEATURE}/spec.md`]: '# Feature spec\n\nUsers can do things.\n', [`${FEATURE}/plan.md`]: '# Plan\n\nTypeScript.\n', [TASKS_REL]: TASKS },
    { commands: Object.fromEntries(SKILLS.map((n) => [`flow.${n}`, `---\ndescription: flow.${n}\n---\nRun flow.${n} for this feature.\n\n$ARGUMENTS\n`])) },
  );
  const s: Scene = { api, home: makeHome(), proj };
  let refuse = refusal;
  api.setRouter((req) => {
    const last = lastUserText(req);
    if (last.includes('<command-name>/flow.implement</command-name>')) {
      if (refuse) {
        const turn = refuse(s);
        refuse = undefined;
        return [turn];
      }
      const ids = [...last.matchAll(/^- (T\d{3})\b/gm)].map((m) => m[1]!);
      return checkOff(proj.path(TASKS_REL), [...new Set(ids)], { finalText: `Implemented ${ids.join(', ')}.` });
    }
    if (last.includes('<command-name>/flow.verify</command-name>')) return [text('Verified: every task is checked and implemented.')];
    throw new Error(`the scripted model does not know: ${JSON.stringify(last.slice(-300))}`);
  });
  return s;
}

/** A subscriber's refusal whose reset is `aheadS` seconds after the refused request. */
const limit = (claim: LimitClaim, aheadS: number) => (s: Scene) => {
  const resetS = Math.floor(Date.now() / 1000) + aheadS;
  s.refused = { resetS, at: Date.now() };
  return usageLimitTurn(claim, resetS);
};

type Auth = 'subscriber' | 'api-key';

function agentEnv(s: Scene, auth: Auth): string[] {
  const env = isolatedEnv({ port: s.api.port, home: s.home, extra: auth === 'subscriber' ? SUBSCRIBER_AUTH : {} });
  return Object.entries(env)
    .filter(([k]) => k !== 'PATH' && k !== 'HOME')
    .flatMap(([k, v]) => ['--agent-env', `${k}=${v}`]);
}

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function specflow(s: Scene, args: string[], timeoutMs = 110_000): Promise<Exit> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: s.proj.dir,
    env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: s.home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own group: the hard timeout reaches the claude it drives too
  });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const drive = (s: Scene, verb: 'start' | 'resume', auth: Auth, flags: string[] = []) =>
  specflow(s, [
    verb,
    '--project',
    s.proj.dir,
    '--claude',
    BIN,
    ...(verb === 'start' ? ['--skip-analyze', '--no-decisions'] : []),
    ...flags,
    ...agentEnv(s, auth),
  ]);

function state(s: Scene): OrchestrationExecution {
  const dir = path.join(s.proj.dir, '.specflow', 'workflows');
  const files = fs.readdirSync(dir).filter((f) => /^orchestration-.*\.json$/.test(f));
  assert.equal(files.length, 1, files.join(', '));
  return JSON.parse(fs.readFileSync(path.join(dir, files[0]!), 'utf8')) as OrchestrationExecution;
}

const msgs = (s: Scene): LoggedRequest[] => s.api.requests.filter((q) => q.kind === 'messages');
const why = (r: Exit, s: Scene) =>
  `exit=${r.code}\nstdout=${r.stdout.slice(-2000)}\nstderr=${r.stderr.slice(-2000)}\nproblems=${JSON.stringify(s.api.problems)}`;

/** The first agent run's stream-json log: what the real CLI printed for the refusal. */
function firstRunLog(s: Scene, exec: OrchestrationExecution) {
  return parseJsonLines(fs.readFileSync(path.join(s.proj.dir, exec.agentRuns[0]!.logPath), 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// Scenarios, all started at once in before() (they mostly sleep)

const scenarios = {
  fiveHour: async () => {
    const s = await scene(limit('five_hour', 4));
    const r = await drive(s, 'start', 'subscriber');
    return { s, r };
  },
  weekly: async () => {
    const s = await scene(limit('seven_day', 3 * DAY_S));
    const r = await drive(s, 'start', 'subscriber');
    const text = await specflow(s, ['status', '--project', s.proj.dir]);
    const json = await specflow(s, ['status', '--project', s.proj.dir, '--json']);
    const paused = state(s);
    const resumed = await drive(s, 'resume', 'subscriber');
    return { s, r, text, json, paused, resumed };
  },
  apiKey: async () => {
    // the same refusal, headers and all, for an API key: claude reports a plain 429, never a usage limit
    const s = await scene(limit('five_hour', 4));
    const r = await drive(s, 'start', 'api-key', ['--retry-backoff-seconds', '1']);
    return { s, r };
  },
};
type Results = { [K in keyof typeof scenarios]: Awaited<ReturnType<(typeof scenarios)[K]>> };
const running = new Map<string, Promise<unknown>>();
const result = <K extends keyof Results>(k: K) => running.get(k) as Promise<Results[K]>;

describe('usage limits: the engine against the real claude CLI', function () {
  this.timeout(120_000);

  before(function () {
    BIN = resolveClaudeBinary();
    claudeVersion(BIN); // sync exec: before any fake serves
    assert.ok(fs.existsSync(CLI), `build first: node esbuild.mjs (${CLI} is missing)`);
    for (const [k, fn] of Object.entries(scenarios)) {
      const p = fn();
      p.catch(() => {}); // reported by the owning `it`
      running.set(k, p);
    }
  });

  after(async function () {
    await Promise.allSettled(running.values());
    await Promise.all(apis.map((a) => a.close()));
    cleanup();
  });

  it('five-hour limit: one refused request, no request until the reset, no heal attempt, the run finishes merge_ready', async () => {
    const { s, r } = await result('fiveHour');
    assert.equal(r.code, 0, why(r, s));
    assert.deepEqual(s.api.problems, []);
    const exec = state(s);
    assert.equal(exec.status, 'merge_ready');
    assert.equal(s.proj.read(TASKS_REL), ALL_DONE);

    // what the real CLI printed for the refusal
    const log = firstRunLog(s, exec);
    assert.equal(log[0]?.apiKeySource, 'none', 'signed in with the OAuth token, no API key');
    const event = log.find((e) => e.type === 'rate_limit_event');
    assert.deepEqual(
      { status: event?.rate_limit_info?.status, resetsAt: event?.rate_limit_info?.resetsAt, type: event?.rate_limit_info?.rateLimitType },
      { status: 'rejected', resetsAt: s.refused!.resetS, type: 'five_hour' },
    );
    const res = log.at(-1)!;
    assert.equal(res.type, 'result');
    assert.equal(res.is_error, true);
    assert.equal(res.api_error_status, 429);
    assert.match(res.result ?? '', /^You've hit your session limit · resets \d{1,2}(:\d\d)?(am|pm) \(UTC\)$/);

    // exactly one refused request; the next one only after the reset
    const all = msgs(s);
    const refused = all.filter((q) => q.status === 429);
    assert.equal(refused.length, 1, all.map((q) => q.status).join(','));
    assert.ok(refused[0]!.headers.authorization?.startsWith('Bearer sk-ant-oat01-'), 'the subscriber token, not an API key');
    const next = all[all.indexOf(refused[0]!) + 1]!;
    const resetMs = s.refused!.resetS * 1000;
    assert.ok(next.t >= resetMs, `next request ${next.t - resetMs} ms after the reset`);
    console.log(`      refused: ${refused.length}; next request ${((next.t - resetMs) / 1000).toFixed(1)} s after the reset`);

    // the wait: in the state while it lasted (until = reset + jitter), logged with its evidence, never a heal
    const waits = exec.waitLog.filter((w) => w.reason === 'usage_limit');
    assert.equal(waits.length, 1, JSON.stringify(exec.waitLog));
    const until = Date.parse(waits[0]!.until!);
    assert.ok(until >= resetMs + JITTER_MS[0] && until <= resetMs + JITTER_MS[1], `until ${until - resetMs} ms after the reset`);
    assert.match(waits[0]!.message, /^Usage limit \(five-hour session limit\): resumes at \d\d:\d\d UTC$/);
    const note = exec.decisionLog.find((e) => /five-hour session limit reached: waiting until it resets/.test(e.reason));
    assert.ok(note, exec.decisionLog.map((e) => e.reason).join('\n'));
    assert.equal(note.evidence.healAttemptsUsed, 0);
    assert.deepEqual(note.evidence.limit, {
      limitType: 'five_hour',
      resetsAt: new Date(resetMs).toISOString(),
      text: res.result,
    });
    assert.equal(exec.batches[0]!.healAttempts, 0);
    assert.equal(exec.batches[0]!.status, 'completed');
    assert.deepEqual(
      exec.agentRuns.map((x) => x.kind),
      ['implement', 'implement', 'verify'],
    );
    assert.equal(exec.wait, undefined);
    console.log(`      heal attempts used: ${exec.batches[0]!.healAttempts}; the engine waited ${((until - resetMs) / 1000).toFixed(1)} s past the reset`);
  });

  it('weekly limit (resets in 3 days, past maxLimitWaitHours): exit 4, paused with the reason and the date; status shows it; resume finishes', async () => {
    const { s, r, text: st, json, paused, resumed } = await result('weekly');
    assert.equal(r.code, 4, why(r, s));
    const resetMs = s.refused!.resetS * 1000;
    const day = new Date(resetMs).toISOString().slice(0, 10);
    assert.equal(paused.status, 'paused');
    assert.equal(paused.wait?.reason, 'usage_limit');
    const until = Date.parse(paused.wait.until!);
    assert.ok(until >= resetMs + JITTER_MS[0] && until <= resetMs + JITTER_MS[1], `until ${until - resetMs} ms after the reset`);
    assert.equal(paused.wait.message, `Usage limit (weekly limit): paused until it resets at ${day} ${new Date(resetMs).toISOString().slice(11, 16)} UTC`);
    assert.equal(paused.wait.evidence?.limitType, 'seven_day');
    assert.equal(paused.batches[0]!.healAttempts, 0);
    assert.ok(
      paused.decisionLog.some((e) => /weekly limit reached; it resets at .*later than maxLimitWaitHours \(6 h\): the run pauses until then/.test(e.reason)),
      paused.decisionLog.map((e) => e.reason).join('\n'),
    );
    assert.equal(msgs(s).filter((q) => q.status === 429).length, 1);
    const res = firstRunLog(s, paused).at(-1)!;
    assert.match(res.result ?? '', /^You've hit your weekly limit · resets [A-Z][a-z]{2} \d{1,2}, \d{1,2}(:\d\d)?(am|pm) \(UTC\)$/);
    // what the user sees: the run's summary, then `status`
    assert.match(r.stdout, /Paused/);
    assert.match(r.stdout, /Usage limit: resumes at [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d\d:\d\d \(in (?:3d 0h|2d 23h)\)/);
    assert.equal(st.code, 0, why(st, s));
    assert.match(st.stdout, /paused/);
    assert.match(st.stdout, /Usage limit: resumes at [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d\d:\d\d \(in (?:3d 0h|2d 23h)\)/);
    const viaStatus = JSON.parse(json.stdout) as OrchestrationExecution;
    assert.deepEqual(viaStatus.wait, paused.wait);
    console.log(`      weekly limit: exit ${r.code}; "${paused.wait.message}"; status: "${/Usage limit: [^·\n]*/.exec(st.stdout)?.[0]?.trim()}"`);

    // the limit is gone (the fake answers normally now): resume finishes the run
    assert.equal(resumed.code, 0, why(resumed, s));
    assert.deepEqual(s.api.problems, []);
    const done = state(s);
    assert.equal(done.status, 'merge_ready');
    assert.equal(done.wait, undefined);
    assert.equal(done.batches[0]!.healAttempts, 0);
    assert.equal(s.proj.read(TASKS_REL), ALL_DONE);
    assert.ok(done.waitLog.some((w) => w.reason === 'usage_limit' && w.until === paused.wait!.until));
  });

  it('an API key’s 429 ("Request rejected (429)") is a rate limit with back-off, not a usage limit', async () => {
    const { s, r } = await result('apiKey');
    assert.equal(r.code, 0, why(r, s));
    assert.deepEqual(s.api.problems, []);
    const exec = state(s);
    assert.equal(exec.status, 'merge_ready');
    const log = firstRunLog(s, exec);
    assert.equal(log[0]?.apiKeySource, 'ANTHROPIC_API_KEY');
    assert.ok(!log.some((e) => e.type === 'rate_limit_event'), 'no rate_limit_event for an API key');
    assert.match(log.at(-1)?.result ?? '', /^API Error: Request rejected \(429\) · /);
    assert.deepEqual(
      exec.waitLog.map((w) => [w.reason, Date.parse(w.until!) - Date.parse(w.since)]),
      [['rate_limit', 1000]],
      'one back-off of --retry-backoff-seconds, not a wait for the reset',
    );
    assert.ok(!JSON.stringify(exec.decisionLog).includes('usage_limit'));
    assert.ok(exec.decisionLog.some((e) => /^transient failure, not counted as a failure: .*Request rejected \(429\).*retry 1 in 1 s$/.test(e.reason)));
    assert.equal(exec.batches[0]!.healAttempts, 0);
    assert.equal(msgs(s).filter((q) => q.status === 429).length, 1);
  });
});
