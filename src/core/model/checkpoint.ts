// What a batch's git checkpoint recorded (issue: evidence and undo), as stored in the run's state file.
import * as z from 'zod';

export const ChangedFileSchema = z.object({
  /** Root-relative path after the change (the new name of a rename). */
  path: z.string(),
  /** The old name, for renames only. */
  oldPath: z.string().optional(),
  /** A added, M modified (content, mode or type), D deleted, R renamed. */
  status: z.enum(['A', 'M', 'D', 'R']),
  additions: z.number().int().min(0),
  deletions: z.number().int().min(0),
  /** Binary content: additions and deletions are 0. */
  binary: z.boolean(),
});
export type ChangedFile = z.infer<typeof ChangedFileSchema>;

export const CHECKPOINT_MODES = ['commit', 'refs', 'off'] as const;
export type CheckpointMode = (typeof CHECKPOINT_MODES)[number];

const isoTime = z.string().datetime({ offset: true });

/** The run's checkpoint setup, decided at the pre-flight. */
export const RunCheckpointsSchema = z.object({
  mode: z.enum(CHECKPOINT_MODES),
  /** Why checkpoints are off or limited ("not a git repository", …). */
  reason: z.string().optional(),
  /** The working tree at the start, user's changes included. */
  startRef: z.string().optional(),
  startSha: z.string().optional(),
  /** Files the user had changed or staged before the run: never swept into a batch commit. */
  userPaths: z.array(z.string()).default([]),
});
export type RunCheckpoints = z.infer<typeof RunCheckpointsSchema>;

/** One batch's checkpoint: the tree before it, after it, and its commit (or why there is none). */
export const BatchCheckpointSchema = z.object({
  status: z.enum(['recorded', 'committed', 'refs', 'unchanged', 'failed']),
  beforeRef: z.string(),
  beforeSha: z.string(),
  afterSha: z.string().optional(),
  commitSha: z.string().optional(),
  error: z.string().optional(),
  files: z.array(ChangedFileSchema).default([]),
  /** Files the batch touched that stayed out of its commit (the user had changed them before the run). */
  skippedPaths: z.array(z.string()).default([]),
  reverted: z.object({ at: isoTime, savedRef: z.string(), commitSha: z.string().optional() }).optional(),
});
export type BatchCheckpoint = z.infer<typeof BatchCheckpointSchema>;
