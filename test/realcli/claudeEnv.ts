// Environment isolation for running the GENUINE `claude` binary against the fake API (fakeAnthropic.ts).
//
// - resolveClaudeBinary(): the platform package's native binary, NOT node_modules/.bin/claude (that is a
//   500-byte "native binary not installed" stub when npm ran with --ignore-scripts).
// - isolatedEnv(): an env built from scratch (nothing inherited but PATH), so no proxy / API key /
//   CLAUDE_CONFIG_DIR / telemetry variables of the developer's shell leak into the run.
// - makeProject()/makeHome(): temp dirs (realpath'd: the CLI keys sessions by realpath(cwd)); cleanup() removes them.
// - startClaude()/runClaude(): spawn with an argument array, in its own process group, with a hard kill timeout.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { CliEventSchema, CliResultSchema, type CliEvent, type CliResult } from './streamJson';

// ---------------------------------------------------------------------------------------------
// Binary

function platformPackages(): string[] {
  const base = `claude-code-${process.platform}-${process.arch}`;
  // Linux has glibc and musl builds; npm installs the one matching the libc.
  return process.platform === 'linux' ? [base, `${base}-musl`] : [base];
}

function searchRoots(): string[] {
  const roots: string[] = [];
  // test/realcli/ -> repo root (tsx runs this file as CommonJS, so __dirname exists)
  if (typeof __dirname !== 'undefined') roots.push(path.resolve(__dirname, '..', '..'));
  roots.push(process.cwd());
  return roots;
}

let cachedBinary: string | undefined;

/**
 * Absolute path of the native `claude` binary from `node_modules/@anthropic-ai/claude-code-<platform>-<arch>/`.
 * `CLAUDE_BIN` (env) overrides. Throws a clear error when it is missing or is the install stub.
 */
export function resolveClaudeBinary(): string {
  if (cachedBinary) return cachedBinary;
  const exe = process.platform === 'win32' ? 'claude.exe' : 'claude';
  const tried: string[] = [];
  const candidates: string[] = [];
  if (process.env.CLAUDE_BIN) candidates.push(process.env.CLAUDE_BIN);
  for (const root of searchRoots()) {
    // walk up so it also works from a nested cwd
    for (let dir = root; ; dir = path.dirname(dir)) {
      for (const pkg of platformPackages()) candidates.push(path.join(dir, 'node_modules', '@anthropic-ai', pkg, exe));
      if (path.dirname(dir) === dir) break;
    }
  }
  for (const c of candidates) {
    tried.push(c);
    let st: fs.Stats;
    try {
      st = fs.statSync(c);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    if (st.size < 1_000_000) {
      throw new Error(
        `claude binary at ${c} is only ${st.size} bytes — that is the npm install stub, not the native CLI. ` +
          `Reinstall @anthropic-ai/claude-code (the platform package must be present).`,
      );
    }
    cachedBinary = c;
    return c;
  }
  throw new Error(
    `Cannot find the native claude binary (@anthropic-ai/claude-code-${process.platform}-${process.arch}). ` +
      `Run \`npm install\` in the repo (it is a pinned devDependency; its optional platform package holds the binary), ` +
      `or set CLAUDE_BIN. Looked in:\n  ${[...new Set(tried)].slice(0, 8).join('\n  ')}`,
  );
}

let cachedVersion: string | undefined;

/** "2.1.197" (parsed from `claude --version` → "2.1.197 (Claude Code)"). */
export function claudeVersion(bin: string = resolveClaudeBinary()): string {
  if (cachedVersion && bin === cachedBinary) return cachedVersion;
  const out = execFileSync(bin, ['--version'], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), DISABLE_AUTOUPDATER: '1' },
  });
  const m = /^(\d+\.\d+\.\d+\S*)/.exec(out.trim());
  if (!m) throw new Error(`unexpected \`claude --version\` output: ${JSON.stringify(out)}`);
  const v = m[1]!;
  if (bin === cachedBinary) cachedVersion = v;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Environment

export interface IsolatedEnvOptions {
  /** Port of the fake API on 127.0.0.1 (or pass baseUrl). */
  port?: number;
  baseUrl?: string;
  /** Fresh HOME (sessions go to $HOME/.claude/projects/<slug>/<id>.jsonl). */
  home: string;
  /** Overrides / additions, e.g. {CLAUDE_CODE_MAX_RETRIES: '2'}. `undefined` values delete a key. */
  extra?: Record<string, string | undefined>;
}

/**
 * The exact environment for a hermetic CLI run (see claude-fakeapi.md §2). Built from scratch: only PATH is
 * inherited, so HTTP(S)_PROXY / NO_PROXY / ANTHROPIC_* / CLAUDE_* of the caller never leak in.
 */
export function isolatedEnv({ port, baseUrl, home, extra = {} }: IsolatedEnvOptions): Record<string, string> {
  if (!baseUrl && !port) throw new Error('isolatedEnv: port or baseUrl is required');
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    ANTHROPIC_BASE_URL: baseUrl ?? `http://127.0.0.1:${port}`,
    ANTHROPIC_API_KEY: 'sk-test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', // alone stops every off-loopback connect
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_MAX_RETRIES: '0', // default 10 retries with backoff (~3 min) on a persistent 5xx/401
    API_TIMEOUT_MS: '15000', // a hung fake fails fast with "Request timed out"
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as Record<string, string>;
}

/**
 * `extra` for a signed-in subscriber instead of an API key: claude reads the unified rate-limit headers (usage
 * limits, `rate_limit_event`) only then (claude-cli.md §10). The init line says `apiKeySource:"none"` and the
 * default model is the subscriber's (claude-sonnet-5 in 2.1.197); requests carry `authorization: Bearer <token>`.
 */
