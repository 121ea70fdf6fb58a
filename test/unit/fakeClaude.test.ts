// Spawns test/fixtures/fake-claude (build first) and checks every scenario action and the call log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCallLog, type LogEntry } from '../fixtures/fakeClaude/callLog';
import { parseScenario, ScenarioError } from '../fixtures/fakeClaude/scenario';
import { alive } from '../support/polling';
import {
  cleanupTempDirs,
  collect,
  FAKE,
  FAKE_BUNDLE,
  implementPrompt,
  makeProject,
  requireBuilt,
  run,
  SPECFLOW_FLAGS,
  start,
  tempDir,
  TASKS_MD,
  toolResults,
  toolUses,
  waitForLine,
  firstText,
  resultText,
  type Project,
  type RunResult,
} from './simulated/helpers';
import type { CliResult } from '../realcli/streamJson';

interface FakeRun extends RunResult {
  log: LogEntry[];
  calls: LogEntry[];
  exits: LogEntry[];
}

const T3: Array<[string, string]> = [
  ['T001', 'Create the user model in src/models/user.ts'],
  ['T002', 'Add the user service'],
  ['T003', 'Wire everything'],
];

function paths(p: Project) {
  return { scenario: path.join(p.root, 'scenario.json'), log: path.join(p.root, 'calls.jsonl') };
}

async function fake(p: Project, args: string[], scenario?: unknown, env: Record<string, string> = {}): Promise<FakeRun> {
  const files = paths(p);
  if (scenario !== undefined) fs.writeFileSync(files.scenario, JSON.stringify(scenario));
  const r = await run(FAKE, args, {
    cwd: p.cwd,
    env: {
      HOME: p.home,
      FAKE_CLAUDE_LOG: files.log,
      ...(scenario !== undefined ? { FAKE_CLAUDE_SCENARIO: files.scenario } : {}),
      ...env,
    },
  });
  const log = readCallLog(files.log);
  return { ...r, log, calls: log.filter((e) => e.event === undefined), exits: log.filter((e) => e.event === 'exit') };
}

const implement = (ids = T3, flags: string[] = []) => [...SPECFLOW_FLAGS, ...flags, '--', implementPrompt(ids)];
const tasksText = (p: Project) => fs.readFileSync(p.tasksFile, 'utf8');
const checked = (p: Project) => [...tasksText(p).matchAll(/\[x\] (T\d+)/g)].map((m) => m[1]);

