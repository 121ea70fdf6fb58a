// The Hono application: health (open), then the bearer token, the body limit and every other route;
// unknown paths answer 404, known paths with another method 405, and any error the API's JSON error.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { apiSchemaDocument, ROUTE_DOCS } from './apiSchema';
import { bearerAuth } from './auth';
import { ApiError, toApiError } from './errors';
import { BASE, mountOrchestrateRoutes, type ApiContext } from './routes';

const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  ctx: ApiContext;
  token: string;
  /** The one browser origin allowed to call the API (no CORS headers at all without it). */
  cors?: string;
}

/** A known path asked with another method: 405 with the methods it takes. */
function mountMethodNotAllowed(app: Hono): void {
  const methods = new Map<string, string[]>();
  for (const r of ROUTE_DOCS) methods.set(r.path, [...(methods.get(r.path) ?? []), r.method]);
  for (const [path, allowed] of methods) {
    app.all(path, (c) => {
      c.header('Allow', allowed.join(', '));
      throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${path} (use ${allowed.join(' or ')})`);
    });
  }
}

export function createApp(opts: AppOptions): Hono {
  const { ctx } = opts;
  const app = new Hono();
  app.onError((e, c) => {
    const err = toApiError(e, (x) => ctx.logger.error(`${c.req.method} ${c.req.path}: ${(x as Error)?.stack ?? String(x)}`));
    return c.json(err.body(), err.status);
  });
  app.notFound((c) => c.json(new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`).body(), 404));
  if (opts.cors) {
    app.use(
      '/api/*',
      cors({ origin: opts.cors, allowMethods: ['GET', 'POST'], allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'], maxAge: 600 }),
    );
  }
  app.get('/api/health', (c) => c.json({ ok: true as const }));
  app.use('/api/*', bearerAuth(opts.token, [`${BASE}/events`]));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: (c) => c.json(new ApiError(413, 'payload_too_large', `the body is larger than ${BODY_LIMIT_BYTES / 1024} KB`).body(), 413),
    }),
  );
  app.get('/api/schema', (c) => c.json(apiSchemaDocument()));
  app.get('/api/projects', (c) => c.json(ctx.registry.info()));
  mountOrchestrateRoutes(app, ctx);
  mountMethodNotAllowed(app);
  return app;
}
