// New ids (needs node:crypto, so it stays out of the browser-safe schema files).
import { randomBytes } from 'node:crypto';

function stamp(d: Date, withMs: boolean): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return withMs ? `${base}-${p(d.getUTCMilliseconds(), 3)}` : base;
}

export function newOrchestrationId(now = new Date()): string {
  return `${stamp(now, false)}-${randomBytes(3).toString('hex')}`;
}

export function newExecutionId(now = new Date()): string {
  return `${stamp(now, true)}-${randomBytes(3).toString('hex')}`;
}