describe('fake-claude (test/fixtures/fake-claude)', function () {
  this.timeout(20000);
  before(() => requireBuilt(FAKE_BUNDLE));
  after(cleanupTempDirs);

  describe('scenario validation', () => {
    it('accepts the documented shape and rejects unknown keys and conflicting actions', () => {
      const ok = parseScenario(
        JSON.stringify({ defaults: { delayMsPerTask: 0 }, rules: [{ match: { kind: 'heal', call: 1 }, times: 1, do: { complete: true } }] }),
      );
      assert.equal(ok.rules.length, 1);
      assert.throws(() => parseScenario('{"rules":[{"do":{"explode":true}}]}'), ScenarioError);
      assert.throws(() => parseScenario('{"rules":[{"do":{"crash":{},"hang":{}}}]}'), /only one of error, crash, hang/);
      assert.throws(() => parseScenario('{"rules":[{"match":{"kind":"implemnt"},"do":{}}]}'), ScenarioError);
      assert.throws(() => parseScenario('not json'), /not valid JSON/);
    });

    it('fails loudly on a bad scenario file: stderr, exit 2, nothing on stdout', async () => {
      const p = makeProject(TASKS_MD);
      const r = await fake(p, implement(), { rules: [{ do: { partial: { count: -1 } } }], extra: 1 });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^fake-claude: .*scenario\.json is invalid:/);
      assert.match(r.stderr, /extra/);
      assert.match(r.stderr, /rules\[0\]\.do\.partial\.count/);
    });

    it('explains how to build when the bundle is missing', () => {
      const dir = tempDir();
      const launcher = path.join(dir, 'test', 'fixtures', 'fake-claude');
      fs.mkdirSync(path.dirname(launcher), { recursive: true });
      fs.copyFileSync(FAKE, launcher);
      const r = spawnSync(process.execPath, [launcher, '--version'], { encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /dist\/test\/fake-claude\.js does not exist\. Run `npm run build`/);
    });
  });

  describe('without a scenario and the call log', () => {
    it('completes like the simulated agent, presents itself like the real CLI, and logs the call', async () => {
      const p = makeProject(TASKS_MD);
      const schemaless = await fake(p, implement(T3, ['--model=sonnet', '--fallback-model=haiku']), undefined, {
        SPECFLOW_RUN_ID: 'r1',
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
        CLAUDE_CODE_MAX_RETRIES: '0',
        UNRELATED: 'x',
      });
      assert.equal(schemaless.code, 0, schemaless.stderr);
      assert.deepEqual(checked(p), ['T001', 'T002', 'T003']);
      const init = schemaless.lines[0]!;
      assert.equal(init.model, 'claude-sonnet-5');
      assert.equal(init.claude_code_version, '2.1.197');
      assert.equal(schemaless.result!.total_cost_usd, 0.03);

      assert.equal(schemaless.calls.length, 1);
      const c = schemaless.calls[0]!;
      assert.equal(Number(c.pid) > 0 && c.ppid === process.pid, true);
      assert.equal(typeof c.pgid, 'number');
      assert.equal(c.cwd, p.cwd);
      assert.equal(c.kind, 'implement');
      assert.equal(c.skill, 'flow.implement');
      assert.deepEqual(c.taskIds, ['T001', 'T002', 'T003']);
      assert.equal(c.prompt, implementPrompt(T3));
      assert.ok(Array.isArray(c.argv), 'argv is logged as an array');
      assert.deepEqual(c.argv.slice(0, 2), ['-p', '--output-format=stream-json']);
      assert.equal(c.sessionId, init.session_id);
      assert.equal(c.resume, null);
      assert.equal(c.fork, false);
      assert.equal(c.model, 'sonnet');
      assert.equal(c.fallbackModel, 'haiku');
      assert.equal(c.maxBudgetUsd, 5);
      assert.equal(c.tools, null);
      assert.deepEqual(c.allowedTools, ['Read', 'Edit', 'Write', 'Glob', 'Grep', 'Bash']);
      assert.equal(c.permissionMode, 'acceptEdits');
      assert.equal(c.jsonSchema, null);
      assert.equal(c.call, 1);
      assert.deepEqual(c.env, { SPECFLOW_RUN_ID: 'r1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', CLAUDE_CODE_MAX_RETRIES: '0' });
      assert.deepEqual(
        { ...schemaless.exits[0], ts: undefined },
        { ts: undefined, pid: c.pid, event: 'exit', exitCode: 0, subtype: 'success', isError: false, costUsd: 0.03, sessionId: c.sessionId },
      );

      const schema = { type: 'object', properties: { action: { enum: ['go', 'stop'] } }, required: ['action'] };
      const decision = await fake(p, [
        ...SPECFLOW_FLAGS,
        `--json-schema=${JSON.stringify(schema)}`,
        '--tools=Read,Grep,Glob',
        `--resume=${c.sessionId}`,
        '--fork-session',
        '--',
        'SpecFlow decision: go?',
      ]);
      const d = decision.calls[1]!;
      assert.equal(d.kind, 'decision');
      assert.deepEqual(d.jsonSchema, schema);
      assert.deepEqual(d.tools, ['Read', 'Grep', 'Glob']);
      assert.equal(d.resume, c.sessionId);
      assert.equal(d.fork, true);
      assert.notEqual(d.sessionId, c.sessionId);
      assert.deepEqual(decision.result!.structured_output, { action: 'go' });
    });

    it('logs a rejected command line as a usage error', async () => {
      const p = makeProject();
      const r = await fake(p, ['-p', '--bogus', 'hi']);
      assert.equal(r.code, 1);
      assert.equal(r.log[0]!.event, 'usage_error');
      assert.equal(r.log[0]!.message, "error: unknown option '--bogus'");
      assert.equal(r.log[1]!.event, 'exit');
      assert.equal(r.log[1]!.exitCode, 1);
    });
  });

  describe('work actions', () => {
    it('partial checks off only the first N tasks', async () => {
      const p = makeProject(TASKS_MD);
      const r = await fake(p, implement(), { rules: [{ do: { partial: { count: 1 } } }] });
      assert.equal(r.code, 0);
      assert.deepEqual(checked(p), ['T001']);
      assert.equal(r.result!.result, 'Completed 1 of 3 task(s): T001.');
    });

    it('noop claims success without touching anything (a lying agent)', async () => {
      const p = makeProject(TASKS_MD);
      const before = tasksText(p);
      const r = await fake(p, implement(), { rules: [{ do: { noop: true } }] });
      assert.equal(r.code, 0);
      assert.equal(tasksText(p), before);
      assert.deepEqual(toolUses(r.lines), []);
      assert.equal(r.result!.result, 'All tasks completed.');
      assert.equal(r.result!.is_error, false);
    });

    it('writeFiles, text, stderr, exitCode and delayMsPerTask', async () => {
      const p = makeProject(TASKS_MD);
      const r = await fake(
        p,
        implement([
          ['T002', 'b'],
          ['T003', 'c'],
        ]),
        {
          rules: [
            {
              do: {
                writeFiles: { 'notes/out.txt': 'hi\n', '../escape.txt': 'no' },
                text: 'Done and dusted.',
                stderr: 'warning: simulated',
                exitCode: 3,
                delayMsPerTask: 150,
              },
            },
          ],
        },
      );
      assert.equal(r.code, 3);
      assert.equal(fs.readFileSync(path.join(p.cwd, 'notes/out.txt'), 'utf8'), 'hi\n');
      assert.ok(!fs.existsSync(path.join(p.root, 'escape.txt')));
      assert.match(r.stderr, /^warning: simulated\n/);
      assert.equal(r.result!.result, 'Done and dusted.');
      assert.equal(r.result!.is_error, false);
      assert.ok(r.ms >= 300, `took ${r.ms} ms`);
      assert.equal(r.exits[0]!.exitCode, 3);
    });

    it('runCommand: the agent runs a real command through Bash; exit 0 carries on, a failure ends the call with its output', async () => {
      const p = makeProject(TASKS_MD);
      fs.writeFileSync(path.join(p.cwd, 'app.js'), "require('./config/db.js');\n");
      const r = await fake(p, implement(), { rules: [{ do: { partial: { count: 1 }, runCommand: 'node app.js' } }] });
      assert.equal(r.code, 1);
      assert.deepEqual(checked(p), ['T001'], 'the work before the command is done');
      assert.equal(r.result!.subtype, 'error_during_execution');
      assert.equal(r.result!.is_error, true);
      assert.ok(!('result' in r.result!));
      const [text] = r.result!.errors as string[];
      assert.match(text!, /^Command failed \(exit code 1\): node app\.js\n/);
      assert.ok(text!.includes("Error: Cannot find module './config/db.js'"), text);
      const bash = toolUses(r.lines).find((u) => u.name === 'Bash')!;
      assert.equal(bash.input?.command, 'node app.js');
      const failed = toolResults(r.lines).find((b) => b.tool_use_id === bash.id)!;
      assert.equal(failed.is_error, true);
      assert.match(String(failed.content), /^Exit code 1\n[\s\S]*Cannot find module '\.\/config\/db\.js'/);
      assert.equal(r.exits[0]!.subtype, 'error_during_execution');

      // the fix makes the same command pass: the call then completes normally
      const q = makeProject(TASKS_MD);
      fs.writeFileSync(path.join(q.cwd, 'app.js'), "require('./config/db.js');\n");
      const ok = await fake(q, implement(), {
        rules: [{ do: { writeFiles: { 'config/db.js': 'module.exports = {};\n' }, runCommand: 'node app.js && echo started' } }],
      });
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.result!.subtype, 'success');
      assert.deepEqual(checked(q), ['T001', 'T002', 'T003']);
      const started = toolResults(ok.lines).find((b) => String(b.content) === 'started');
      assert.ok(started && !started.is_error, 'the output of the passing command is a normal tool result');

      // without the Bash tool the command cannot run: that is a failure too
      const d = makeProject(TASKS_MD);
      const denied = await fake(
        d,
        [
          ...SPECFLOW_FLAGS.map((f) => (f.startsWith('--allowedTools') ? '--allowedTools=Read,Edit,Write' : f)),
          '--tools=Read,Edit,Write',
          '--',
          implementPrompt(T3),
        ],
        {
          rules: [{ do: { runCommand: 'true' } }],
        },
      );
      assert.equal(denied.code, 1);
      assert.match((denied.result!.errors as string[])[0]!, /^Command failed \(it could not run\): true\n.*No such tool available: Bash/);
    });
  });

  describe('failures', () => {
    it('error: API-error shape by default, error_* subtype on request, after N tasks', async () => {
      const p = makeProject(TASKS_MD);
      const text = "Error: ENOENT: no such file or directory, open 'src/config/db.ts'";
      const r = await fake(p, implement(), { rules: [{ do: { error: { text, afterTasks: 1, apiErrorStatus: 500 } } }] });
      assert.equal(r.code, 1);
      assert.deepEqual(checked(p), ['T001']);
      const synthetic = r.lines[r.lines.length - 2]!;
      assert.equal(synthetic.message?.model, '<synthetic>');
      assert.equal(firstText(synthetic), text);
      assert.equal(r.result!.subtype, 'success');
      assert.equal(r.result!.is_error, true);
      assert.equal(r.result!.api_error_status, 500);
      assert.equal(r.result!.result, text);

      const q = makeProject(TASKS_MD);
      const e = await fake(q, ['-p', '--output-format=json', '--permission-mode=acceptEdits', '--', implementPrompt(T3)], {
        rules: [{ do: { error: { text: 'boom', subtype: 'error_during_execution' } } }],
      });
      const res = JSON.parse(e.stdout) as CliResult;
      assert.equal(e.code, 1);
      assert.equal(res.subtype, 'error_during_execution');
      assert.deepEqual(res.errors, ['boom']);
      assert.ok(!('result' in res));
      assert.deepEqual(checked(q), []);
    });

    it('crash dies by a signal after N tasks with no result line', async () => {
      const p = makeProject(TASKS_MD);
      const r = await fake(p, implement(), { rules: [{ do: { crash: { afterTasks: 2 } } }] });
      assert.equal(r.code, null);
      assert.equal(r.signal, 'SIGKILL');
      assert.equal(r.result, undefined);
      assert.deepEqual(checked(p), ['T001', 'T002']);
      assert.deepEqual(
        { ...r.exits[0], ts: 0, pid: 0, costUsd: 0 },
        { ts: 0, pid: 0, event: 'exit', exitCode: null, signal: 'SIGKILL', subtype: null, costUsd: 0 },
      );
      const q = makeProject(TASKS_MD);
      const segv = await fake(q, implement(), { rules: [{ do: { crash: { signal: 'SIGSEGV' } } }] });
      assert.equal(segv.signal, 'SIGSEGV');
      assert.deepEqual(checked(q), []);
      assert.deepEqual(
        segv.lines.map((l) => l.subtype),
        ['init'],
        'afterTasks 0: nothing after init',
      );
    });

    it('hang prints init and then nothing; SIGTERM exits 143 and leaves the same-group grandchild for a tree kill', async () => {
      const p = makeProject(TASKS_MD);
      const files = paths(p);
      fs.writeFileSync(files.scenario, JSON.stringify({ rules: [{ do: { hang: { afterTasks: 1 } } }] }));
      const child = start(FAKE, implement(), {
        cwd: p.cwd,
        env: { HOME: p.home, FAKE_CLAUDE_SCENARIO: files.scenario, FAKE_CLAUDE_LOG: files.log },
        detached: true,
      });
      const done = collect(child);
      let grandchild = 0;
      try {
        await waitForLine(child, (l) => l.type === 'user' && JSON.stringify(l).includes('has been updated'));
        for (let i = 0; i < 100 && !grandchild; i++) {
          grandchild = (readCallLog(files.log).find((e) => e.event === 'grandchild')?.grandchildPid as number) ?? 0;
          if (!grandchild) await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(grandchild > 0 && alive(grandchild));
        assert.equal(readCallLog(files.log)[0]!.pgid, child.pid, 'detached: the fake leads its own process group');
        child.kill('SIGTERM');
        const r = await done;
        assert.equal(r.code, 143);
        assert.equal(r.result, undefined);
        assert.deepEqual(checked(p), ['T001']);
        assert.ok(alive(grandchild), 'the grandchild survives a SIGTERM of the fake alone');
        const exit = readCallLog(files.log).find((e) => e.event === 'exit')!;
        assert.equal(exit.exitCode, 143);
        assert.equal(exit.signal, 'SIGTERM');
      } finally {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // group already gone
        }
      }
      for (let i = 0; i < 40 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(!alive(grandchild), 'killing the process group kills the grandchild');
    });

    it('rateLimit: 429 API error, and the usage-limit variant', async () => {
      const p = makeProject(TASKS_MD);
      const [r, u] = await Promise.all([
        fake(p, implement(), { rules: [{ do: { rateLimit: { text: 'slow down' } } }] }),
        fake(makeProject(TASKS_MD), implement(), { rules: [{ do: { rateLimit: { usageLimit: true, resetsInSeconds: 60 } } }] }),
      ]);
      assert.equal(r.code, 1);
      assert.equal(r.result!.api_error_status, 429);
      assert.equal(r.result!.result, 'API Error: Request rejected (429) · slow down');
      assert.equal(r.lines[r.lines.length - 2]!.error, 'rate_limit');
      assert.deepEqual(checked(p), []);
      const m = /^Claude AI usage limit reached\|(\d+)$/.exec(u.result!.result as string);
      assert.ok(m, u.result!.result);
      assert.ok(Math.abs(Number(m[1]) - (Date.now() / 1000 + 60)) < 30);
    });

    it('overloaded: api_retry lines then a 529 API error', async () => {
      const p = makeProject(TASKS_MD);
      const r = await fake(p, implement(), { rules: [{ do: { overloaded: true } }] }, { CLAUDE_CODE_MAX_RETRIES: '1' });
      assert.equal(r.code, 1);
      assert.deepEqual(
        r.lines.filter((l) => l.subtype === 'api_retry').map((l) => [l.attempt, l.error_status]),
        [[1, 529]],
      );
      assert.equal(r.result!.api_error_status, 529);
      assert.match(resultText(r), /^API Error: Repeated 529 Overloaded errors/);
    });

    it('modelUnavailable: 404 without a fallback; model_fallback and success with one', async () => {
      const scenario = { rules: [{ do: { modelUnavailable: { model: 'opus' } } }] };
      const [none, fb, other] = await Promise.all([
        fake(makeProject(TASKS_MD), implement(T3, ['--model=opus']), scenario),
        fake(makeProject(TASKS_MD), implement(T3, ['--model=opus', '--fallback-model=sonnet']), scenario),
        fake(makeProject(TASKS_MD), implement(T3, ['--model=haiku']), scenario),
      ]);
      assert.equal(none.code, 1);
      assert.equal(none.result!.api_error_status, 404);
      assert.match(resultText(none), /^There's an issue with the selected model \(opus\)/);
      assert.equal(fb.code, 0);
      const line = fb.lines.find((l) => l.subtype === 'model_fallback')!;
      assert.equal(line.original_model, 'claude-opus-4-8[1m]');
      assert.equal(line.fallback_model, 'claude-sonnet-5');
      assert.deepEqual(Object.keys(fb.result!.modelUsage!), ['claude-sonnet-5']);
      assert.equal(other.code, 0, 'another model is not affected');
    });

    it('unknownSkill: "Unknown command" with exit 0 and no work, even though the command exists', async () => {
      const p = makeProject(TASKS_MD);
      const before = tasksText(p);
      const r = await fake(p, implement(), { rules: [{ match: { skill: '/flow.implement' }, do: { unknownSkill: true } }] });
      assert.equal(r.code, 0);
      assert.equal(r.result!.result, 'Unknown command: /flow.implement');
      assert.equal(r.result!.num_turns, 0);
      assert.equal(tasksText(p), before);
    });

    it('budget and costUsd end with error_max_budget_usd (total_cost_usd = the cost)', async () => {
      const [b, over, under] = await Promise.all([
        fake(makeProject(TASKS_MD), implement(), { rules: [{ do: { budget: true } }] }),
        fake(makeProject(TASKS_MD), implement(), { rules: [{ do: { costUsd: 7.5 } }] }),
        fake(makeProject(TASKS_MD), implement(), { rules: [{ do: { costUsd: 1.25 } }] }),
      ]);
      for (const r of [b, over]) {
        assert.equal(r.code, 1);
        assert.equal(r.result!.subtype, 'error_max_budget_usd');
        assert.deepEqual(r.result!.errors, ['Reached maximum budget ($5)']);
        assert.ok(!('result' in r.result!));
      }
      assert.equal(over.result!.total_cost_usd, 7.5);
      assert.equal(over.exits[0]!.costUsd, 7.5);
      assert.deepEqual(toolUses(over.lines), []);
      assert.equal(under.code, 0);
      assert.equal(under.result!.total_cost_usd, 1.25);
    });
  });

  describe('structured output', () => {
    const schema = JSON.stringify({ type: 'object', properties: { action: { enum: ['continue', 'stop'] } }, required: ['action'] });
    const decide = (p: Project, scenario: unknown) =>
      fake(p, [...SPECFLOW_FLAGS, `--json-schema=${schema}`, '--tools=Read,Grep,Glob', '--', 'SpecFlow decision: next?'], scenario);

    it('structured and structuredSequence (invalid first, then valid) across calls', async () => {
      const p = makeProject();
      const scenario = { rules: [{ match: { kind: 'decision' }, do: { structuredSequence: [{ action: 'explode' }, { action: 'stop' }] } }] };
      const first = await decide(p, scenario);
      const second = await decide(p, scenario);
      const third = await decide(p, scenario);
      assert.deepEqual(first.result!.structured_output, { action: 'explode' });
      assert.equal(first.result!.result, '{"action":"explode"}');
      assert.deepEqual(second.result!.structured_output, { action: 'stop' });
      assert.deepEqual(third.result!.structured_output, { action: 'stop' });
      const fixed = await decide(makeProject(), { rules: [{ do: { structured: { action: 'continue', extra: [1] } } }] });
      assert.deepEqual(fixed.result!.structured_output, { action: 'continue', extra: [1] });
    });

    it('skipStructured: success without structured_output', async () => {
      const r = await decide(makeProject(), { rules: [{ do: { skipStructured: true, text: 'I think we should continue.' } }] });
      assert.equal(r.code, 0);
      assert.ok(!('structured_output' in r.result!));
      assert.equal(r.result!.result, 'I think we should continue.');
    });
  });

  describe('rule matching', () => {
    it('matches by kind call index, times, taskId and section', async () => {
      const p = makeProject(TASKS_MD);
      const scenario = {
        rules: [
          { name: 'section', match: { section: 'phase 2' }, do: { noop: true, text: 'section rule' } },
          { name: 'T003', match: { taskId: ['T009', 'T003'] }, times: 1, do: { text: 'task rule' } },
          { name: 'second implement', match: { kind: 'implement', call: 2 }, do: { error: { text: 'second call fails' } } },
        ],
      };
      const a = await fake(p, implement([['T001', 'a']]), scenario);
      const b = await fake(p, implement([['T002', 'b']]), scenario);
      const c = await fake(p, implement([['T003', 'c']]), scenario);
      const d = await fake(p, [...SPECFLOW_FLAGS, '--', implementPrompt([['T003', 'c']], 'Implement batch 2 of 2: Phase 2: Core')], scenario);
      assert.equal(a.result!.is_error, false);
      assert.equal(b.result!.result, 'second call fails');
      assert.equal(c.result!.result, 'task rule');
      assert.equal(d.result!.result, 'section rule');
      assert.deepEqual(
        d.calls.map((x) => [x.call, x.ruleName]),
        [
          [1, null],
          [2, 'second implement'],
          [3, 'T003'],
          [4, 'section'],
        ],
      );
      const e = await fake(p, implement([['T003', 'c']]), scenario);
      assert.equal(e.calls[4]!.rule, null, 'times: 1 used up, call 5 matches nothing');
    });

    it('scripts healer runs: the healer fails on attempt 1 and fixes it on attempt 2', async () => {
      const p = makeProject(TASKS_MD);
      const heal = (n: number) => [
        ...SPECFLOW_FLAGS,
        '--',
        `SpecFlow healer: the batch failed (attempt ${n} of 2)\nTasks file: specs/001-demo/tasks.md\nDo ONLY these tasks, in this order, and nothing else:\n- T002 b\n- T003 c\n\nError details: boom`,
      ];
      const scenario = {
        rules: [
          { match: { kind: 'heal', healAttempt: 1 }, do: { error: { text: 'healer gave up' } } },
          { match: { kind: 'heal' }, do: { complete: true } },
        ],
      };
      const first = await fake(p, heal(1), scenario);
      assert.equal(first.code, 1);
      assert.deepEqual(checked(p), []);
      const second = await fake(p, heal(2), scenario);
      assert.equal(second.code, 0);
      assert.deepEqual(checked(p), ['T002', 'T003']);
      assert.deepEqual(
        second.calls.map((c) => [c.kind, c.healAttempt]),
        [
          ['heal', 1],
          ['heal', 2],
        ],
      );
    });
  });
});
