// Orchestration and execution ids: sortable by creation time and safe to put in a file name.
// Browser-safe (the webview validates with these schemas too); generation lives in newIds.ts.
import * as z from 'zod';

/** `20261125-151604-3f9a2c`-style ids, or a UUID. Nothing that could climb out of a directory. */
export const ID_PATTERN = /^(?:\d{8}-\d{6}(?:-\d{3})?-[a-f0-9]{6}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const IdSchema = z.string().regex(ID_PATTERN, 'not a valid SpecFlow id');

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export class InvalidIdError extends Error {
  constructor(id: string) {
    super(`invalid orchestration id "${id}" (expected something like 20261125-151604-3f9a2c)`);
    this.name = 'InvalidIdError';
  }
}

export function assertValidId(id: string): string {
  if (!isValidId(id)) throw new InvalidIdError(id);
  return id;
}
