// The morning-after report of one run, as published: `.specflow/reports/orchestration-{id}.json`, `report --json`,
// the HTTP API and the webview's Report view. Built from the run's state by src/core/report/buildReport.ts; the
// Markdown, the SVG timeline and the Mermaid gantt are renderings of exactly this.
import './zodSetup';
import * as z from 'zod';
import { BatchCheckpointSchema, ChangedFileSchema, CHECKPOINT_MODES } from './checkpoint';
import { WAIT_REASONS } from './execution';
import { IdSchema } from './ids';
import { BATCH_STATUSES, PHASES, RUN_STATUSES, STEP_STATUSES } from './statuses';

export const REPORT_SCHEMA_VERSION = 1;

const isoTime = z.string().datetime({ offset: true });
const usd = z.number().min(0);
const ms = z.number().min(0);
const count = z.number().int().min(0);
const index = z.number().int().positive();

/**
 * success: complete or merge ready. stopped: waiting for the user (paused, cancelled, out of budget, at a
 * user gate). failed: needs a fix. in_progress: the report was asked for while the run works.
 */
const REPORT_OUTCOMES = ['success', 'stopped', 'failed', 'in_progress'] as const;

const ReportTaskSchema = z.object({
  id: z.string(),
  /** The task's words without its ID and markers (`[P]`, `[US1]`). */
  title: z.string(),
  /** 1-based line in tasks.md. */
  line: z.number().int(),
});

const ReportCheckpointSchema = z.object({
  status: BatchCheckpointSchema.shape.status,
  commitSha: z.string().optional(),
  /** The first 7 characters of commitSha, as git shows it. */
  shortSha: z.string().optional(),
  /** The private ref holding the tree before the batch (what "Open Changes" and a revert compare with). */
  beforeRef: z.string(),
  beforeSha: z.string(),
  afterSha: z.string().optional(),
  error: z.string().optional(),
  files: z.array(ChangedFileSchema),
  totals: z.object({ files: count, additions: count, deletions: count }),
  /** Files the batch touched that stayed out of its commit (the user had changed them before the run). */
  skippedPaths: z.array(z.string()),
  reverted: z.object({ at: isoTime, savedRef: z.string(), commitSha: z.string().optional() }).optional(),
});
export type ReportCheckpoint = z.infer<typeof ReportCheckpointSchema>;

const ReportGateSchema = z.object({
  /** The batch row's badge: "✓ 143 passed", "✗ 2 failed". */
  badge: z.string(),
  verdict: z.enum(['pass', 'no_worse', 'worse']),
  /** The comparison with the baseline, in one sentence. */
  reason: z.string(),
  command: z.string(),
  /** "exit 0", "timed out after 20 min". */
  exit: z.string(),
  startedAt: isoTime,
  durationMs: ms,
  counts: z.object({ passed: count, failed: count, skipped: count.optional() }).optional(),
  newFailures: z.array(z.string()),
  logPath: z.string(),
  /** How many times the gate ran for this batch (heals run it again). */
  runs: z.number().int().min(1),
});
export type ReportGate = z.infer<typeof ReportGateSchema>;

const ReportHealSchema = z.object({
  attempt: index,
  /** The error that started this attempt. */
  trigger: z.string(),
  /** The decision call's reading of the failure, when one was made. */
  diagnosis: z.string().optional(),
  /** What the healer said it did: its final words, shortened, line breaks kept. */
  healerSaid: z.string().optional(),
  /** The healer run's ending; `running` while it works, `not_started` when no healer run was recorded. */
  outcome: z.string(),
  /** The batch was confirmed after this attempt. */
  healed: z.boolean(),
  costUsd: usd,
  durationMs: ms.optional(),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
});
export type ReportHeal = z.infer<typeof ReportHealSchema>;

const ReportEntrySchema = z.object({
  at: isoTime,
  kind: z.enum(['decision', 'note', 'reconcile']),
  text: z.string(),
});

const ReportWaitSchema = z.object({
  reason: z.enum(WAIT_REASONS),
  message: z.string(),
  since: isoTime,
  /** When the wait ended; absent while it lasts. */
  endedAt: isoTime.optional(),
  /** When it was due to end (a usage limit's reset time). */
  until: isoTime.optional(),
  durationMs: ms.optional(),
  batchIndex: index.optional(),
  ongoing: z.boolean(),
});
export type ReportWait = z.infer<typeof ReportWaitSchema>;

/** A parallel lane of a batch (a group of [P] tasks run by its own agent). */
const ReportLaneSchema = z.object({
  index: index,
  name: z.string(),
  status: z.string(),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  durationMs: ms.optional(),
});
export type ReportLane = z.infer<typeof ReportLaneSchema>;

