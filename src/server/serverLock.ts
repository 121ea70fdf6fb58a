// One API server per project: a proper-lockfile lock (`.specflow/workflows/api.lock`, kept fresh while the
// server lives and stale 10 s after it dies) plus a note of who holds it (`api-server.json`), so a second
// server can name the first. Both live in workflows/, which batch commits never include.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import * as z from 'zod';
import { isProcessAlive, processStartTime } from '../core/process/processInfo';
import { writeJsonAtomic } from '../core/store/atomicJson';
import { workflowsDir } from '../core/store/paths';

const STALE_MS = 10_000;

const ServerHolderSchema = z.object({
  pid: z.number().int(),
  pidStartTime: z.string().optional(),
  host: z.string(),
  owner: z.string(),
  url: z.string().optional(),
  startedAt: z.string(),
});
type ServerHolder = z.infer<typeof ServerHolderSchema>;

export class ServerLockHeldError extends Error {
  constructor(
    readonly projectPath: string,
    readonly holder: ServerHolder | undefined,
  ) {
    super(
      holder
        ? `${projectPath} is already served by ${holder.owner} (pid ${holder.pid} on ${holder.host}${holder.url ? `, ${holder.url}` : ''}); stop it first`
        : `${projectPath} is already served by another SpecFlow API server (it is starting, or it died less than ${STALE_MS / 1000} s ago)`,
    );
    this.name = 'ServerLockHeldError';
  }
}

/** The project's folder cannot hold a lock at all (read-only, not ours…). */
export class CannotLockError extends Error {
  constructor(projectPath: string, cause: unknown) {
    super(`cannot lock ${projectPath} for the API server: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'CannotLockError';
  }
}

export interface ServerLock {
  /** Records who serves the project, once the address is known. */
  announce(url: string): Promise<void>;
  release(): Promise<void>;
}

const holderFile = (projectPath: string) => join(workflowsDir(projectPath), 'api-server.json');
// proper-lockfile keys its locks by this path: it must differ from the ownership mutex's (workflows dir).
const lockTarget = (projectPath: string) => join(workflowsDir(projectPath), 'api');

async function readHolder(projectPath: string): Promise<ServerHolder | undefined> {
  try {
    const parsed = ServerHolderSchema.safeParse(JSON.parse(await readFile(holderFile(projectPath), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isElocked(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ELOCKED';
}

async function tryLock(projectPath: string, onLost: (e: Error) => void, waitForStale: boolean) {
  return lockfile.lock(lockTarget(projectPath), {
    realpath: false,
    stale: STALE_MS,
    update: 2_000,
    onCompromised: onLost,
    // A holder that died without releasing (SIGKILL) leaves a lock that goes stale: wait for that.
    retries: waitForStale ? { retries: 15, minTimeout: 1_000, maxTimeout: 1_000, factor: 1 } : 0,
  });
}

/** Takes the project's server lock, or throws ServerLockHeldError naming the live holder. */
export async function acquireServerLock(projectPath: string, owner: string, onLost: (e: Error) => void): Promise<ServerLock> {
  let release: () => Promise<void>;
  try {
    await mkdir(workflowsDir(projectPath), { recursive: true });
    release = await tryLock(projectPath, onLost, false);
  } catch (e) {
    if (!isElocked(e)) throw new CannotLockError(projectPath, e);
    const holder = await readHolder(projectPath);
    const dead = holder && holder.host === hostname() && !isProcessAlive(holder.pid, holder.pidStartTime);
    if (!dead) throw new ServerLockHeldError(projectPath, holder);
    try {
      release = await tryLock(projectPath, onLost, true);
    } catch (again) {
      if (isElocked(again)) throw new ServerLockHeldError(projectPath, await readHolder(projectPath));
      throw new CannotLockError(projectPath, again);
    }
  }
  const startedAt = new Date().toISOString();
  let released = false;
  return {
    async announce(url) {
      const start = processStartTime(process.pid);
      const holder: ServerHolder = { pid: process.pid, ...(start ? { pidStartTime: start } : {}), host: hostname(), owner, url, startedAt };
      await writeJsonAtomic(holderFile(projectPath), holder);
    },
    async release() {
      if (released) return;
      released = true;
      const holder = await readHolder(projectPath);
      if (holder?.pid === process.pid && holder.host === hostname()) await rm(holderFile(projectPath), { force: true });
      await release().catch(() => undefined);
    },
  };
}
