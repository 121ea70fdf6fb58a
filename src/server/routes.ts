// The seed's routes (FR-080…085) under /api/workflow/orchestrate, plus pause, the run's event stream and
// its report. Every handler validates its input, resolves the project and the run, then asks the
// project's ProjectOrchestrator: the same engine calls the CLI and the extension make.
import { readFile } from 'node:fs/promises';
import type { Context, Hono } from 'hono';
import type { EngineLogger } from '../core/engine/ports';
import type { OrchestrationExecution } from '../core/model/execution';
import { InputError } from '../core/service/errors';
import type { DriveHandle } from '../core/service/projectOrchestrator';
import { readReport, ReportFileError, reportPaths } from '../core/report/reportFiles';
import { runBrief } from '../core/service/runBrief';
import { checkConfig, checkPatchFields, readBody, readQuery } from './body';
import { ApiError, notFound } from './errors';
import type { ProjectRegistry, ServedProject } from './projects';
import { followRun } from './runEvents';
import { ResumeRequestSchema, RunQuerySchema, RunRequestSchema, StartRequestSchema, type AcceptedRun } from './schemas';
import { eventStream, type EventStreams } from './sse';

export const BASE = '/api/workflow/orchestrate';

export interface ApiContext {
  registry: ProjectRegistry;
  streams: EventStreams;
  logger: EngineLogger;
  heartbeatMs: number;
  /** False refuses start, resume and merge (an untrusted VS Code workspace never starts agents). */
  allowAgents?: () => boolean;
}

function assertAgentsAllowed(ctx: ApiContext): void {
  if (ctx.allowAgents && !ctx.allowAgents()) throw new ApiError(403, 'agents_not_allowed', 'this server does not start agents (untrusted workspace)');
}

async function findRun(project: ServedProject, id: string | undefined): Promise<OrchestrationExecution> {
  try {
    return await project.orchestrator.get(id);
  } catch (e) {
    if (e instanceof InputError) throw notFound('run_not_found', e.message);
    throw e;
  }
}

function accepted(project: ServedProject, exec: OrchestrationExecution): AcceptedRun {
  const q = `projectId=${encodeURIComponent(project.projectId)}&id=${exec.id}`;
  return {
    ...runBrief(exec),
    projectId: project.projectId,
    links: { status: `${BASE}/status?${q}`, events: `${BASE}/events?${q}`, report: `${BASE}/report?${q}` },
  };
}

/** The drive goes on in this process after the response; its end is logged, and it never rejects unseen. */
function driven(ctx: ApiContext, project: ServedProject, handle: DriveHandle): AcceptedRun {
  const id = handle.execution.id;
  handle.done.then(
    (exec) => ctx.logger.info(`[${project.projectId}] orchestration ${id} is ${exec.status}`),
    (e: unknown) => ctx.logger.error(`[${project.projectId}] orchestration ${id} stopped: ${(e as Error)?.message ?? String(e)}`),
  );
  return accepted(project, handle.execution);
}

async function start(ctx: ApiContext, c: Context): Promise<Response> {
  const body = await readBody(c, StartRequestSchema);
  const project = ctx.registry.resolve(body.projectId);
  assertAgentsAllowed(ctx);
  const handle = await project.orchestrator.start(checkConfig(body.config));
  return c.json(driven(ctx, project, handle), 202);
}

async function status(ctx: ApiContext, c: Context): Promise<Response> {
  const q = readQuery(c, RunQuerySchema);
  return c.json(await findRun(ctx.registry.resolve(q.projectId), q.id));
}

async function list(ctx: ApiContext, c: Context): Promise<Response> {
  const q = readQuery(c, RunQuerySchema);
  const runs = await ctx.registry.resolve(q.projectId).orchestrator.list();
  return c.json(runs.map(runBrief));
}

async function cancel(ctx: ApiContext, c: Context): Promise<Response> {
  const body = await readBody(c, RunRequestSchema);
  const project = ctx.registry.resolve(body.projectId);
  const run = await findRun(project, body.id);
  try {
    return c.json(await project.orchestrator.cancel(run.id));
  } catch (e) {
    // awaitStatus's timeout is a plain Error: the run's owner (another process) did not act in 15 s.
    if (e instanceof Error && /did not act on the request/.test(e.message)) throw new ApiError(504, 'owner_not_responding', e.message);
    throw e;
  }
}

