// Atomic JSON writes: temp file in the same directory, fsync, rename (write-file-atomic does exactly this,
// and cleans up its temp file on failure). A crash at any point leaves the previous file intact.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export async function writeJsonAtomic(path: string, value: unknown): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const text = JSON.stringify(value, null, 2) + '\n';
  await writeFileAtomic(path, text, { fsync: true });
  return Buffer.byteLength(text);
}
