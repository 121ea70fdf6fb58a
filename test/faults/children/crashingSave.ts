// Child process for the disk-write fault tests: saves a state file through ExecutionStore and stops at a
// chosen point of the atomic write so the parent can SIGKILL it there.
//   crashingSave.ts <projectDir> <stateJsonFile> <mode>
//   mode before-rename: the temp file is written and fsynced; the rename never happens.
//   mode mid-write:     half of the new bytes are written to the temp file; the rest never comes.
//   mode loop:          saves a growing counter again and again until killed.
// It prints a marker line ("AT_RENAME", "MID_WRITE", "SAVED <n>") so the parent knows where it is.
import fs from 'node:fs';
import type { OrchestrationExecution } from '../../../src/core/model/execution';
import { ExecutionStore } from '../../../src/core/store/executionStore';

const [projectDir, stateJson, mode] = process.argv.slice(2) as [string, string, string];
const exec = JSON.parse(fs.readFileSync(stateJson, 'utf8')) as OrchestrationExecution;
const store = new ExecutionStore(projectDir);
const hang = () => setInterval(() => undefined, 1 << 30);

type Cb = (err: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;
const mutable = fs as unknown as Record<string, unknown>;

if (mode === 'before-rename') {
  mutable.rename = (_from: string, _to: string, _cb: Cb) => {
    process.stdout.write(`AT_RENAME ${_from}\n`);
    hang();
  };
} else if (mode === 'mid-write') {
  const realWrite = fs.write as unknown as (...a: unknown[]) => void;
  // write-file-atomic writes a string as fs.write(fd, text, 0, encoding, cb), a Buffer as (fd, buf, 0, len, 0, cb)
  mutable.write = (fd: number, data: Buffer | string, ...rest: unknown[]) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, typeof rest[1] === 'string' ? (rest[1] as BufferEncoding) : 'utf8');
    const half = Math.floor(bytes.length / 2);
    realWrite(fd, bytes, 0, half, 0, () => {
      process.stdout.write(`MID_WRITE ${half}/${bytes.length}\n`);
      hang();
    });
  };
}

void (async () => {
  if (mode === 'loop') {
    for (let n = 1; ; n++) {
      exec.totalCostUsd = n;
      exec.updatedAt = new Date().toISOString();
      await store.save(exec);
      process.stdout.write(`SAVED ${n}\n`);
    }
  }
  exec.totalCostUsd = 999;
  exec.status = 'failed';
  await store.save(exec);
  process.stdout.write('SAVED\n');
})();
