// Extension-host tests: mocha inside code-server's real extension host, against the real `vscode` API.
// The runner (test/e2e/run-e2e.js) opens a multi-root workspace with two projects and points
// specflow.claudePath at the scripted fake agent; paths arrive in $E2E_FIXTURE.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SpecflowExtensionApi } from '../../../src/extension/extension';

interface Fixture {
  extDir: string;
  projects: { alpha: string; beta: string };
  fakeLog: string;
  untrusted?: boolean;
}

const fixture = JSON.parse(process.env.E2E_FIXTURE ?? '{}') as Fixture;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(): Promise<SpecflowExtensionApi> {
  const ext = vscode.extensions.getExtension<SpecflowExtensionApi>('specflow.specflow-vscode');
  assert.ok(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : await ext.activate();
}

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface FakeCall {
  kind?: string;
  event?: string;
  pid?: number;
  ppid?: number;
  cwd?: string;
}

function calls(): FakeCall[] {
  if (!existsSync(fixture.fakeLog)) return [];
  return readFileSync(fixture.fakeLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FakeCall);
}

/** The command lines of this process's ancestors (Linux /proc), nearest first. */
function ancestorCommandLines(): string[] {
  const out: string[] = [];
  let pid = process.ppid;
  while (pid > 1 && out.length < 10) {
    out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return out;
}

function cli(args: string[]): string {
  return execFileSync(process.execPath, [join(fixture.extDir, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env } });
}

interface Activation {
  activationMs: number;
  loadAndActivateMs: number;
  at: string;
}

/** The last runs' figures (the bench reports them); an older single-object file starts the list afresh. */
function readActivations(file: string): Activation[] {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return Array.isArray(data) ? (data as Activation[]) : [];
}

if (fixture.untrusted) {
  describe('SpecFlow in an untrusted workspace', function () {
    this.timeout(120_000);
    it('shows the projects but never spawns the agent', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const a = await api();
      const rows = await until(async () => ((await a.treeSnapshot()).length >= 2 ? a.treeSnapshot() : undefined), 'the tree');
      assert.equal(rows.length, 2);
      await assert.rejects(() => a.start({ projectPath: fixture.projects.alpha }), /untrusted workspace/);
      await assert.rejects(() => a.resume({ projectPath: fixture.projects.alpha }), /untrusted workspace|no orchestration/);
      // Complete Phase answers with a warning (and "Manage Workspace Trust"); nobody clicks it here.
      void vscode.commands.executeCommand('specflow.completePhase', { projectPath: fixture.projects.alpha });
      await sleep(1500);
      assert.deepEqual(calls(), [], 'no agent was ever spawned');
      assert.equal(existsSync(join(fixture.projects.alpha, '.specflow', 'workflows', 'orchestration.lock')), false);
    });
  });
} else {
  describe('SpecFlow extension host', function () {
    this.timeout(180_000);

    it('activates lazily and registers every contributed command', async () => {
      const a = await api();
      assert.ok(a.activationMs < 2000, `activate() took ${a.activationMs} ms`);
      // npm run bench reports this number (measured in the real extension host).
      const out = join(fixture.extDir, 'test-results', 'e2e');
      mkdirSync(out, { recursive: true });
      const runs = existsSync(join(out, 'activation.json')) ? readActivations(join(out, 'activation.json')) : [];
      runs.push({ activationMs: a.activationMs, loadAndActivateMs: a.loadAndActivateMs, at: new Date().toISOString() });
      writeFileSync(join(out, 'activation.json'), JSON.stringify(runs.slice(-10), null, 2));
      const pkg = JSON.parse(readFileSync(join(fixture.extDir, 'package.json'), 'utf8')) as {
        contributes: { commands: { command: string; category: string; title: string }[] };
      };
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const c of pkg.contributes.commands) {
        assert.ok(registered.has(c.command), `${c.command} is registered`);
        assert.equal(c.category, 'SpecFlow');
      }
    });

    it('lists both projects of the multi-root workspace with their phase and tasks x/y', async () => {
      const a = await api();
      const rows = await until(async () => {
        const r = await a.treeSnapshot();
        return r.length === 2 ? r : undefined;
      }, 'two projects in the tree');
      const alpha = rows.find((r) => r.label === 'alpha')!;
      const beta = rows.find((r) => r.label === 'beta')!;
      assert.match(alpha.description, /^001-albums · 2\/8$/);
      assert.match(beta.description, /^002-search · 0\/3$/);
      assert.equal(alpha.contextValue, 'specflow.project.idle:start');
      assert.deepEqual(alpha.children, ['1. Phase 1: Setup', '2. Phase 2: Core Components']);
    });

    it('contributes Complete Phase as the first, own-group item of the project context menu and as the inline action', () => {
      const pkg = JSON.parse(readFileSync(join(fixture.extDir, 'package.json'), 'utf8')) as {
        contributes: { menus: Record<string, { command?: string; submenu?: string; when: string; group: string }[]> };
      };
      const items = pkg.contributes.menus['view/item/context']!.filter((m) => m.when.includes('specflow\\.project'));
      const contextItems = items.filter((m) => !m.group.startsWith('inline'));
      const order = (g: string) => {
        const [group, pos] = g.split('@');
        return [group ?? '', Number(pos ?? 0)] as const;
      };
      const sorted = [...contextItems].sort((x, y) => order(x.group)[0].localeCompare(order(y.group)[0]) || order(x.group)[1] - order(y.group)[1]);
      assert.equal(sorted[0]!.command, 'specflow.completePhase');
      assert.equal(contextItems.filter((m) => order(m.group)[0] === order(sorted[0]!.group)[0]).length, 1, 'Complete Phase is alone in its group');
      assert.ok(
        items.some((m) => m.command === 'specflow.completePhase' && m.group.startsWith('inline')),
        'inline primary action',
      );
    });

    it('follows a run in the status bar, refuses a second start, and answers the API like the CLI', async () => {
      const a = await api();
      const project = fixture.projects.alpha;
      assert.equal(a.statusBarText(), '', 'hidden while nothing runs');
      const started = await a.start({ projectPath: project, config: { skipAnalyze: true, decisions: false } });
      assert.equal(started.status, 'running');
      const seen = new Set<string>();
      await until(() => {
        seen.add(a.statusBarText());
        return a.statusBarText().includes('Implement 2/2') ? true : undefined;
      }, 'batch 2 in the status bar');
      // a second start while the first holds the project
      await assert.rejects(() => a.start({ projectPath: project }), /Orchestration already in progress/);
      await until(() => {
        seen.add(a.statusBarText());
        return a.statusBarText().includes('Merge ready') ? true : undefined;
      }, 'merge ready');
      const texts = [...seen].filter(Boolean);
      assert.ok(
        texts.some((t) => /^\$\(sync~spin\) SpecFlow: Implement 1\/2 · \d+\/8$/.test(t)),
        `saw batch 1: ${texts.join(' | ')}`,
      );
      assert.ok(
        texts.some((t) => /^\$\(git-merge\) SpecFlow: Merge ready · 8\/8$/.test(t)),
        `saw merge ready: ${texts.join(' | ')}`,
      );

      const viaCommand = await vscode.commands.executeCommand<Record<string, unknown>>('specflow.api.status', { projectPath: project, id: started.id });
      const viaCli = JSON.parse(cli(['status', '--project', project, '--id', started.id, '--json'])) as Record<string, unknown>;
      assert.deepEqual(viaCommand, viaCli, 'specflow.api.status equals specflow-orchestrate status --json');
      const listed = await vscode.commands.executeCommand<unknown[]>('specflow.api.list', { projectPath: project });
      assert.deepEqual(listed, JSON.parse(cli(['list', '--project', project, '--json'])));

      const merged = await a.merge({ projectPath: project, id: started.id });
      assert.equal(merged.status, 'running');
      await until(async () => ((await a.status({ projectPath: project, id: started.id })).status === 'completed' ? true : undefined), 'completed');
      await until(() => (a.statusBarText() === '' ? true : undefined), 'status bar hidden again');
      const kinds = calls()
        .filter((c) => !c.event)
        .map((c) => c.kind);
      assert.deepEqual(kinds, ['implement', 'implement', 'verify', 'merge']);
    });

    it("runs the engine on the remote side: a workspace extension in the server's extension host, which spawns the agents", () => {
      const ext = vscode.extensions.getExtension('specflow.specflow-vscode');
      assert.ok(ext);
      assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace, 'extensionKind workspace: it runs where the files are');
      assert.equal(vscode.env.uiKind, vscode.UIKind.Web, 'the UI is the browser');
      // a remote window: code-server's workbench is connected to the VS Code server at this authority
      assert.match(vscode.env.remoteName ?? '', /^127\.0\.0\.1:\d+$/);
      // the extension host is a child of the code-server process (the VS Code server), not of the browser
      const ancestors = ancestorCommandLines();
      assert.ok(
        ancestors.some((c) => /code-server\/out\/node\/entry\.js/.test(c)),
        `an ancestor is code-server: ${ancestors.join(' | ')}`,
      );
      // the engine bundle was loaded into this very process, and the agents of the run above were its children
      assert.ok(
        Object.keys(require.cache).some((k) => k.endsWith(join('dist', 'engine.js'))),
        'dist/engine.js is loaded in the extension host',
      );
      const agents = calls().filter((c) => !c.event);
      assert.ok(agents.length >= 3, `agents: ${agents.length}`);
      for (const c of agents) assert.equal(c.ppid, process.pid, `agent ${c.kind} (pid ${c.pid}) was spawned by this extension host`);
    });

    it('answers Complete Phase on a held project with "Orchestration already in progress"', async () => {
      const a = await api();
      const project = fixture.projects.beta;
      const started = await a.start({ projectPath: project, config: { skipAnalyze: true, decisions: false, pauseBetweenBatches: true, batchSizeFallback: 2 } });
      await until(async () => ((await a.status({ projectPath: project, id: started.id })).status === 'paused' ? true : undefined), 'paused');
      // The modal warning is what a user sees; the API gives the same answer as an error.
      await assert.rejects(() => a.start({ projectPath: project }), /Orchestration already in progress \(id \S+, paused/);
      const cancelled = await a.cancel({ projectPath: project, id: started.id });
      assert.equal(cancelled.status, 'cancelled');
    });
  });
}
