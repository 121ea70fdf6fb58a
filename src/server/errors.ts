// Every failure leaves the API as `{ error: { code, message, … } }` with the status that fits: the engine's
// errors are mapped here, in one place, so no route decides a status on its own.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AlreadyInProgressError, ClaudeNotFoundError, InputError, StateConflictError } from '../core/service/errors';
import { LockHeldError } from '../core/store/ownershipLock';
import { StateFileError } from '../core/store/stateFileError';
import type { ErrorBody } from './schemas';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Omit<ErrorBody['error'], 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

function fromEngine(e: Error): ApiError | undefined {
  if (e instanceof AlreadyInProgressError) {
    return new ApiError(409, 'already_in_progress', e.message, { existingId: e.existingId, existingStatus: e.existingStatus });
  }
  if (e instanceof LockHeldError) {
    return new ApiError(409, 'already_in_progress', e.message, { existingId: e.holder.orchestrationId });
  }
  if (e instanceof StateConflictError) {
    return new ApiError(409, 'state_conflict', e.message, e.execution ? { existingId: e.execution.id, existingStatus: e.execution.status } : {});
  }
  // The server's claude path is wrong: nothing the client can fix in its request.
  if (e instanceof ClaudeNotFoundError) return new ApiError(500, 'claude_not_found', e.message);
  if (e instanceof InputError) {
    return e.issues.length ? new ApiError(400, 'invalid_config', e.message, { issues: e.issues }) : new ApiError(400, 'bad_request', e.message);
  }
  if (e instanceof StateFileError) return new ApiError(500, 'state_file_error', e.message);
  return undefined;
}

/** The API error for anything a handler threw; `unexpected` is told about errors that are bugs. */
export function toApiError(e: unknown, unexpected: (e: unknown) => void): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof HTTPException) {
    const status = e.status;
    return new ApiError(status, status === 413 ? 'payload_too_large' : 'http_error', e.message || `HTTP ${status}`);
  }
  const mapped = e instanceof Error ? fromEngine(e) : undefined;
  if (mapped) return mapped;
  unexpected(e);
  return new ApiError(500, 'internal', 'internal error: see the server log');
}

export function notFound(code: string, message: string): ApiError {
  return new ApiError(404, code, message);
}

export function badRequest(message: string, issues?: string[]): ApiError {
  return new ApiError(400, 'bad_request', message, issues?.length ? { issues } : {});
}
