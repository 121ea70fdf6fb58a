// The API under test as users run it: the CLI bundled from source (esbuild, like dist/cli.js, but into a temp
// dir so dist/ is left alone), `serve` spawned as a real process, and real HTTP on 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { OrchestrationExecution } from '../../src/core/model/execution';
import { FAKE_CLAUDE, ROOT } from '../support/cli';
import { waitFor } from '../support/polling';

let bundle: string | undefined;

/** Bundles src/cli/main.ts once per test process. */
export function cliBundle(): string {
  if (bundle) return bundle;
  const dir = mkdtempSync(join(tmpdir(), 'specflow-serve-cli-'));
  const outfile = join(dir, 'cli.js');
  buildSync({ entryPoints: [join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'error' });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  bundle = outfile;
  return outfile;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): CliRun {
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Served {
  url: string;
  token: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Spawns `serve` and waits for its banner; rejects with its output if it exits first. */
export async function serve(projects: string[], env: NodeJS.ProcessEnv, extra: string[] = []): Promise<Served> {
  const args = [cliBundle(), 'serve', ...projects.flatMap((p) => ['--project', p]), '--port', '0', '--claude', FAKE_CLAUDE, ...extra];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const banner = await waitFor(() => (gone ? 'exited' : /SpecFlow API on (http:\/\/\S+) — token: (\S+)/.exec(out)), 30_000, 'the serve banner');
  if (banner === 'exited') throw new Error(`serve exited early\nstdout: ${out}\nstderr: ${err}`);
  return {
    url: banner[1]!,
    token: banner[2]!,
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(signal = 'SIGTERM') {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = unknown>(
  s: Pick<Served, 'url' | 'token'>,
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string | Buffer; token?: string | null; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? s.token : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(s.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export interface ErrorReply {
  error: { code: string; message: string; existingId?: string; existingStatus?: string; issues?: string[] };
}

export interface SseEvent {
  event: string;
  data: unknown;
  id?: string;
}

export interface SseClient {
  events: SseEvent[];
  comments: number;
  /** Resolves with the first event that satisfies `pred` (seen already or still to come). */
  until(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Cuts the connection abruptly, as a client that goes away mid-stream. */
  destroy(): void;
  ended: Promise<void>;
  status: number;
}

function parseFrame(frame: string): SseEvent | 'comment' | undefined {
  const lines = frame.split('\n');
  if (lines.every((l) => l.startsWith(':'))) return 'comment';
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const l of lines) {
    if (l.startsWith('event: ')) event = l.slice(7);
    else if (l.startsWith('data: ')) data.push(l.slice(6));
    else if (l.startsWith('id: ')) id = l.slice(4);
  }
  if (!data.length) return undefined;
  return { event, data: JSON.parse(data.join('\n')) as unknown, ...(id ? { id } : {}) };
}

/** A Server-Sent Events client on node:http, so a test can cut it at any byte. */
export function openEvents(s: Pick<Served, 'url' | 'token'>, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(s.url + path, { headers: { authorization: `Bearer ${s.token}`, accept: 'text/event-stream', ...headers } });
    req.on('error', reject);
    req.on('response', (res) => {
      const events: SseEvent[] = [];
      const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
      let buf = '';
      const client: SseClient = {
        events,
        comments: 0,
        status: res.statusCode ?? 0,
        ended: new Promise((r) => res.on('close', () => r())),
        destroy: () => req.destroy(),
        until(pred, timeoutMs = 60_000) {
          const seen = events.find(pred);
          if (seen) return Promise.resolve(seen);
          return new Promise((ok, fail) => {
            const t = setTimeout(() => fail(new Error(`no matching event in ${timeoutMs} ms; got ${events.map((e) => e.event).join(',')}`)), timeoutMs);
            waiters.push({ pred, resolve: (e) => (clearTimeout(t), ok(e)) });
          });
        },
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const parsed = parseFrame(buf.slice(0, i));
          buf = buf.slice(i + 2);
          if (parsed === 'comment') client.comments++;
          else if (parsed) {
            events.push(parsed);
            for (const w of waiters.filter((x) => x.pred(parsed))) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(parsed);
            }
          }
        }
      });
      res.on('error', () => undefined);
      resolve(client);
    });
    req.end();
  });
}

export function stateFiles(projectDir: string): string[] {
  try {
    return readdirSync(join(projectDir, '.specflow', 'workflows')).filter((f) => /^orchestration-.*\.json$/.test(f));
  } catch {
    return [];
  }
}

/** Polls the status route until the run's status is one of `statuses`. */
export async function waitForStatus(s: Served, query: string, statuses: string[], timeoutMs = 60_000): Promise<OrchestrationExecution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await call<OrchestrationExecution>(s, 'GET', `/api/workflow/orchestrate/status?${query}`);
    if (r.status === 200 && statuses.includes(r.body.status)) return r.body;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${statuses.join('|')}: last ${r.status} ${r.text.slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
