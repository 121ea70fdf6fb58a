// Spawning helpers for the claude-compatible executables (they must be built: `npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { blocksOf, type CliBlock, type CliEvent, type CliResult } from '../../realcli/streamJson';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The built agent; SPECFLOW_TEST_SIMULATED points the tests at another build (e.g. one from buildSimulated). */
export const SIMULATED = process.env.SPECFLOW_TEST_SIMULATED ?? path.join(ROOT, 'dist', 'simulated-claude.js');
export const FAKE = path.join(ROOT, 'test', 'fixtures', 'fake-claude');
export const FAKE_BUNDLE = path.join(ROOT, 'dist', 'test', 'fake-claude.js');

/**
 * A private build of src/simulated/main.ts in a temp dir (dist/ is left alone): the executable as it is in the
 * source tree now. Named simulated-claude.js, as main.ts runs only under that name.
 */
export async function buildSimulated(): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(tempDir('sim-build-'), 'simulated-claude.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'simulated', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  });
  // SpecFlow runs --claude as an executable.
  fs.chmodSync(outfile, 0o755);
  return outfile;
}

export function requireBuilt(...files: string[]): void {
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run \`npm run build\` first`);
}

const made: string[] = [];

export function tempDir(prefix = 'sim-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return fs.realpathSync(dir);
}

export function cleanupTempDirs(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as NDJSON (typed as the real CLI's lines: the simulated and fake CLIs imitate them). */
  lines: CliEvent[];
  /** The last line if it is a result. */
  result: CliResult | undefined;
  ms: number;
}

export interface RunOpts {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** stdin text; undefined = stdin ignored (/dev/null), as SpecFlow spawns it. */
  input?: string;
  timeoutMs?: number;
  detached?: boolean;
}

/** A clean environment: PATH, a private HOME, no inherited SPECFLOW_/FAKE_CLAUDE_ variables. */
export function baseEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

function command(exe: string, args: readonly string[]): [string, string[]] {
  return exe.endsWith('.js') ? [process.execPath, [exe, ...args]] : [exe, [...args]];
}

export function start(exe: string, args: readonly string[], opts: RunOpts): ChildProcess {
  const [cmd, argv] = command(exe, args);
  return spawn(cmd, argv, {
    cwd: opts.cwd,
    env: baseEnv(opts.env?.HOME ?? path.join(opts.cwd, '..', 'home'), opts.env),
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: opts.detached,
  });
}

export function parseLines(stdout: string): CliEvent[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{') || l.trim().startsWith('['))
    .map((l) => JSON.parse(l) as CliEvent);
}

export function collect(child: ChildProcess, timeoutMs = 15000): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let lines: CliEvent[];
      try {
        lines = parseLines(stdout);
      } catch {
        lines = [];
      }
      const last = lines[lines.length - 1];
      resolve({ code, signal, stdout, stderr, lines, result: last?.type === 'result' ? (last as CliResult) : undefined, ms: Date.now() - started });
    });
  });
}

export function run(exe: string, args: readonly string[], opts: RunOpts): Promise<RunResult> {
  const child = start(exe, args, opts);
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  return collect(child, opts.timeoutMs);
}

/** Resolve once a stdout line satisfies `pred` (the lines so far are returned). */
export function waitForLine(child: ChildProcess, pred: (line: CliEvent) => boolean, timeoutMs = 10000): Promise<CliEvent[]> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const seen: CliEvent[] = [];
    const timer = setTimeout(() => reject(new Error(`no matching line within ${timeoutMs} ms: ${JSON.stringify(seen)}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!line.trim()) continue;
        const json = JSON.parse(line) as CliEvent;
        seen.push(json);
        if (pred(json)) {
          clearTimeout(timer);
          resolve(seen);
        }
      }
    });
  });
}

export const SPECFLOW_FLAGS = [
  '-p',
  '--output-format=stream-json',
  '--verbose',
  '--permission-mode=acceptEdits',
  '--allowedTools=Read,Edit,Write,Glob,Grep,Bash',
  '--max-budget-usd=5',
];

export interface Project {
  root: string;
  cwd: string;
  home: string;
  tasksFile: string;
}

export const IMPLEMENT_MD = '---\ndescription: Implement a batch\n---\nImplement the batch below.\n\n$ARGUMENTS\n';

/** A project with the flow.* commands and a feature directory (tasks.md content optional). */
export function makeProject(tasks?: string, opts: { crlfBom?: boolean } = {}): Project {
  const root = tempDir('specflow-sim-');
  const cwd = path.join(root, 'proj');
  const home = path.join(root, 'home');
  fs.mkdirSync(path.join(cwd, '.claude', 'commands'), { recursive: true });
  fs.mkdirSync(path.join(cwd, 'specs', '001-demo'), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  for (const step of ['design', 'analyze', 'verify', 'merge']) {
    fs.writeFileSync(path.join(cwd, '.claude', 'commands', `flow.${step}.md`), `Run the ${step} step.\n\n$ARGUMENTS\n`);
  }
  fs.writeFileSync(path.join(cwd, '.claude', 'commands', 'flow.implement.md'), IMPLEMENT_MD);
  const tasksFile = path.join(cwd, 'specs', '001-demo', 'tasks.md');
  if (tasks !== undefined) {
    const body = opts.crlfBom ? `\uFEFF${tasks.replace(/\n/g, '\r\n')}` : tasks;
    fs.writeFileSync(tasksFile, body);
  }
  return { root, cwd, home, tasksFile };
}

export function implementPrompt(ids: Array<[string, string]>, extra?: string): string {
  const lines = ['/flow.implement Feature directory: specs/001-demo', 'Tasks file: specs/001-demo/tasks.md'];
  if (extra) lines.push(extra);
  lines.push('Do ONLY these tasks, in this order, and nothing else:', ...ids.map(([id, text]) => `- ${id} ${text}`));
  lines.push('', 'Additional context from the user:', 'keep it small');
  return lines.join('\n');
}

export const TASKS_MD = [
  '# Tasks: Demo',
  '',
  '## Phase 1: Setup',
  '',
  '- [ ] T001 Create the user model in src/models/user.ts',
  '* [ ] T002 [P] Add the user service',
  '',
  '## Phase 2: Core',
  '',
  '1. [ ] T003 Wire everything',
  '- [ ] a checkbox without an id',
  '',
].join('\n');

export function toolUses(lines: CliEvent[]): CliBlock[] {
  return lines
    .filter((l) => l.type === 'assistant')
    .flatMap(blocksOf)
    .filter((b) => b.type === 'tool_use');
}

export function toolResults(lines: CliEvent[]): CliBlock[] {
  return lines.filter((l) => l.type === 'user').flatMap(blocksOf);
}

/** The result line's `result` text; throws when there is no result line or no text (as asserting on it would). */
export function resultText(r: RunResult): string {
  const text = r.result?.result;
  if (typeof text !== 'string') throw new Error(`no result text in: ${r.stdout.slice(-500)}`);
  return text;
}

/** The text of a line's first content block; throws when it has none (as asserting on it would). */
export function firstText(line: CliEvent | undefined): string {
  const content = line?.message?.content;
  const text = Array.isArray(content) ? content[0]?.text : undefined;
  if (typeof text !== 'string') throw new Error(`no text block in: ${JSON.stringify(line)}`);
  return text;
}
