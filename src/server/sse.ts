// One Server-Sent Events response: writes in order, a comment every 15 s so proxies and clients keep the
// connection, and an end that always unsubscribes — when the client goes away mid-stream, when it stops
// reading (too many writes pending), or when the server shuts down.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SseMessage } from './runEvents';

export const HEARTBEAT_MS = 15_000;
/** Writes waiting on a client that does not read; past this it is dropped rather than buffered forever. */
const MAX_BACKLOG = 1_000;

/** The streams that are open, so that shutdown can end them. */
export class EventStreams {
  private readonly open = new Set<() => void>();

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}

/** Resolves true after `ms`, or false as soon as `ended` settles (and then leaves no timer behind). */
function beatOrEnd(ms: number, ended: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    void ended.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

export interface EventStreamOptions {
  streams: EventStreams;
  heartbeatMs: number;
  /** Subscribes; returns the unsubscribe function. */
  follow: (send: (m: SseMessage) => void) => () => void;
  onError: (e: Error) => void;
}

export function eventStream(c: Context, opts: EventStreamOptions): Response {
  return streamSSE(
    c,
    async (stream) => {
      let finish: () => void = () => undefined;
      const ended = new Promise<void>((resolve) => (finish = resolve));
      let backlog = 0;
      let writes: Promise<unknown> = Promise.resolve();
      const write = (fn: () => Promise<unknown>) => {
        if (stream.aborted || stream.closed) return;
        if (++backlog > MAX_BACKLOG) {
          stream.abort();
          return finish();
        }
        writes = writes
          .then(fn)
          .catch(() => undefined)
          .finally(() => backlog--);
      };
      stream.onAbort(finish);
      const forget = opts.streams.add(finish);
      const stop = opts.follow((m) => write(() => stream.writeSSE(m)));
      try {
        while (await beatOrEnd(opts.heartbeatMs, ended)) write(() => stream.write(': keep-alive\n\n'));
      } finally {
        stop();
        forget();
        await writes;
      }
    },
    (e) => {
      opts.onError(e);
      return Promise.resolve();
    },
  );
}
