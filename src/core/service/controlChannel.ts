// Requests from a process that does not own the run (another window, a second CLI): written as a small
// file beside the state, picked up by the owner's directory watcher within milliseconds.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as z from 'zod';
import { writeJsonAtomic } from '../store/atomicJson';
import { controlFile } from '../store/paths';

export const ControlRequestSchema = z.object({
  action: z.enum(['cancel', 'pause', 'resume']),
  at: z.string(),
  pid: z.number().int(),
  by: z.string(),
});
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

export async function sendControlRequest(projectPath: string, id: string, action: ControlRequest['action'], by: string): Promise<void> {
  await writeJsonAtomic(controlFile(projectPath, id), { action, at: new Date().toISOString(), pid: process.pid, by } satisfies ControlRequest);
}

/** Watches for requests addressed to one run; each request is consumed (deleted) once handled. */
export class ControlListener {
  private watcher: FSWatcher | undefined;
  private busy = Promise.resolve();

  constructor(
    private readonly projectPath: string,
    private readonly id: string,
    private readonly onRequest: (r: ControlRequest) => void | Promise<void>,
  ) {}

  async start(): Promise<void> {
    const file = controlFile(this.projectPath, this.id);
    await mkdir(dirname(file), { recursive: true });
    this.watcher = watch(dirname(file), (_event, name) => {
      if (name === null || name === basename(file)) this.check();
    });
    this.watcher.on('error', () => undefined);
    this.check(); // a request written before we started watching
  }

  private check(): void {
    this.busy = this.busy.then(async () => {
      const file = controlFile(this.projectPath, this.id);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return;
      }
      await rm(file, { force: true });
      try {
        const parsed = ControlRequestSchema.safeParse(JSON.parse(text));
        if (parsed.success) await this.onRequest(parsed.data);
      } catch {
        // a malformed request is dropped: it was consumed and nothing changes
      }
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