const ReportBatchSchema = z.object({
  index: index,
  name: z.string(),
  section: z.string().optional(),
  status: z.enum(BATCH_STATUSES),
  tasks: z.array(ReportTaskSchema),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  durationMs: ms.optional(),
  costUsd: usd,
  healAttempts: count,
  error: z.string().optional(),
  note: z.string().optional(),
  /** Earlier endings that a resume reopened (when, how, the error, heal attempts used by then). */
  history: z.array(z.object({ at: isoTime, status: z.enum(BATCH_STATUSES), error: z.string().optional(), healAttempts: count })),
  checkpoint: ReportCheckpointSchema.optional(),
  gate: ReportGateSchema.optional(),
  heals: z.array(ReportHealSchema),
  /** Decisions, and the notes that matter (dual-confirmation failures, API waits, restart recovery). */
  decisions: z.array(ReportEntrySchema),
  waits: z.array(ReportWaitSchema),
  lanes: z.array(ReportLaneSchema),
});
export type ReportBatch = z.infer<typeof ReportBatchSchema>;

const ReportStepSchema = z.object({
  name: z.enum(PHASES).exclude(['implement']),
  status: z.enum(STEP_STATUSES),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  durationMs: ms.optional(),
  costUsd: usd,
  /** What showed the step was done, as the engine logged it; for an unchecked step, that nothing could check it. */
  confirmedBy: z.string().optional(),
  /** Something besides the agent's word confirmed the step (false: only the agent said so). */
  verified: z.boolean().optional(),
  skills: z.array(z.string()),
  /** The test gate at this step (verify runs it; merge is refused while it is worse than the baseline). */
  gate: ReportGateSchema.optional(),
  note: z.string().optional(),
  error: z.string().optional(),
});
export type ReportStep = z.infer<typeof ReportStepSchema>;

const LeftTaskSchema = ReportTaskSchema.extend({
  reason: z.string().optional(),
  /** The batch of this run that holds the task. */
  batchIndex: index.optional(),
});
export type LeftTask = z.infer<typeof LeftTaskSchema>;

const NEXT_ACTIONS = ['merge', 'review', 'fix_and_resume', 'raise_budget', 'resume', 'confirm_gate', 'follow'] as const;

const ReportNextSchema = z.object({
  action: z.enum(NEXT_ACTIONS),
  /** One sentence for the user. */
  text: z.string(),
  /** The exact command line that does it. */
  command: z.string().optional(),
  /** Not before this time (a usage limit's reset). */
  notBefore: isoTime.optional(),
});
export type ReportNext = z.infer<typeof ReportNextSchema>;

const ReportSummarySchema = z.object({
  /** "Complete · 2h 05m active · $4.82 of $50.00 budget · 12/12 tasks". */
  line: z.string(),
  status: z.enum(RUN_STATUSES),
  statusLabel: z.string(),
  outcome: z.enum(REPORT_OUTCOMES),
  activeMs: ms,
  elapsedMs: ms,
  costUsd: usd,
  budgetUsd: usd,
  tasks: z.object({ completed: count, total: count }),
  batches: z.object({ total: count, completed: count, healed: count, failed: count }),
  heals: count,
  startedAt: isoTime,
  endedAt: isoTime.optional(),
});
export type ReportSummary = z.infer<typeof ReportSummarySchema>;

export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  id: IdSchema,
  projectName: z.string(),
  projectPath: z.string(),
  featureDir: z.string().optional(),
  tasksPath: z.string().optional(),
  generatedAt: isoTime,
  summary: ReportSummarySchema,
  /** The run's error, when it stopped on one. */
  error: z.object({ message: z.string(), kind: z.string(), batchIndex: index.optional(), logPaths: z.array(z.string()) }).optional(),
  checkpoints: z.object({ mode: z.enum(CHECKPOINT_MODES), reason: z.string().optional() }).optional(),
  /** The test gate: null when it was off. */
  gate: z.object({ command: z.string(), source: z.string(), baseline: z.string().optional() }).nullable(),
  batches: z.array(ReportBatchSchema),
  /** Waits that belong to no batch (pauses between batches, a usage-limit pause while the run rests). */
  waits: z.array(ReportWaitSchema),
  steps: z.array(ReportStepSchema),
  left: z.object({ open: z.array(LeftTaskSchema), blocked: z.array(LeftTaskSchema), deferred: z.array(LeftTaskSchema) }),
  next: ReportNextSchema,
  warnings: z.array(z.string()),
});
export type Report = z.infer<typeof ReportSchema>;
