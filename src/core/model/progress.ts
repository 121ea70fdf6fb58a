// What the progress display, status bar and CLI progress line show — derived from the execution
// (engine/progress.ts), never stored. Browser-safe: the webview validates it with this schema.
import * as z from 'zod';
import { BATCH_STATUSES, PHASES, RUN_STATUSES } from './statuses';

export const PhaseStateSchema = z.enum(['done', 'current', 'pending', 'skipped', 'failed']);

export const ProgressViewSchema = z.object({
  id: z.string(),
  projectName: z.string(),
  status: z.enum(RUN_STATUSES),
  statusLabel: z.string(),
  phase: z.enum(PHASES),
  phases: z.array(z.object({ phase: z.enum(PHASES), label: z.string(), state: PhaseStateSchema })),
  /** "Implementing batch 2 of 4: Core Components", "Auto-healing batch 2...", "Merge ready"… */
  headline: z.string(),
  /** "Tasks: 12/35 complete" */
  tasksLine: z.string(),
  tasks: z.object({ completed: z.number(), total: z.number() }),
  batch: z.object({ index: z.number(), total: z.number(), name: z.string() }).optional(),
  /** Wall time since the start. */
  elapsedMs: z.number(),
  /** Running or healing time only: paused, waiting and stopped time excluded ("active time"). */
  activeMs: z.number(),
  etaMs: z.number().optional(),
  costUsd: z.number(),
  budgetUsd: z.number(),
  batches: z.array(
    z.object({
      index: z.number(),
      name: z.string(),
      status: z.enum(BATCH_STATUSES),
      taskCount: z.number(),
      durationMs: z.number().optional(),
      healAttempts: z.number(),
      costUsd: z.number(),
      note: z.string().optional(),
      error: z.string().optional(),
      /** SpecFlow's test gate after the batch: "✓ 143 passed" / "✗ 2 failed", and whether it held. */
      gate: z.object({ badge: z.string(), verdict: z.enum(['pass', 'no_worse', 'worse']), logPath: z.string() }).optional(),
      /** The batch's git checkpoint: its commit (or private ref), files changed, and a revert. */
      checkpoint: z
        .object({
          status: z.string(),
          commit: z.string().optional(),
          files: z.number(),
          additions: z.number(),
          deletions: z.number(),
          error: z.string().optional(),
          reverted: z.boolean(),
        })
        .optional(),
      /** The policy's answer: a finished batch with a checkpoint, in a run that is not active. */
      canRevert: z.boolean(),
      /** The groups of a parallel wave running now (issue: parallel [P] waves). */
      groups: z
        .array(
          z.object({
            /** The group number in its wave (the merge order) and the wave it belongs to. */
            index: z.number(),
            wave: z.number(),
            taskIds: z.array(z.string()),
            status: z.string(),
            /** The group's current (or last) agent: its live activity arrives under this id. */
            executionId: z.string().optional(),
            costUsd: z.number(),
            healAttempts: z.number(),
            /** "conflict healed", "conflict: re-run in the project" */
            note: z.string().optional(),
          }),
        )
        .optional(),
    }),
  ),
  /** Agents running right now (more than one while a wave of [P] tasks runs). */
  agents: z.number().int().min(0).default(0),
  /** Problems the user should see (a failing `specflow status --json`, a claude version warning…). */
  warnings: z.array(z.string()),
  /** Set while a usage limit holds the run: when it resets. */
  limit: z.object({ until: z.string().optional(), message: z.string() }).optional(),
  /** Checkpoints and gate of the run, as set up at its start. */
  gate: z.object({ command: z.string(), baseline: z.string().optional() }).optional(),
  checkpoints: z.object({ mode: z.string(), reason: z.string().optional() }).optional(),
  wait: z.object({ reason: z.string(), message: z.string(), until: z.string().optional() }).optional(),
  /** `cap`: for a budget stop, the budget field that stopped it (perBatchUsd, totalUsd, healUsd, decisionUsd). */
  error: z.object({ message: z.string(), kind: z.string(), logPaths: z.array(z.string()), cap: z.string().optional() }).optional(),
  pauseRequested: z.boolean(),
  startedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().optional(),
});
export type ProgressView = z.infer<typeof ProgressViewSchema>;
