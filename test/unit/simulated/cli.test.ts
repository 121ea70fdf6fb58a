// Spawns dist/simulated-claude.js (build first) and checks the headless contract of the real claude CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  cleanupTempDirs,
  collect,
  implementPrompt,
  makeProject,
  requireBuilt,
  run,
  SIMULATED,
  SPECFLOW_FLAGS,
  start,
  TASKS_MD,
  toolResults,
  toolUses,
  waitForLine,
  firstText,
  resultText,
  type Project,
} from './helpers';
import type { CliEvent, CliResult } from '../../realcli/streamJson';

/** A session transcript line (~/.claude/projects/…/<id>.jsonl). */
type TranscriptLine = Record<string, unknown>;

const RESULT_FIELDS = [
  'type',
  'subtype',
  'is_error',
  'duration_ms',
  'duration_api_ms',
  'num_turns',
  'stop_reason',
  'session_id',
  'total_cost_usd',
  'usage',
  'modelUsage',
  'permission_denials',
  'uuid',
];
const INIT_FIELDS = [
  'type',
  'subtype',
  'cwd',
  'session_id',
  'tools',
  'mcp_servers',
  'model',
  'permissionMode',
  'slash_commands',
  'apiKeySource',
  'claude_code_version',
  'output_style',
  'agents',
  'skills',
  'plugins',
  'uuid',
];

function sim(p: Project, args: string[], extra: { env?: Record<string, string>; input?: string } = {}) {
  return run(SIMULATED, args, {
    cwd: p.cwd,
    env: { HOME: p.home, SPECFLOW_SIMULATED_DELAY_MS: '0', ...extra.env },
    input: extra.input,
  });
}

function transcriptFile(p: Project, sessionId: string): string {
  return path.join(p.home, '.claude', 'projects', p.cwd.replace(/[^a-zA-Z0-9]/g, '-'), `${sessionId}.jsonl`);
}

