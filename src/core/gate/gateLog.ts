// The gate's log: every gate run of an orchestration appends to one file (runs/<id>.gate.log), each between a
// header and a footer line, so the user reads them in order and each run's own output can be read back.
import { appendFileSync, closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The output parsers read at most this much of one run (its end), so a runaway log cannot exhaust memory. */
const MAX_PARSE_BYTES = 8 * 1024 * 1024;
const TAIL_LINES = 60;
const TAIL_LINE_CHARS = 400;
const TAIL_CHARS = 8000;

/** Appends the header line and returns the offset at which this run's output starts. */
export function startGateLog(logPath: string, command: string, label: string | undefined, startedAt: Date): number {
  mkdirSync(dirname(logPath), { recursive: true });
  const what = label ? `${label}: ` : '';
  appendFileSync(logPath, `\n=== SpecFlow gate ${what}${command} · ${startedAt.toISOString()} ===\n`);
  return statSync(logPath).size;
}

export function endGateLog(logPath: string, summary: string): void {
  try {
    appendFileSync(logPath, `\n=== ${summary} ===\n`);
  } catch {
    // the log is evidence, not a reason to lose the result
  }
}

/** What the run wrote after `offset` (its last MAX_PARSE_BYTES when it wrote more). */
export function readGateOutput(logPath: string, offset: number): string {
  let fd: number | undefined;
  try {
    const end = statSync(logPath).size;
    const from = Math.max(offset, end - MAX_PARSE_BYTES);
    if (end <= from) return '';
    const buffer = Buffer.alloc(end - from);
    fd = openSync(logPath, 'r');
    const read = readSync(fd, buffer, 0, buffer.length, from);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The last lines of cleaned output, each line and the whole bounded: it goes into the state file and a prompt. */
export function outputTail(cleaned: string): string {
  const lines = cleaned.replace(/\s+$/, '').split('\n').slice(-TAIL_LINES);
  const tail = lines.map((l) => (l.length > TAIL_LINE_CHARS ? l.slice(0, TAIL_LINE_CHARS - 1) + '…' : l)).join('\n');
  return tail.length > TAIL_CHARS ? '…' + tail.slice(tail.length - TAIL_CHARS + 1) : tail;
}
