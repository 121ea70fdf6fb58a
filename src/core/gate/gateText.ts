// The gate in words: the badge on a batch row, the exit in a sentence, and the block a healer prompt gets.
import type { GateComparison, GateResult } from '../model/gate';

/** "250 ms", "1.5 s", "20 min": a gate run's length in its log and verdicts (finer than the UI's formatDuration). */
export function formatGateDuration(ms: number): string {
  const round = (n: number) => String(Math.round(n * 10) / 10);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${round(ms / 1000)} s`;
  return `${round(ms / 60_000)} min`;
}

/** "exit 1", "killed by SIGSEGV", "timed out after 20 min", "could not start: …". */
export function describeExit(r: GateResult): string {
  if (r.startError) return `could not start: ${r.startError}`;
  if (r.timedOut) return `timed out after ${formatGateDuration(r.timeoutMs)}`;
  if (r.aborted) return 'cancelled';
  if (r.exitCode !== null) return `exit ${r.exitCode}`;
  return r.signal ? `killed by ${r.signal}` : 'ended without an exit code';
}

/** How many tests failed, when the output said so (counts, or a complete list of names). */
export function failedCount(r: GateResult): number | undefined {
  if (r.counts) return r.counts.failed;
  if (r.format && !r.failingTestsTruncated) return r.failingTests.length;
  return undefined;
}

/** The batch row's badge: "✓ 143 passed", "✗ 2 failed", "✗ exit 1", "✗ timed out after 20 min". */
export function describeGate(r: GateResult): string {
  if (r.startError) return '✗ could not start';
  if (r.timedOut || r.aborted) return `✗ ${describeExit(r)}`;
  if (r.exitCode === 0) return r.counts ? `✓ ${r.counts.passed} passed` : '✓ exit 0';
  const failed = failedCount(r);
  if (failed) return `✗ ${failed} failed`;
  return `✗ ${describeExit(r)}`;
}

const MAX_LISTED = 20;
const MAX_TAIL_CHARS = 6000;

function bullets(names: readonly string[]): string[] {
  const lines = names.slice(0, MAX_LISTED).map((n) => `- ${n}`);
  if (names.length > MAX_LISTED) lines.push(`- … and ${names.length - MAX_LISTED} more`);
  return lines;
}

/** A fence longer than any run of backticks in the text, so the output cannot close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** The healer prompt's account of a gate that is worse than the baseline: command, failing tests, output tail. */
export function gateHealContext(r: GateResult, c: GateComparison): string {
  const lines = [
    `SpecFlow ran the project's test gate after this batch and it is worse than before the run: ${c.reason}.`,
    `Command: ${r.command} (in the project folder; ${describeExit(r)} after ${formatGateDuration(r.durationMs)})`,
  ];
  const newOnes = new Set(c.newFailures);
  const older = r.failingTests.filter((n) => !newOnes.has(n));
  if (c.newFailures.length) lines.push('', 'New failing tests (make these pass):', ...bullets(c.newFailures));
  if (older.length)
    lines.push('', c.newFailures.length ? 'Failing before this run too (leave them unless your tasks are about them):' : 'Failing tests:', ...bullets(older));
  const tail = r.outputTail.length > MAX_TAIL_CHARS ? '…' + r.outputTail.slice(-MAX_TAIL_CHARS) : r.outputTail;
  if (tail.trim()) {
    const f = fence(tail);
    lines.push('', `Last lines of its output (the whole log: ${r.logPath}):`, f, tail, f);
  }
  return lines.join('\n');
}