describe('simulated claude executable (dist/simulated-claude.js)', function () {
  this.timeout(20000);
  before(() => requireBuilt(SIMULATED));
  after(cleanupTempDirs);

  describe('command line and validation', () => {
    it('prints the version like the real CLI', async () => {
      const p = makeProject();
      const r = await sim(p, ['--version']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '2.1.197 (Claude Code)\n');
    });

    it('rejects a prompt swallowed by a variadic flag with the real no-input error', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', '--allowedTools', 'Read', 'my prompt']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'Error: Input must be provided either through stdin or as a prompt argument when using --print\n');
    });

    it('accepts the prompt after -- and options in both spellings', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', '--allowed-tools', 'Read', 'Edit', '--disallowed-tools', 'WebFetch', '--', '/nope x']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Unknown command: /nope\n');
    });

    it('reports unknown options, bad choices and stream-json without --verbose on stderr with exit 1', async () => {
      const p = makeProject();
      const cases: Array<[string[], string]> = [
        [['-p', '--bogus', 'hi'], "error: unknown option '--bogus'\n"],
        [
          ['-p', '--output-format', 'xml', 'hi'],
          "error: option '--output-format <format>' argument 'xml' is invalid. Allowed choices are text, json, stream-json.\n",
        ],
        [['-p', '--output-format=stream-json', 'hi'], 'Error: When using --print, --output-format=stream-json requires --verbose\n'],
        [['-p', '--input-format=stream-json', 'hi'], 'Error: --input-format=stream-json requires output-format=stream-json.\n'],
        [['-p', '--max-budget-usd=0', 'hi'], 'error: --max-budget-usd must be a positive number greater than 0\n'],
        [['-p', '--session-id=nope', 'hi'], 'Error: Invalid session ID. Must be a valid UUID.\n'],
        [['-p', '--json-schema={bad', 'hi'], ''],
      ];
      const results = await Promise.all(cases.map(([argv]) => sim(p, argv)));
      results.forEach((r, i) => {
        const [argv, message] = cases[i]!;
        assert.equal(r.code, 1, argv.join(' '));
        assert.equal(r.stdout, '', argv.join(' '));
        if (message) assert.equal(r.stderr, message);
        else assert.match(r.stderr, /^Error: --json-schema is not valid JSON: /);
      });
    });

    it('refuses bypass permissions as root unless IS_SANDBOX=1', async function () {
      if (typeof process.getuid !== 'function' || process.getuid() !== 0) this.skip();
      const p = makeProject();
      const refused = await sim(p, ['-p', '--dangerously-skip-permissions', 'hi']);
      assert.equal(refused.code, 1);
      assert.equal(refused.stderr, '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons\n');
      const mode = await sim(p, ['-p', '--permission-mode', 'bypassPermissions', 'hi']);
      assert.equal(mode.code, 1);
      const sandboxed = await sim(p, ['-p', '--dangerously-skip-permissions', 'hi'], { env: { IS_SANDBOX: '1' } });
      assert.equal(sandboxed.code, 0, sandboxed.stderr);
    });

    it('joins the prompt argument and piped stdin with a newline', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', '--output-format=json', '/nope arg'], { input: 'from stdin\n' });
      const res = JSON.parse(r.stdout) as CliResult;
      assert.equal(res.result, 'Unknown command: /nope');
      const lines = fs
        .readFileSync(transcriptFile(p, res.session_id), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as TranscriptLine);
      assert.equal(lines[0]!.content, '/nope arg\nfrom stdin\n');
      const onlyStdin = await sim(p, ['-p'], { input: '/nope via stdin' });
      assert.equal(onlyStdin.stdout, 'Unknown command: /nope\n');
    });
  });

  describe('output formats', () => {
    it('text: the result text and a newline', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', 'hello there']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^The simulated agent only performs SpecFlow steps.*\n$/);
    });

    it('json: one result object with the real field set', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', '--output-format', 'json', 'hello']);
      const res = JSON.parse(r.stdout) as CliResult;
      for (const f of [...RESULT_FIELDS, 'result', 'api_error_status', 'terminal_reason']) assert.ok(f in res, f);
      assert.equal(res.subtype, 'success');
      assert.equal(res.is_error, false);
      assert.equal(res.total_cost_usd, 0.01);
      assert.deepEqual(Object.keys(res.modelUsage!), ['simulated']);
      assert.equal(res.modelUsage?.simulated?.costUSD, 0.01);
      assert.equal(res.terminal_reason, 'completed');
    });

    it('json --verbose: an array of every message ending with the result', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', '--output-format=json', '--verbose', 'hello']);
      const arr = JSON.parse(r.stdout) as CliEvent[];
      assert.ok(Array.isArray(arr));
      assert.equal(arr[0]!.subtype, 'init');
      assert.equal(arr[arr.length - 1]!.type, 'result');
      assert.ok(arr.some((m) => m.type === 'assistant'));
    });

    it('stream-json: init first, assistant lines with one block each, result last; labelled as simulated', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', '--output-format=stream-json', '--verbose', '--model', 'sonnet', 'hello']);
      assert.equal(r.code, 0);
      const [init, ...rest] = r.lines;
      for (const f of INIT_FIELDS) assert.ok(f in init!, f);
      assert.equal(init!.model, 'simulated');
      assert.equal(init!.claude_code_version, '2.1.197 (simulated, no AI)');
      assert.ok(init!.slash_commands?.includes('flow.implement'));
      assert.equal(init!.cwd, p.cwd);
      const assistants = rest.filter((l) => l.type === 'assistant');
      assert.ok(assistants.every((a) => a.message!.content.length === 1));
      assert.match(firstText(assistants[0]), /^SpecFlow simulated agent \(no AI\): /);
      assert.equal(r.result!.type, 'result');
      assert.equal(r.lines.filter((l) => l.type === 'result').length, 1);
    });

    it('stream-json with --include-partial-messages adds stream_event lines', async () => {
      const p = makeProject();
      const r = await sim(p, ['-p', '--output-format=stream-json', '--verbose', '--include-partial-messages', 'hello']);
      const events = r.lines.filter((l) => l.type === 'stream_event').map((l) => l.event!.type);
      assert.deepEqual(events.slice(0, 4), ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop']);
      assert.ok(events.includes('message_stop'));
    });
  });

  describe('sessions', () => {
    it('writes a transcript, resumes it with the same id, forks a new one, and refuses unknown ids', async () => {
      const p = makeProject();
      const first = JSON.parse((await sim(p, ['-p', '--output-format=json', 'hello'])).stdout) as CliResult;
      const file = transcriptFile(p, first.session_id);
      assert.ok(fs.existsSync(file));
      const before = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

      const resumed = JSON.parse((await sim(p, ['-p', '--output-format=json', `--resume=${first.session_id}`, 'again'])).stdout) as CliResult;
      assert.equal(resumed.session_id, first.session_id);
      assert.ok(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length > before);

      const forked = JSON.parse(
        (await sim(p, ['-p', '--output-format=json', '--resume', first.session_id, '--fork-session', '--', 'fork'])).stdout,
      ) as CliResult;
      assert.notEqual(forked.session_id, first.session_id);
      assert.ok(fs.readFileSync(transcriptFile(p, forked.session_id), 'utf8').includes('"hello"'));

      const unknown = '11111111-1111-4111-8111-111111111111';
      const missing = await sim(p, ['-p', '--output-format=json', '--resume', unknown, 'x']);
      assert.equal(missing.code, 1);
      assert.equal(missing.stdout, '');
      assert.equal(missing.stderr, `No conversation found with session ID: ${unknown}\n`);
      const missingStream = await sim(p, ['-p', '--output-format=stream-json', '--resume', unknown, 'x']);
      assert.equal(missingStream.code, 1);
      assert.equal(missingStream.lines.length, 1);
      assert.equal(missingStream.result!.subtype, 'error_during_execution');
      assert.deepEqual(missingStream.result!.errors, [`No conversation found with session ID: ${unknown}`]);
    });

    it('applies the --session-id rules and --no-session-persistence', async () => {
      const p = makeProject();
      const id = '22222222-2222-4222-8222-222222222222';
      const ok = JSON.parse((await sim(p, ['-p', '--output-format=json', '--session-id', id, 'x'])).stdout) as CliResult;
      assert.equal(ok.session_id, id);
      const inUse = await sim(p, ['-p', '--session-id', id, 'x']);
      assert.equal(inUse.stderr, `Error: Session ID ${id} is already in use.\n`);
      const withResume = await sim(p, ['-p', '--session-id', '33333333-3333-4333-8333-333333333333', '--resume', id, 'x']);
      assert.equal(withResume.stderr, 'Error: --session-id can only be used with --continue or --resume if --fork-session is also specified.\n');
      const forkId = '44444444-4444-4444-8444-444444444444';
      const fork = JSON.parse(
        (await sim(p, ['-p', '--output-format=json', '--session-id', forkId, '--resume', id, '--fork-session', 'x'])).stdout,
      ) as CliResult;
      assert.equal(fork.session_id, forkId);
      const cont = JSON.parse((await sim(p, ['-p', '--output-format=json', '--continue', 'x'])).stdout) as CliResult;
      assert.equal(cont.session_id, forkId, 'continue picks the most recent session of this cwd');
      const ephemeral = JSON.parse((await sim(p, ['-p', '--output-format=json', '--no-session-persistence', 'x'])).stdout) as CliResult;
      assert.ok(!fs.existsSync(transcriptFile(p, ephemeral.session_id)));
      const noValue = await sim(p, ['-p', '--resume']);
      assert.match(noValue.stderr, /^Error: --resume requires a valid session ID or session title when used with --print/);
    });
  });

  describe('slash commands', () => {
    it('answers an unknown command without work: exit 0, num_turns 0', async () => {
      const p = makeProject(TASKS_MD);
      const r = await sim(p, ['-p', '--output-format=stream-json', '--verbose', '--', '/nope do something']);
      assert.equal(r.code, 0);
      assert.equal(r.lines.length, 3);
      assert.equal(r.lines[1]!.message?.model, '<synthetic>');
      const res = r.result!;
      assert.equal(res.result, 'Unknown command: /nope');
      assert.equal(res.is_error, false);
      assert.equal(res.num_turns, 0);
      assert.equal(res.total_cost_usd, 0);
      assert.ok(!('api_error_status' in res) && !('terminal_reason' in res));
      assert.equal(res.stop_reason, null);
    });

    it('sends an uninstalled dotted command to the model as plain text (no "Unknown command")', async () => {
      const p = makeProject(TASKS_MD);
      fs.rmSync(path.join(p.cwd, '.claude'), { recursive: true });
      const r = await sim(p, [...SPECFLOW_FLAGS, '--', implementPrompt([['T002', 'Add the user service']])]);
      assert.equal(r.code, 0);
      assert.doesNotMatch(resultText(r), /Unknown command/);
      assert.ok(!r.lines[0]!.slash_commands!.includes('flow.implement'));
      assert.match(firstText(r.lines[1]), /not installed as a command/);
    });
  });

  describe('SpecFlow steps', () => {
    it('implements a batch: checks tasks off in a CRLF+BOM tasks.md and writes files', async () => {
      const p = makeProject(TASKS_MD, { crlfBom: true });
      const prompt = implementPrompt([
        ['T001', 'Create the user model in src/models/user.ts'],
        ['T002', '[P] Add the user service'],
        ['L11', 'a checkbox without an id'],
      ]);
      const r = await sim(p, [...SPECFLOW_FLAGS, '--', prompt]);
      assert.equal(r.code, 0, r.stderr);
      const raw = fs.readFileSync(p.tasksFile, 'utf8');
      assert.ok(raw.startsWith('\uFEFF# Tasks: Demo\r\n'));
      assert.ok(!/[^\r]\n/.test(raw), 'only CRLF line endings');
      assert.match(raw, /- \[x\] T001 Create/);
      assert.match(raw, /\* \[x\] T002 \[P\]/);
      assert.match(raw, /1\. \[ \] T003/);
      assert.match(raw, /- \[x\] a checkbox without an id/);
      assert.match(fs.readFileSync(path.join(p.cwd, 'src/models/user.ts'), 'utf8'), /Simulated by SpecFlow \(no AI\) for T001/);
      assert.ok(fs.existsSync(path.join(p.cwd, '.specflow/simulated/T002.md')));
      const names = toolUses(r.lines).map((t) => t.name);
      assert.deepEqual(names, ['Read', 'Write', 'Edit', 'Write', 'Edit', 'Write', 'Edit']);
      assert.ok(toolResults(r.lines).every((t) => t.is_error === undefined));
      assert.ok(r.lines.filter((l) => l.type === 'user').every((l) => l.tool_use_result !== undefined));
      const res = r.result!;
      assert.equal(res.result, 'Completed 3 of 3 task(s): T001, T002, L11.');
      assert.equal(res.total_cost_usd, 0.03);
      assert.deepEqual(res.permission_denials, []);
      assert.equal(
        res.num_turns,
        r.lines
          .filter((l) => l.type === 'assistant')
          .map((l) => l.message!.id)
          .filter((v, i, a) => a.indexOf(v) === i).length,
      );
    });

    it('waits SPECFLOW_SIMULATED_DELAY_MS per task (250 ms by default)', async () => {
      const p = makeProject(TASKS_MD);
      const prompt = implementPrompt([
        ['T002', 'x'],
        ['T003', 'y'],
      ]);
      const r = await run(SIMULATED, [...SPECFLOW_FLAGS, '--', prompt], { cwd: p.cwd, env: { HOME: p.home } });
      assert.equal(r.code, 0);
      assert.ok(r.ms >= 500, `took ${r.ms} ms`);
    });

    it('is denied edits in default permission mode: tool_result errors, permission_denials, exit 0', async () => {
      const p = makeProject(TASKS_MD);
      const before = fs.readFileSync(p.tasksFile, 'utf8');
      const r = await sim(p, [
        '-p',
        '--output-format=stream-json',
        '--verbose',
        '--',
        implementPrompt([['T001', 'Create the user model in src/models/user.ts']]),
      ]);
      assert.equal(r.code, 0);
      assert.equal(fs.readFileSync(p.tasksFile, 'utf8'), before);
      const denied = toolResults(r.lines).filter((t) => t.is_error === true);
      assert.equal(denied.length, 1);
      assert.equal(denied[0]!.content, `Claude requested permissions to write to ${path.join(p.cwd, 'src/models/user.ts')}, but you haven't granted it yet.`);
      const res = r.result!;
      assert.equal(res.is_error, false);
      assert.equal(res.permission_denials.length, 1);
      assert.equal(res.permission_denials[0]?.tool_name, 'Write');
      assert.match(resultText(r), /Could not complete T001/);
      // --allowedTools covering Edit allows the edit in default mode (Edit rules cover Write too).
      const allowed = await sim(p, ['-p', '--allowedTools=Read,Edit', '--', implementPrompt([['T001', 'x']])]);
      assert.equal(allowed.code, 0);
      assert.match(fs.readFileSync(p.tasksFile, 'utf8'), /\[x\] T001/);
    });

    it('ends with error_max_budget_usd once the cost passes --max-budget-usd', async () => {
      const p = makeProject(TASKS_MD);
      const prompt = implementPrompt([
        ['T001', 'a'],
        ['T002', 'b'],
        ['T003', 'c'],
      ]);
      const r = await sim(p, ['-p', '--permission-mode=acceptEdits', '--max-budget-usd=0.015', '--', prompt]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, 'Error: Exceeded USD budget (0.015)');
      const content = fs.readFileSync(p.tasksFile, 'utf8');
      assert.match(content, /\[x\] T001/);
      assert.match(content, /\[ \] T002/);
      const json = await sim(makeProject(TASKS_MD), ['-p', '--output-format=json', '--permission-mode=acceptEdits', '--max-budget-usd=0.015', '--', prompt]);
      const res = JSON.parse(json.stdout) as CliResult;
      assert.equal(res.subtype, 'error_max_budget_usd');
      assert.equal(res.is_error, true);
      assert.deepEqual(res.errors, ['Reached maximum budget ($0.015)']);
      assert.ok(!('result' in res));
      assert.equal(res.total_cost_usd, 0.02);
    });

    it('design writes spec, plan and tasks; analyze only reads; verify reports open tasks', async () => {
      const p = makeProject();
      fs.rmSync(path.join(p.cwd, 'specs'), { recursive: true });
      const design = await sim(p, [...SPECFLOW_FLAGS, '--', '/flow.design Feature directory: specs/002-user-login\nBuild a login.']);
      assert.equal(design.code, 0, design.stderr);
      const dir = path.join(p.cwd, 'specs/002-user-login');
      for (const f of ['spec.md', 'plan.md', 'tasks.md']) assert.ok(fs.existsSync(path.join(dir, f)), f);
      const tasks = fs.readFileSync(path.join(dir, 'tasks.md'), 'utf8');
      assert.equal((tasks.match(/^## Phase \d+:/gm) ?? []).length, 3);
      assert.equal((tasks.match(/^- \[ \] T\d{3}/gm) ?? []).length, 9);

      const snapshot = fs.readFileSync(path.join(dir, 'tasks.md'), 'utf8');
      const analyze = await sim(p, [...SPECFLOW_FLAGS, '--', '/flow.analyze Feature directory: specs/002-user-login']);
      assert.match(resultText(analyze), /tasks: 9 \(0 done, 9 open\) in 3 phase\(s\)/);
      assert.deepEqual(
        toolUses(analyze.lines).map((t) => t.name),
        ['Read', 'Read', 'Read'],
      );
      assert.equal(fs.readFileSync(path.join(dir, 'tasks.md'), 'utf8'), snapshot);

      const verify = await sim(p, [...SPECFLOW_FLAGS, '--', '/flow.verify Feature directory: specs/002-user-login\nTasks file: specs/002-user-login/tasks.md']);
      assert.equal(verify.result!.is_error, false);
      assert.match(resultText(verify), /^Verification found 9 unchecked task\(s\) of 9/);
    });

    it('merge commits in a git repository', async () => {
      const p = makeProject(TASKS_MD);
      const git = (...a: string[]) => execFileSync('git', a, { cwd: p.cwd, env: { ...process.env, HOME: p.home }, encoding: 'utf8' });
      git('init', '-q');
      git('config', 'user.email', 'sim@example.invalid');
      git('config', 'user.name', 'Sim');
      const r = await sim(p, [...SPECFLOW_FLAGS, '--', '/flow.merge Feature directory: specs/001-demo']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(resultText(r), /^Committed the changes/);
      assert.match(git('log', '--oneline'), /SpecFlow simulated merge/);
      const notRepo = await sim(makeProject(TASKS_MD), [...SPECFLOW_FLAGS, '--', '/flow.merge x']);
      assert.match(resultText(notRepo), /not a git repository/);
    });

    it('answers decision calls with structured_output valid for --json-schema', async () => {
      const p = makeProject();
      const schema = { type: 'object', properties: { action: { enum: ['continue', 'stop'] }, reason: { type: 'string' } }, required: ['action'] };
      const r = await sim(p, [...SPECFLOW_FLAGS, `--json-schema=${JSON.stringify(schema)}`, '--tools=Read,Grep,Glob', '--', 'SpecFlow decision: continue?']);
      assert.equal(r.code, 0);
      assert.deepEqual(r.lines[0]!.tools, ['Glob', 'Grep', 'Read', 'StructuredOutput']);
      const res = r.result!;
      assert.deepEqual(res.structured_output, { action: 'continue', reason: 'simulated' });
      assert.equal(res.result, JSON.stringify(res.structured_output));
      assert.equal(res.stop_reason, 'tool_use');
      assert.equal(res.num_turns, 3);
    });
  });

  describe('signals', () => {
    it('exits 143 on SIGTERM without a result line, and 0 on SIGINT', async () => {
      for (const [signal, code] of [
        ['SIGTERM', 143],
        ['SIGINT', 0],
      ] as const) {
        const p = makeProject(TASKS_MD);
        const child = start(
          SIMULATED,
          [
            ...SPECFLOW_FLAGS,
            '--',
            implementPrompt([
              ['T001', 'a'],
              ['T002', 'b'],
            ]),
          ],
          {
            cwd: p.cwd,
            env: { HOME: p.home, SPECFLOW_SIMULATED_DELAY_MS: '5000' },
          },
        );
        const done = collect(child);
        await waitForLine(child, (l) => l.type === 'user');
        child.kill(signal);
        const r = await done;
        assert.equal(r.code, code, signal);
        assert.ok(r.lines.length >= 2);
        assert.equal(r.result, undefined);
        assert.ok(!r.stdout.includes('"type":"result"'));
      }
    });
  });
});
