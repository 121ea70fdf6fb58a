// `specflow-orchestrate serve`: the seed's HTTP API (FR-080…085) for one or more projects, until SIGINT or
// SIGTERM. Runs started over HTTP are driven by this process; on shutdown they are detached, not cancelled.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EngineLogger } from '../../core/engine/ports';
import { ProjectOrchestrator } from '../../core/service/projectOrchestrator';
import { projectIds } from '../../server/projects';
import { CannotLockError, ServerLockHeldError } from '../../server/serverLock';
import { ListenError, startApiServer, type ApiServer } from '../../server/server';
import { intOption, parseCommand } from '../args';
import { ExitCode } from '../exitCodes';
import type { CliIo } from '../io';
import { UsageError } from '../usageError';

const DEFAULT_PORT = 7433;

const SERVE_USAGE = `Usage: specflow-orchestrate serve [--project DIR]… [--port N] [--host H] [--cors ORIGIN] [--claude PATH] [--specflow PATH]
  --project DIR   a project to serve (repeatable; default: the current directory)
  --port N        0 picks a free port (default ${DEFAULT_PORT})
  --host H        the address to bind (default 127.0.0.1: this machine only)
  --cors ORIGIN   let one browser origin call the API (default: no CORS headers)
The bearer token is printed once and written to each project's .specflow/api-token (mode 0600).`;

const serveOptions = {
  project: { type: 'string', multiple: true },
  port: { type: 'string' },
  host: { type: 'string' },
  cors: { type: 'string' },
  claude: { type: 'string' },
  specflow: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function projectDirs(given: string[] | undefined): string[] {
  const dirs: string[] = [];
  for (const raw of given?.length ? given : [process.cwd()]) {
    const dir = resolve(raw);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`project directory not found: ${dir}`);
    const real = realpathSync(dir);
    if (!dirs.some((d) => realpathSync(d) === real)) dirs.push(dir);
  }
  return dirs;
}

function corsOrigin(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--cors expects an origin such as http://localhost:3000 (got "${raw}")`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== raw.replace(/\/$/, '')) {
    throw new UsageError(`--cors expects an origin such as http://localhost:3000, without a path (got "${raw}")`);
  }
  return url.origin;
}

/** Engine messages on stderr, each with the project it concerns (the server's own are tagged by it). */
function logger(io: CliIo, projectId?: string): EngineLogger {
  const tag = projectId ? `[${projectId}] ` : '';
  return {
    info: (m) => io.err(`specflow: ${tag}${m}`),
    warn: (m) => io.err(`specflow: ${tag}warning: ${m}`),
    error: (m) => io.err(`specflow: ${tag}error: ${m}`),
  };
}

/** Resolves with the exit code once a signal (or a lost lock) has shut the server down. */
function untilStopped(server: ApiServer, io: CliIo, lockLost: Promise<string>): Promise<number> {
  return new Promise((done) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return process.exit(ExitCode.failed); // a second signal: leave now
      stopping = true;
      void server
        .close()
        .catch((e: Error) => io.err(`specflow: error: while stopping: ${e.message}`))
        .then(() => {
          for (const s of signals) process.off(s, onSignal);
          io.err('specflow: API server stopped (a run it drove is detached, not cancelled: resume it from anywhere)');
          done(code);
        });
    };
    const onSignal = () => stop(ExitCode.ok);
    for (const s of signals) process.on(s, onSignal);
    void lockLost.then((path) => {
      io.err(`specflow: another process took the API server lock of ${path}: stopping`);
      stop(ExitCode.failed);
    });
  });
}

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, serveOptions);
  if (values.help) {
    io.out(SERVE_USAGE);
    return ExitCode.ok;
  }
  const dirs = projectDirs(values.project);
  const port = intOption('port', values.port, 0, 65535) ?? DEFAULT_PORT;
  const host = values.host ?? '127.0.0.1';
  if (!host.trim()) throw new UsageError('--host must not be empty');
  const ids = projectIds(dirs);
  const orchestrators = dirs.map(
    (dir, i) =>
      new ProjectOrchestrator(dir, {
        owner: 'specflow-orchestrate serve',
        ...(values.claude ? { claudePath: values.claude } : {}),
        ...(values.specflow ? { specflowPath: values.specflow } : {}),
        logger: logger(io, ids[i]),
      }),
  );
  let lost: (path: string) => void = () => undefined;
  const lockLost = new Promise<string>((r) => (lost = r));
  let server: ApiServer;
  try {
    const cors = corsOrigin(values.cors);
    server = await startApiServer({
      orchestrators,
      port,
      host,
      ...(cors ? { cors } : {}),
      owner: `specflow-orchestrate serve (pid ${process.pid})`,
      logger: logger(io),
      detachOnClose: true,
      onLockLost: (path) => lost(path),
    });
  } catch (e) {
    if (e instanceof ServerLockHeldError) {
      io.err(`specflow-orchestrate: ${e.message}`);
      return ExitCode.alreadyRunning;
    }
    if (e instanceof ListenError || e instanceof CannotLockError) throw new UsageError(e.message);
    throw e;
  }
  io.out(`SpecFlow API on ${server.url} — token: ${server.token}`);
  for (const p of server.projects) io.err(`specflow: serving ${p.projectId}: ${p.path}`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host))
    io.err(`specflow: warning: listening on ${host}: other machines can reach the API (the token still guards it)`);
  return untilStopped(server, io, lockLost);
}
