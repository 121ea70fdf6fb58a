// Is the gate no worse than before any agent work? A batch is confirmed only when it is (exit 0, or the same
// failures the project already had). Pure: it compares two stored results.
import type { GateComparison, GateResult } from '../model/gate';
import { describeExit, failedCount, formatGateDuration } from './gateText';

const LISTED = 5;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A note when tests that used to pass are gone rather than failing (deleted or skipped), else ''. */
function fewerPassing(baseline: GateResult | undefined, current: GateResult): string {
  const before = baseline?.counts?.passed;
  const now = current.counts?.passed;
  if (before === undefined || now === undefined || now >= before || baseline?.format !== current.format) return '';
  return ` (note: ${now} passing tests now, ${before} before)`;
}

function baselineFailed(b: GateResult): string {
  return b.exitCode !== null && !b.timedOut ? `baseline already failed with exit ${b.exitCode}` : `baseline already failed (${describeExit(b)})`;
}

function verdict(v: GateComparison['verdict'], reason: string, newFailures: string[] = []): GateComparison {
  return { verdict: v, reason, newFailures };
}

/** Both outputs parsed: new failing names decide, else a higher failed count. */
function compareParsed(baseline: GateResult, current: GateResult): GateComparison {
  const before = failedCount(baseline);
  const now = failedCount(current);
  const counted = before !== undefined && now !== undefined ? ` (${before} failed before, ${now} now)` : '';
  const namesComplete = !baseline.failingTestsTruncated && !current.failingTestsTruncated;
  const namesKnown = (r: GateResult) => r.failingTests.length > 0 || failedCount(r) === 0;
  if (namesComplete && namesKnown(baseline) && namesKnown(current)) {
    const old = new Set(baseline.failingTests);
    const added = current.failingTests.filter((n) => !old.has(n));
    if (added.length) return verdict('worse', `${plural(added.length, 'new failing test')}: ${listNames(added)}`, added);
  } else if (before !== undefined && now !== undefined && now > before) {
    return verdict('worse', `more failing tests than before the run${counted}`);
  }
  return verdict('no_worse', `${baselineFailed(baseline)}; no new failing tests${counted}${fewerPassing(baseline, current)}`);
}

export function compareToBaseline(baseline: GateResult | undefined, current: GateResult): GateComparison {
  if (current.startError) return verdict('worse', `the gate could not start: ${current.startError}`);
  if (current.aborted) return verdict('worse', 'the gate run was cancelled before it finished');
  if (current.timedOut) {
    if (baseline?.timedOut) return verdict('no_worse', `timed out after ${formatGateDuration(current.timeoutMs)}, as the baseline did`);
    return verdict('worse', `timed out after ${formatGateDuration(current.timeoutMs)}`);
  }
  if (current.exitCode === 0) {
    return verdict('pass', `exit 0${current.counts ? ` · ${current.counts.passed} passed` : ''}${fewerPassing(baseline, current)}`);
  }
  const failing = current.failingTests;
  const n = failedCount(current);
  const named = n ? ` with ${plural(n, 'failing test')}${failing.length ? `: ${listNames(failing)}` : ''}` : '';
  if (!baseline || baseline.startError || baseline.aborted) return verdict('worse', `${describeExit(current)}${named}`, failing);
  if (baseline.exitCode === 0 && !baseline.timedOut) return verdict('worse', `the baseline passed; now ${describeExit(current)}${named}`, failing);
  if (baseline.format && current.format) return compareParsed(baseline, current);
  // The output lost the summary it had: the runner likely crashed before running the tests.
  if (baseline.format) return verdict('worse', `${describeExit(current)} and no test summary in the output (the baseline's output had one)`);
  if (baseline.exitCode === current.exitCode && baseline.signal === current.signal) {
    return verdict('no_worse', `${baselineFailed(baseline)}; same result now (the output has no test summary to compare tests by)`);
  }
  return verdict('worse', `${describeExit(current)} now, ${describeExit(baseline)} before`);
}
