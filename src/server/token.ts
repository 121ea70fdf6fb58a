// The bearer token: one per server start, never reused. Scripts on the machine find it in each served
// project's `.specflow/api-token` (⚑, mode 0600: only the user can read it).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ensureIgnoredEntry } from '../core/store/runtimeIgnore';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function tokenFile(projectPath: string): string {
  return join(projectPath, '.specflow', 'api-token');
}

/** Written through a temp file created 0600, so the token is never readable by others, not even briefly. */
export async function writeTokenFile(projectPath: string, token: string): Promise<void> {
  await mkdir(join(projectPath, '.specflow'), { recursive: true });
  // an agent's or a merge skill's `git add -A` must never commit it
  ensureIgnoredEntry(join(projectPath, '.specflow'), 'api-token');
  await writeFileAtomic(tokenFile(projectPath), token, { mode: 0o600, fsync: true });
}

/** Removes the file only if it still holds our token. */
export async function removeTokenFile(projectPath: string, token: string): Promise<void> {
  const current = await readFile(tokenFile(projectPath), 'utf8').catch(() => undefined);
  if (current?.trim() === token) await rm(tokenFile(projectPath), { force: true });
}

/** Constant-time whatever the lengths: both sides are hashed to the same size first. */
export function sameToken(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
