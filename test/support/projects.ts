// Temp SpecFlow projects for engine tests: a git repo with specs/001-feature/{spec.md,tasks.md} and the
// /flow.* skill files, plus a fake-claude environment (scenario, call log, HOME) per project.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCallLog, type LogEntry } from '../fixtures/fakeClaude/callLog';

export const FEATURE = 'specs/001-feature';
const SKILLS = ['design', 'analyze', 'implement', 'verify', 'merge'];

/** A tasks.md with `sections` `## Phase N:` sections holding `total` tasks between them. */
export function sectionedTasks(total: number, sections: number, opts: { done?: number; names?: string[] } = {}): string {
  const lines = ['# Tasks: Test feature', '', '## Format: `[ID] [P?] [Story] Description`', ''];
  const per = Math.ceil(total / sections);
  let n = 1;
  for (let s = 0; s < sections; s++) {
    lines.push(`## Phase ${s + 1}: ${opts.names?.[s] ?? `Section ${s + 1}`}`, '');
    for (let i = 0; i < per && n <= total; i++, n++) {
      const id = `T${String(n).padStart(3, '0')}`;
      lines.push(`- [${n <= (opts.done ?? 0) ? 'x' : ' '}] ${id} ${n % 3 === 0 ? '[P] ' : ''}Implement part ${n} in src/part${n}.ts`);
    }
    lines.push('', `**Checkpoint**: section ${s + 1} done`, '');
  }
  return lines.join('\n') + '\n';
}

export function flatTasks(total: number, done = 0): string {
  const lines = ['# Tasks: Flat', ''];
  for (let n = 1; n <= total; n++) lines.push(`- [${n <= done ? 'x' : ' '}] T${String(n).padStart(3, '0')} Task number ${n}`);
  return lines.join('\n') + '\n';
}

export interface TestProject {
  dir: string;
  home: string;
  logFile: string;
  scenarioFile: string;
  tasksFile: string;
  env: NodeJS.ProcessEnv;
  setScenario(scenario: unknown): void;
  calls(): LogEntry[];
  invocations(): LogEntry[];
  tasks(): string;
  cleanup(): void;
}

export function makeProject(opts: { tasks?: string; spec?: boolean; plan?: boolean; skills?: string[]; git?: boolean } = {}): TestProject {
  const root = mkdtempSync(join(tmpdir(), 'specflow-eng-'));
  const dir = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(join(dir, FEATURE), { recursive: true });
  mkdirSync(home, { recursive: true });
  mkdirSync(join(dir, '.claude', 'commands'), { recursive: true });
  for (const s of opts.skills ?? SKILLS.map((x) => `flow.${x}`)) {
    writeFileSync(join(dir, '.claude', 'commands', `${s}.md`), `---\ndescription: ${s}\n---\nRun ${s} for this feature.\n\n$ARGUMENTS\n`);
  }
  if (opts.spec !== false) writeFileSync(join(dir, FEATURE, 'spec.md'), '# Feature spec\n\nUsers can do things.\n');
  if (opts.plan !== false) writeFileSync(join(dir, FEATURE, 'plan.md'), '# Plan\n\nTypeScript.\n');
  if (opts.tasks !== undefined) writeFileSync(join(dir, FEATURE, 'tasks.md'), opts.tasks);
  if (opts.git !== false) {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init'], { cwd: dir });
  }
  const logFile = join(root, 'calls.jsonl');
  const scenarioFile = join(root, 'scenario.json');
  writeFileSync(scenarioFile, JSON.stringify({ rules: [] }));
  return {
    dir,
    home,
    logFile,
    scenarioFile,
    tasksFile: join(dir, FEATURE, 'tasks.md'),
    env: {
      HOME: home,
      FAKE_CLAUDE_LOG: logFile,
      FAKE_CLAUDE_SCENARIO: scenarioFile,
      FAKE_CLAUDE_STATE: join(root, 'fake-state'),
      GIT_AUTHOR_NAME: 'SpecFlow Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'SpecFlow Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
    setScenario(scenario) {
      writeFileSync(scenarioFile, JSON.stringify(scenario));
    },
    calls: () => readCallLog(logFile),
    invocations: () => readCallLog(logFile).filter((e) => !e.event),
    tasks: () => readFileSync(join(dir, FEATURE, 'tasks.md'), 'utf8'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
