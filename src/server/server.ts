// Starts and stops the API server for one or more projects: the CLI's `serve` and the extension's "Start
// Local API" both call startApiServer. Start: lock every project (or refuse), listen, then write the token
// files. Close: stop accepting, end the event streams, detach the runs we drive (never cancel them), remove
// the token files and let go of the locks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { EngineLogger } from '../core/engine/ports';
import type { ProjectOrchestrator } from '../core/service/projectOrchestrator';
import { startAdoption, type Adoption } from './adoption';
import { createApp } from './app';
import { ProjectRegistry } from './projects';
import type { ProjectInfo } from './schemas';
import { acquireServerLock, type ServerLock } from './serverLock';
import { EventStreams, HEARTBEAT_MS } from './sse';
import { newToken, removeTokenFile, writeTokenFile } from './token';

export interface ApiServerOptions {
  /** One per served project, each for its own folder. */
  orchestrators: readonly ProjectOrchestrator[];
  port: number;
  host: string;
  cors?: string;
  /** Who serves, as a second server that finds the projects locked will name it. */
  owner: string;
  logger: EngineLogger;
  /** Detach the runs these orchestrators drive on close: yes when the server owns them (the CLI), no when
   * they belong to something that lives on (a VS Code window). */
  detachOnClose: boolean;
  /** A project's server lock was taken over (this process was presumed dead): the server should stop. */
  onLockLost?: (projectPath: string, e: Error) => void;
  heartbeatMs?: number;
  /** Asked before start, resume and merge; false answers 403 (VS Code: `() => workspace.isTrusted`). */
  allowAgents?: () => boolean;
}

export interface ApiServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly projects: ProjectInfo[];
  /** Event streams open right now (a status bar can show the clients). */
  streamCount(): number;
  /** Idempotent; resolves when everything is released. */
  close(): Promise<void>;
}

/** The address cannot be listened on (in use, not local, no permission). */
export class ListenError extends Error {
  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    const why = cause.code === 'EADDRINUSE' ? 'the port is in use' : cause.code === 'EADDRNOTAVAIL' ? 'no such local address' : cause.message;
    super(`cannot listen on ${host}:${port}: ${why}`);
    this.name = 'ListenError';
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new ListenError(host, port, e));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function lockAll(opts: ApiServerOptions, paths: string[]): Promise<ServerLock[]> {
  const locks: ServerLock[] = [];
  try {
    for (const path of paths) {
      const lost = (e: Error) => (opts.onLockLost ? opts.onLockLost(path, e) : opts.logger.error(`lost the API server lock of ${path}: ${e.message}`));
      locks.push(await acquireServerLock(path, opts.owner, lost));
    }
    return locks;
  } catch (e) {
    await Promise.all(locks.map((l) => l.release()));
    throw e;
  }
}

/**
 * The connections with no request in flight, for shutdown. Node's closeIdleConnections misses a connection
 * that never sent a request (browsers and undici open spare ones), which would hold close() up.
 */
function trackIdle(server: Server): { destroyIdle(): void; destroyAll(): void } {
  const all = new Set<Socket>();
  const idle = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    all.add(socket);
    idle.add(socket);
    socket.once('close', () => (all.delete(socket), idle.delete(socket)));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    idle.delete(req.socket);
    res.once('close', () => all.has(req.socket) && idle.add(req.socket));
  });
  return { destroyIdle: () => idle.forEach((s) => s.destroy()), destroyAll: () => all.forEach((s) => s.destroy()) };
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const registry = new ProjectRegistry(opts.orchestrators);
  const paths = registry.all().map((p) => p.path);
  const locks = await lockAll(opts, paths);
  const token = newToken();
  const streams = new EventStreams();
  const app = createApp({
    ctx: {
      registry,
      streams,
      logger: opts.logger,
      heartbeatMs: opts.heartbeatMs ?? HEARTBEAT_MS,
      ...(opts.allowAgents ? { allowAgents: opts.allowAgents } : {}),
    },
    token,
    ...(opts.cors ? { cors: opts.cors } : {}),
  });
  const listener = getRequestListener(app.fetch);
  const server = createServer((req, res) => void listener(req, res));
  const connections = trackIdle(server);
  const removeTokens = () => Promise.all(paths.map((p) => removeTokenFile(p, token).catch(() => undefined)));
  try {
    const port = await listen(server, opts.port, opts.host);
    server.on('error', (e) => opts.logger.error(`API server: ${e.message}`));
    const url = `http://${urlHost(opts.host)}:${port}`;
    for (const [i, path] of paths.entries()) {
      await writeTokenFile(path, token);
      await locks[i]!.announce(url);
    }
    const adoption = startAdoption(opts.orchestrators, opts.logger);
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= shutdown({ server, connections, streams, opts, locks, removeTokens, adoption }));
    return { url, host: opts.host, port, token, projects: registry.info(), streamCount: () => streams.size, close };
  } catch (e) {
    server.close();
    await removeTokens();
    await Promise.all(locks.map((l) => l.release()));
    throw e;
  }
}

interface Running {
  server: Server;
  connections: ReturnType<typeof trackIdle>;
  streams: EventStreams;
  opts: ApiServerOptions;
  locks: ServerLock[];
  removeTokens: () => Promise<unknown>;
  adoption: Adoption;
}

async function shutdown(s: Running): Promise<void> {
  const closed = new Promise<void>((resolve) => s.server.close(() => resolve()));
  s.streams.closeAll();
  await s.adoption.stop(); // before detaching: nothing may be adopted after the runs are let go
  if (s.opts.detachOnClose) {
    await Promise.all(s.opts.orchestrators.map((o) => o.detachAll().catch((e: Error) => s.opts.logger.error(`detach: ${e.message}`))));
  }
  await s.removeTokens();
  await Promise.all(s.locks.map((l) => l.release()));
  // Connections turn idle as their responses end (the event streams just now): close them as they do. A
  // request still in flight (a cancel waiting for its agent to stop) gets a moment, then is cut.
  const sweep = setInterval(() => s.connections.destroyIdle(), 25);
  const force = setTimeout(() => s.connections.destroyAll(), 2_000);
  s.connections.destroyIdle();
  await closed;
  clearInterval(sweep);
  clearTimeout(force);
}
