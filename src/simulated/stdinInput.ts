// The prompt's other sources: piped stdin text (`--input-format text`) and the user lines of
// `--input-format stream-json`.
import { MESSAGES } from './constants';
import type { Json, Writable } from './output';

type TtyStream = NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void };

/** Read piped stdin like the CLI: nothing for a TTY; give up with a warning when no data arrives in time. */
export function readStdinText(stdin: NodeJS.ReadableStream | string | null, timeoutMs: number, stderr: Writable): Promise<string | undefined> {
  if (typeof stdin === 'string') return Promise.resolve(stdin);
  if (!stdin || (stdin as TtyStream).isTTY) return Promise.resolve(undefined);
  const stream = stdin as TtyStream;
  return new Promise((resolve) => {
    let data = '';
    let got = false;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onEnd);
      resolve(value);
    };
    const onData = (d: Buffer | string) => {
      got = true;
      data += d.toString();
    };
    const onEnd = () => finish(data);
    const timer = setTimeout(() => {
      if (got) return;
      stderr.write(`${MESSAGES.stdinTimeout}\n`);
      stream.pause();
      stream.destroy?.();
      finish(undefined);
    }, timeoutMs);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onEnd);
    stream.resume();
  });
}

/** The prompt of a stream-json user line: its string content, or its text blocks joined by newlines. */
export function streamInputPrompt(msg: Json): string {
  const message = msg.message as { content?: unknown } | undefined;
  const content = message?.content;
  return typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content
          .filter((b): b is { type: string; text: string } => typeof b === 'object' && b !== null && (b as Json).type === 'text')
          .map((b) => b.text)
          .join('\n')
      : '';
}
