// Bearer-token check for every route but /api/health. Written here rather than with hono/bearer-auth for
// two reasons: its failures must be the API's JSON errors with 401 (a malformed header is a wrong token
// too, not a 400), and the events route must also take `?access_token=` (RFC 6750 §2.3), because a
// browser's EventSource cannot set headers.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors';
import { sameToken } from './token';

const CHALLENGE = 'Bearer realm="specflow"';

function presented(header: string | undefined, query: string | undefined): string | undefined {
  if (header !== undefined) {
    const m = /^Bearer +(\S+) *$/i.exec(header);
    return m ? m[1] : '';
  }
  return query;
}

export function bearerAuth(token: string, queryTokenPaths: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const query = queryTokenPaths.includes(c.req.path) ? c.req.query('access_token') : undefined;
    const given = presented(c.req.header('authorization'), query);
    if (given === undefined) {
      c.header('WWW-Authenticate', CHALLENGE);
      throw new ApiError(401, 'unauthorized', 'missing bearer token: send "Authorization: Bearer <token>" (the token is in .specflow/api-token)');
    }
    if (!sameToken(token, given)) {
      c.header('WWW-Authenticate', `${CHALLENGE}, error="invalid_token"`);
      throw new ApiError(401, 'unauthorized', 'wrong bearer token: use the one in .specflow/api-token of this server start');
    }
    await next();
  };
}
