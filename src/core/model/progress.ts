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
    }),
  ),
  wait: z.object({ reason: z.string(), message: z.string(), until: z.string().optional() }).optional(),
  error: z.object({ message: z.string(), kind: z.string(), logPaths: z.array(z.string()) }).optional(),
  pauseRequested: z.boolean(),
  startedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().optional(),
});
export type ProgressView = z.infer<typeof ProgressViewSchema>;
