// The simulated agent run in-process on a real project directory (the tools really read, write and run), with
// PATH so its Bash tool finds node and git, and a private HOME and git config so no identity leaks in.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SimulatedOptions } from '../../../src/simulated/simulatedBehaviour';
import { createSimulatedBehaviour } from '../../../src/simulated/simulatedBehaviour';
import { runClaudeCompatible } from '../../../src/simulated/run';
import type { CliEvent } from '../../realcli/streamJson';
import { parseLines, SPECFLOW_FLAGS, tempDir, toolUses } from './helpers';

export interface Workspace {
  cwd: string;
  home: string;
  env: NodeJS.ProcessEnv;
  write(rel: string, content: string): void;
  read(rel: string): string;
  exists(rel: string): boolean;
  git(...args: string[]): string;
}

/** A project folder with the given files; `git: true` makes it a repository with one commit on main. */
export function workspace(files: Record<string, string>, opts: { git?: boolean } = {}): Workspace {
  const root = tempDir('sim-ws-');
  const cwd = path.join(root, 'proj');
  const home = path.join(root, 'home');
  fs.mkdirSync(cwd, { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8' };
  const ws: Workspace = {
    cwd,
    home,
    env,
    write(rel, content) {
      fs.mkdirSync(path.dirname(path.join(cwd, rel)), { recursive: true });
      fs.writeFileSync(path.join(cwd, rel), content);
    },
    read: (rel) => fs.readFileSync(path.join(cwd, rel), 'utf8'),
    exists: (rel) => fs.existsSync(path.join(cwd, rel)),
    git: (...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(),
  };
  for (const [rel, content] of Object.entries(files)) ws.write(rel, content);
  if (opts.git) {
    ws.git('init', '-q');
    ws.git('symbolic-ref', 'HEAD', 'refs/heads/main');
    ws.git('config', 'user.name', 'Test User');
    ws.git('config', 'user.email', 'test@example.invalid');
    ws.git('add', '-A');
    ws.git('commit', '-qm', 'start');
  }
  return ws;
}

class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface TurnResult {
  code: number;
  lines: CliEvent[];
  result: string;
  tools: string[];
  stderr: string;
}

/** One `claude -p` turn of the simulated agent with SpecFlow's flags, in-process. */
export async function turn(ws: Workspace, prompt: string, options: Partial<SimulatedOptions> = {}): Promise<TurnResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runClaudeCompatible({
    argv: [...SPECFLOW_FLAGS, '--', prompt],
    cwd: ws.cwd,
    env: ws.env,
    stdin: null,
    stdout,
    stderr,
    behaviour: createSimulatedBehaviour({ delayMsPerTask: 0, ...options }),
    isRoot: false,
  });
  const lines = parseLines(stdout.text);
  const last = lines.at(-1);
  return {
    code,
    lines,
    result: typeof last?.result === 'string' ? last.result : '',
    tools: toolUses(lines).map((t) => String(t.name)),
    stderr: stderr.text,
  };
}

/** `node --test` in the folder with the TAP reporter: exit code and output. */
export function nodeTest(cwd: string, ...files: string[]): { code: number; output: string } {
  try {
    const output = execFileSync(process.execPath, ['--test', '--test-reporter=tap', ...files], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, output };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Passing and failing counts from node:test's TAP summary (`# pass 3`). */
export function testCounts(output: string): { pass: number; fail: number } {
  const n = (key: string) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
  return { pass: n('pass'), fail: n('fail') };
}
