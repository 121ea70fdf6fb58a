// The test gate's stored shapes: what the gate runs (GateSpec), what one run of it showed (GateResult) and
// how that compares with the baseline taken before any agent work (GateComparison). They go into the run's
// state file, so these schemas are the only description of them.
import * as z from 'zod';

/** Which output parser understood the run's output; absent when none did. */
const GATE_FORMATS = ['junit', 'jest', 'vitest', 'pytest', 'cargo', 'go', 'mocha', 'node-spec', 'tap', 'summary'] as const;
const GateFormatSchema = z.enum(GATE_FORMATS);
export type GateFormat = z.infer<typeof GateFormatSchema>;

const count = z.number().int().min(0);

const GateCountsSchema = z.object({ passed: count, failed: count, skipped: count.optional() });
export type GateCounts = z.infer<typeof GateCountsSchema>;

/**
 * The gate command. `argv` runs without a shell; `shell` is a command line the user wrote with shell syntax
 * (pipes, `&&`, variables…) and runs through their shell. `command` is what the user sees.
 */
export const GateSpecSchema = z.union([
  z.object({ command: z.string().min(1), argv: z.array(z.string()).min(1), shell: z.undefined().optional() }),
  z.object({ command: z.string().min(1), shell: z.string().min(1), argv: z.undefined().optional() }),
]);
export type GateSpec = z.infer<typeof GateSpecSchema>;

export const GateResultSchema = z.object({
  command: z.string(),
  startedAt: z.string().datetime({ offset: true }),
  durationMs: z.number().min(0),
  /** null when the process was killed by a signal or never started. */
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** Killed by SpecFlow at `timeoutMs`, with its whole process tree. */
  timedOut: z.boolean(),
  timeoutMs: z.number().positive(),
  /** Killed because the caller aborted (run cancelled or paused). */
  aborted: z.boolean(),
  /** The command could not be started at all (not installed, not executable, no project folder). */
  startError: z.string().optional(),
  logPath: z.string(),
  format: GateFormatSchema.optional(),
  counts: GateCountsSchema.optional(),
  /** Failing test names as the runner prints them (suite > test), deduplicated, capped. */
  failingTests: z.array(z.string()),
  /** More tests failed than `failingTests` holds. */
  failingTestsTruncated: z.boolean().optional(),
  /** The last lines of the output, colour codes removed. */
  outputTail: z.string(),
});
export type GateResult = z.infer<typeof GateResultSchema>;

export const GateComparisonSchema = z.object({
  verdict: z.enum(['pass', 'no_worse', 'worse']),
  /** One sentence for the user: "2 new failing tests: a, b". */
  reason: z.string(),
  /** Failing now and not failing in the baseline (empty when names are unknown). */
  newFailures: z.array(z.string()),
});
export type GateComparison = z.infer<typeof GateComparisonSchema>;