export const SUBSCRIBER_AUTH: Record<string, string | undefined> = { ANTHROPIC_API_KEY: undefined, CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-test' };

// ---------------------------------------------------------------------------------------------
// Temp dirs

const made: string[] = [];

function tmp(prefix: string): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(d);
  return d;
}

/** A fresh, empty HOME. */
export function makeHome(): string {
  return tmp('specflow-claude-home-');
}

export interface Project {
  /** Absolute, realpath'd project dir (use as cwd; tool_use file paths should be under it). */
  dir: string;
  path(rel: string): string;
  read(rel: string): string;
  write(rel: string, content: string): string;
}

export interface MakeProjectOptions {
  /** Slash commands: {'flow.implement': 'body…'} → .claude/commands/flow.implement.md. */
  commands?: Record<string, string>;
  /** Skills: {'myskill': 'body…'} → .claude/skills/myskill/SKILL.md. */
  skills?: Record<string, string>;
}

/** Minimal spec-kit-like command bodies (frontmatter is stripped by the CLI; $ARGUMENTS is substituted). */
export const FLOW_COMMANDS: Record<string, string> = {
  'flow.implement': '---\ndescription: Implement a batch of tasks\n---\nImplement batch: $ARGUMENTS\n\nFollow tasks.md and check off each task when done.\n',
  'flow.analyze': '---\ndescription: Analyze the spec\n---\nAnalyze: $ARGUMENTS\n',
  'flow.plan': '---\ndescription: Plan\n---\nPlan: $ARGUMENTS\n',
};

/**
 * A temp project dir with `files` ({relPath: content}) and optional `.claude/commands/*.md` / skills.
 * Pass `commands: FLOW_COMMANDS` for the default flow.* commands.
 */
export function makeProject(files: Record<string, string> = {}, opts: MakeProjectOptions = {}): Project {
  const dir = tmp('specflow-claude-proj-');
  const write = (rel: string, content: string) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  for (const [name, body] of Object.entries(opts.commands ?? {})) write(path.join('.claude', 'commands', `${name}.md`), body);
  for (const [name, body] of Object.entries(opts.skills ?? {})) write(path.join('.claude', 'skills', name, 'SKILL.md'), body);
  return {
    dir,
    path: (rel) => path.join(dir, rel),
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    write,
  };
}

/** Remove every dir made by makeHome()/makeProject(). */
export function cleanup(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Where the CLI stores a session transcript: $HOME/.claude/projects/<slug(realpath cwd)>/<id>.jsonl. */
export function transcriptPath(home: string, cwd: string, sessionId: string): string {
  const slug = fs.realpathSync(cwd).replace(/[^a-zA-Z0-9]/g, '-');
  return path.join(home, '.claude', 'projects', slug, `${sessionId}.jsonl`);
}

// ---------------------------------------------------------------------------------------------
// Spawning

export interface ClaudeRunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Hard kill (SIGKILL to the process group) after this many ms. Default 30 s. */
  timeoutMs?: number;
  /** Text written to stdin (default: stdin closed). */
  stdin?: string;
  bin?: string;
}

export interface ClaudeRunResult {
  /** Exit code (null when killed by a signal the process did not handle). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** True if the hard timeout fired. */
  timedOut: boolean;
  /** Parsed stdout lines that are JSON (stream-json), in order; non-JSON lines are skipped. */
  events: CliEvent[];
  /** The `type:"result"` object (last one), if any. For `--output-format=json` this is the parsed stdout. */
  result: CliResult | undefined;
}

export interface ClaudeProcess {
  child: ChildProcess;
  done: Promise<ClaudeRunResult>;
  /** Signal the whole process group (the CLI's tool subprocesses too). */
  killGroup(signal?: NodeJS.Signals): void;
}

/**
 * The JSON lines of stdout as events: one per line, or each element of a line that is an array
 * (`--output-format=json --verbose`). Throws when a JSON line is not an event of the shape above.
 */
export function parseJsonLines(stdout: string): CliEvent[] {
  const out: CliEvent[] = [];
  for (const line of stdout.split('\n')) {
    const l = line.trim();
    if (!l.startsWith('{') && !l.startsWith('[')) continue;
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch {
      continue; // partial line
    }
    for (const item of Array.isArray(v) ? (v as unknown[]) : [v]) {
      const event = CliEventSchema.safeParse(item);
      if (!event.success) throw new Error(`not a stream-json event (${z.prettifyError(event.error)}): ${l.slice(0, 500)}`);
      out.push(event.data);
    }
  }
  return out;
}

/** The last `type:"result"` event, checked for the fields every result line has. */
function lastResult(events: readonly CliEvent[]): CliResult | undefined {
  const result = [...events].reverse().find((e) => e.type === 'result');
  return result === undefined ? undefined : CliResultSchema.parse(result);
}

/** Spawn the binary with an argument array (no shell) in its own process group. */
export function startClaude(args: string[], opts: ClaudeRunOptions): ClaudeProcess {
  const bin = opts.bin ?? resolveClaudeBinary();
  const t0 = Date.now();
  const child = spawn(bin, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: true, // own process group → killGroup() reaches tool subprocesses
  });
  const killGroup = (signal: NodeJS.Signals = 'SIGTERM') => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  const done = new Promise<ClaudeRunResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      let events: CliEvent[];
      let result: CliResult | undefined;
      try {
        events = parseJsonLines(stdout);
        result = lastResult(events);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0, timedOut, events, result });
    };
    child.on('error', (e) => {
      stderr += String(e);
      finish(null, null);
    });
    child.on('close', finish);
  });
  return { child, done, killGroup };
}

export function runClaude(args: string[], opts: ClaudeRunOptions): Promise<ClaudeRunResult> {
  return startClaude(args, opts).done;
}
