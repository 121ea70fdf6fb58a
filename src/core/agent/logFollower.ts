// Follows an agent's stream-json log file as it grows. The agent writes the file directly (its stdout is
// the file), so the same code serves a run we spawned and one we re-attached to after a restart.
import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export class LogFollower {
  private offset = 0;
  private partial = '';
  // a UTF-8 character can straddle two reads
  private readonly decoder = new StringDecoder('utf8');
  private watcher: FSWatcher | undefined;
  private safetyTimer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();
  private handle: FileHandle | undefined;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly onLine: (line: string) => void,
    private readonly onGrowth: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.handle = await open(this.path, 'r');
    await this.pump();
    // inotify tells us when the agent writes; the slow stat-free timer covers filesystems where it
    // does not fire (network mounts), at a cost of one read call every 2 s.
    try {
      this.watcher = watch(this.path, () => this.schedule());
      this.watcher.on('error', () => undefined);
    } catch {
      // no watch support: the timer alone follows the file
    }
    this.safetyTimer = setInterval(() => this.schedule(), 2000);
    this.safetyTimer.unref();
  }

  private schedule(): void {
    if (this.closed) return;
    this.reading = this.reading.then(() => this.pump()).catch(() => undefined);
  }

  private async pump(): Promise<void> {
    if (!this.handle) return;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await this.handle.read(buf, 0, buf.length, this.offset);
      if (bytesRead <= 0) return;
      this.offset += bytesRead;
      this.onGrowth();
      const text = this.partial + this.decoder.write(buf.subarray(0, bytesRead));
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) this.onLine(l);
    }
  }

  /** Reads whatever is left (including a last line without a newline) and stops following. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    await this.reading;
    await this.pump().catch(() => undefined);
    this.partial += this.decoder.end();
    if (this.partial.trim()) this.onLine(this.partial);
    this.partial = '';
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }
}