async function pause(ctx: ApiContext, c: Context): Promise<Response> {
  const body = await readBody(c, RunRequestSchema);
  const project = ctx.registry.resolve(body.projectId);
  const run = await findRun(project, body.id);
  return c.json(await project.orchestrator.pause(run.id), 202);
}

async function resume(ctx: ApiContext, c: Context): Promise<Response> {
  const body = await readBody(c, ResumeRequestSchema);
  checkPatchFields(body.config);
  const project = ctx.registry.resolve(body.projectId);
  const run = await findRun(project, body.id);
  assertAgentsAllowed(ctx);
  const handle = await project.orchestrator.resume(run.id, checkConfig(body.config, run.config));
  return c.json(driven(ctx, project, handle), 202);
}

async function merge(ctx: ApiContext, c: Context): Promise<Response> {
  const body = await readBody(c, RunRequestSchema);
  const project = ctx.registry.resolve(body.projectId);
  const run = await findRun(project, body.id);
  assertAgentsAllowed(ctx);
  return c.json(driven(ctx, project, await project.orchestrator.merge(run.id)), 202);
}

/** Last-Event-ID: the seq of the last decision a reconnecting EventSource saw. */
function lastSeq(c: Context): number | undefined {
  const raw = c.req.header('last-event-id');
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

async function events(ctx: ApiContext, c: Context): Promise<Response> {
  const q = readQuery(c, RunQuerySchema);
  const project = ctx.registry.resolve(q.projectId);
  const run = await findRun(project, q.id);
  const afterSeq = lastSeq(c);
  return eventStream(c, {
    streams: ctx.streams,
    heartbeatMs: ctx.heartbeatMs,
    follow: (send) => followRun(project, run, send, afterSeq === undefined ? {} : { afterSeq }),
    onError: (e) => ctx.logger.error(`[${project.projectId}] event stream of ${run.id}: ${e.message}`),
  });
}

function reportError(e: ReportFileError, id: string): ApiError {
  if (e.reason === 'missing') return notFound('report_not_found', `no report for orchestration ${id} yet: it is written when the run rests or ends`);
  return new ApiError(500, 'report_unreadable', e.message);
}

/** The report as JSON (validated by the report schema), Markdown or the SVG timeline. */
async function report(ctx: ApiContext, c: Context): Promise<Response> {
  const q = readQuery(c, RunQuerySchema);
  const project = ctx.registry.resolve(q.projectId);
  const run = await findRun(project, q.id);
  const format = q.format ?? 'json';
  if (format === 'json') {
    try {
      return c.json(await readReport(project.path, run.id));
    } catch (e) {
      throw e instanceof ReportFileError ? reportError(e, run.id) : e;
    }
  }
  const paths = reportPaths(project.path, run.id);
  const file = format === 'md' ? paths.markdownPath : paths.svgPath;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw reportError(new ReportFileError(`${file} does not exist`, file, 'missing'), run.id);
  }
  return c.body(text, 200, { 'Content-Type': format === 'md' ? 'text/markdown; charset=utf-8' : 'image/svg+xml' });
}

type Handler = (ctx: ApiContext, c: Context) => Promise<Response>;

const ROUTES: readonly { method: 'GET' | 'POST'; path: string; handler: Handler }[] = [
  { method: 'POST', path: BASE, handler: start },
  { method: 'GET', path: `${BASE}/status`, handler: status },
  { method: 'GET', path: `${BASE}/list`, handler: list },
  { method: 'POST', path: `${BASE}/cancel`, handler: cancel },
  { method: 'POST', path: `${BASE}/resume`, handler: resume },
  { method: 'POST', path: `${BASE}/merge`, handler: merge },
  { method: 'POST', path: `${BASE}/pause`, handler: pause },
  { method: 'GET', path: `${BASE}/events`, handler: events },
  { method: 'GET', path: `${BASE}/report`, handler: report },
];

export function mountOrchestrateRoutes(app: Hono, ctx: ApiContext): void {
  for (const r of ROUTES) app.on(r.method, r.path, (c) => r.handler(ctx, c));
}
