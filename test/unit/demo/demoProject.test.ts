// The demo project on disk: a real Node project whose `npm test` passes before any task, a git repository on
// the feature branch, and a tasks.md that plans into 4 batches with [P] runs on different files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_BRANCH, DEMO_FEATURE, demoTasksMd } from '../../../src/core/demo/demoFiles';
import { writeDemoProject } from '../../../src/core/demo/demoProject';
import { latestReportPath } from '../../../src/core/demo/demoReport';
import { parseTasks } from '../../../src/core/tasks/parseTasks';
import { planBatches } from '../../../src/core/tasks/planBatches';
import { isJsModuleTarget } from '../../../src/simulated/jsModule';

const made: string[] = [];
function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'specflow-demo-')));
  made.push(dir);
  return dir;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

/** The file a task's text names (the last path-like word), if any. */
function fileOf(text: string): string | undefined {
  return /\s((?:[\w.-]+\/)*[\w.-]+\.\w+)$/.exec(text)?.[1];
}

/** Runs `fn` with these environment variables (undefined removes one), restoring the old ones after. */
function withEnv(vars: Record<string, string | undefined>, fn: () => void): void {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  set(vars);
  try {
    fn();
  } finally {
    set(old);
  }
}

describe('demo project', function () {
  this.timeout(30_000);
  after(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is a git repository: everything committed on main, the feature branch checked out, nothing left over', () => {
    const dir = path.join(tempDir(), 'demo');
    writeDemoProject(dir);
    assert.equal(git(dir, 'symbolic-ref', '--short', 'HEAD'), DEMO_BRANCH);
    assert.equal(DEMO_BRANCH, path.basename(DEMO_FEATURE), 'the branch is named like the feature directory');
    assert.equal(git(dir, 'rev-parse', 'main'), git(dir, 'rev-parse', 'HEAD'));
    assert.equal(git(dir, 'rev-list', '--count', 'main'), '1');
    assert.equal(git(dir, 'status', '--porcelain'), '');
    const tracked = git(dir, 'ls-files').split('\n');
    for (const f of [
      'package.json',
      'src/index.js',
      'test/project.test.js',
      `${DEMO_FEATURE}/spec.md`,
      `${DEMO_FEATURE}/plan.md`,
      `${DEMO_FEATURE}/tasks.md`,
      '.claude/commands/flow.implement.md',
    ]) {
      assert.ok(tracked.includes(f), f);
    }
  });

  it('is a Node project without dependencies whose npm test passes before any task', () => {
    const dir = path.join(tempDir(), 'demo');
    writeDemoProject(dir, { git: false });
    assert.ok(!fs.existsSync(path.join(dir, '.git')));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(pkg.scripts, { test: 'node --test' });
    assert.ok(!('dependencies' in pkg) && !('devDependencies' in pkg));
    const out = execFileSync('npm', ['test', '--silent', '--', '--test-reporter=tap'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    assert.match(out, /^# pass 2$/m);
    assert.match(out, /^# fail 0$/m);
  });

  it('plans into 4 batches of 20 tasks, each naming its file, with [P] runs on different files in several sections', () => {
    const parsed = parseTasks(demoTasksMd());
    const plan = planBatches(parsed);
    assert.deepEqual(
      plan.batches.map((b) => [b.name, b.taskIds.length]),
      [
        ['Phase 1: Setup', 4],
        ['Phase 2: Core Models & Services (US1)', 6],
        ['Phase 3: User Interface (US2)', 5],
        ['Phase 4: Polish & Cross-Cutting Concerns', 5],
      ],
    );
    assert.deepEqual(plan.warnings, []);
    const tasks = parsed.tasks;
    assert.equal(tasks.length, 20);
    const unnamed = tasks.filter((t) => !fileOf(t.text)).map((t) => t.id);
    assert.deepEqual(unnamed, ['T020'], 'every task but the last names the file it works on');
    assert.ok(tasks.filter((t) => isJsModuleTarget(fileOf(t.text) ?? '')).length >= 15, 'most tasks write a JS module and its test');
    // runs of 2+ consecutive [P] tasks in one section, on different files
    const runs: string[][] = [];
    let run: (typeof tasks)[number][] = [];
    for (const t of [...tasks, undefined]) {
      if (t && t.parallel && (run.length === 0 || run[0]!.section === t.section)) {
        run.push(t);
        continue;
      }
      if (run.length >= 2) runs.push(run.map((x) => fileOf(x.text)!));
      run = t?.parallel ? [t] : [];
    }
    assert.ok(runs.length >= 2, JSON.stringify(runs));
    for (const r of runs) assert.equal(new Set(r).size, r.length, `different files: ${r.join(', ')}`);
    assert.ok(new Set(tasks.filter((t) => t.parallel).map((t) => t.section)).size >= 2);
  });

  it('keeps existing files unless reset, and does not init git twice', () => {
    const dir = path.join(tempDir(), 'demo');
    writeDemoProject(dir);
    const tasks = path.join(dir, DEMO_FEATURE, 'tasks.md');
    fs.writeFileSync(tasks, 'mine\n');
    writeDemoProject(dir);
    assert.equal(fs.readFileSync(tasks, 'utf8'), 'mine\n');
    assert.equal(git(dir, 'rev-list', '--count', '--all'), '1');
    writeDemoProject(dir, { reset: true });
    assert.equal(fs.readFileSync(tasks, 'utf8'), demoTasksMd());
  });

  it('commits as "SpecFlow Demo" when neither the environment nor git has an identity', () => {
    const root = tempDir();
    const dir = path.join(root, 'demo');
    withEnv(
      {
        HOME: root,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: path.join(root, 'no-gitconfig'),
        GIT_AUTHOR_NAME: undefined,
        GIT_AUTHOR_EMAIL: undefined,
        GIT_COMMITTER_NAME: undefined,
        GIT_COMMITTER_EMAIL: undefined,
        EMAIL: undefined,
      },
      () => writeDemoProject(dir),
    );
    assert.equal(git(dir, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', 'main'), 'SpecFlow Demo <demo@specflow.local>|SpecFlow Demo <demo@specflow.local>');
  });

  it('finds the report path of the newest run from its state file', () => {
    const dir = tempDir();
    assert.equal(latestReportPath(dir), undefined);
    const workflows = path.join(dir, '.specflow', 'workflows');
    fs.mkdirSync(workflows, { recursive: true });
    const older = '20260101-120000-aaaaaa';
    const newer = '20260102-120000-bbbbbb';
    fs.writeFileSync(path.join(workflows, `orchestration-${older}.json`), '{}');
    fs.writeFileSync(path.join(workflows, `orchestration-${newer}.json`), '{}');
    fs.writeFileSync(path.join(workflows, 'orchestration-not-an-id.json'), '{}');
    fs.utimesSync(path.join(workflows, `orchestration-${older}.json`), new Date(2026, 0, 1), new Date(2026, 0, 1));
    assert.equal(latestReportPath(dir), path.join(dir, '.specflow', 'reports', `orchestration-${newer}.md`));
  });
});
