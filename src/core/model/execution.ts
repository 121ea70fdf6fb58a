// OrchestrationExecution and its parts: the state file `orchestration-{id}.json` is exactly this schema
// (FR-023, ⚑ `status --json`). Types are inferred; nothing else describes the stored shape.
import * as z from 'zod';
import { OrchestrationConfigSchema } from './config';
import { IdSchema } from './ids';
import { BatchCheckpointSchema, RunCheckpointsSchema } from './checkpoint';
import { GateComparisonSchema, GateResultSchema, GateSpecSchema } from './gate';
import { BATCH_STATUSES, PHASES, RUN_KINDS, RUN_STATUSES, STEP_STATUSES } from './statuses';

/** 2: `runs` (the agent runs) renamed `agentRuns`; version 1 files are migrated when read (store/decodeState.ts). */
export const SCHEMA_VERSION = 2;

export const RunStatusSchema = z.enum(RUN_STATUSES);
export const PhaseSchema = z.enum(PHASES);

const isoTime = z.string().datetime({ offset: true });

export const PermissionDenialSchema = z.object({ tool: z.string(), input: z.string() });

/** One `claude` process: the link between a batch or step and its workflow execution (FR-033). */
export const AgentRunSchema = z.object({
  executionId: IdSchema,
  kind: z.enum(RUN_KINDS),
  batchIndex: z.number().int().positive().optional(),
  healAttempt: z.number().int().positive().optional(),
  skill: z.string().optional(),
  /** starting: recorded before spawn; running: pid known; exited: outcome applied. */
  state: z.enum(['starting', 'running', 'exited']),
  pid: z.number().int().positive().optional(),
  /** Kernel start time of the pid (clock ticks since boot), so a recycled pid is never mistaken for it. */
  pidStartTime: z.string().optional(),
  startedAt: isoTime,
  /** When the process actually existed (startedAt is written just before spawning). */
  spawnedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  sessionId: z.string().optional(),
  resumedSessionId: z.string().optional(),
  model: z.string().optional(),
  maxBudgetUsd: z.number().optional(),
  /** Which limit set maxBudgetUsd: the call's own cap, its batch's budget (heals and decisions included), or the total. */
  budgetLimitedBy: z.enum(['own', 'batch', 'total']).optional(),
  costUsd: z.number().min(0).default(0),
  durationMs: z.number().min(0).optional(),
  numTurns: z.number().int().min(0).optional(),
  subtype: z.string().optional(),
  isError: z.boolean().optional(),
  /** The agent's own final words (truncated), or its errors[]. */
  resultText: z.string().optional(),
  /** SpecFlow's reading of the ending (classifyOutcome), in one sentence. */
  outcomeMessage: z.string().optional(),
  /** Last tool errors and stderr tail, kept for the healer and the failure notification. */
  toolErrors: z.array(z.string()).default([]),
  stderrTail: z.string().optional(),
  /** The engine has acted on this run's outcome (a restart between exit and action re-applies it). */
  applied: z.boolean().default(false),
  outcome: z
    .enum(['success', 'error', 'unknown_skill', 'transient', 'budget', 'crashed', 'stale', 'cancelled', 'model_unavailable', 'schema_invalid'])
    .optional(),
  permissionDenials: z.array(PermissionDenialSchema).default([]),
  /** Paths relative to the project. */
  logPath: z.string(),
  stderrPath: z.string(),
  /** The unit of a batch this run worked on, when the batch ran as waves (BatchItem.units). */
  unit: z.number().int().positive().optional(),
});
export type AgentRun = z.infer<typeof AgentRunSchema>;

/** The gate's verdict on a batch (or on verify): what ran and how it compares with the baseline. */
export const GateEvidenceSchema = z.object({ result: GateResultSchema, comparison: GateComparisonSchema, runs: z.number().int().min(1).default(1) });
export type GateEvidence = z.infer<typeof GateEvidenceSchema>;

/** The run's gate: the command (null when off), where it came from, and the baseline before any agent work. */
export const RunGateSchema = z.object({
  spec: GateSpecSchema.nullable(),
  source: z.enum(['config', 'detected', 'none']),
  baseline: GateResultSchema.optional(),
  /** The gate at verify: merge is refused while it is worse than the baseline. */
  verify: GateEvidenceSchema.optional(),
});
export type RunGate = z.infer<typeof RunGateSchema>;

/** `key` is the task's identity (a repeated ID is T007#2); runs from before keys were stored lack it. */
export const PlannedTaskSchema = z.object({ id: z.string(), key: z.string().optional(), line: z.number().int(), text: z.string() });

/**
 * A batch that runs `[P]` waves (parallelAgents > 1) is split into units, in task order: a serial unit runs in
 * the project's own tree; the parallel units of one wave run at once, each in its own git worktree on its own
 * branch, and are merged back in order. Saved before anything runs, so a restart follows the same plan.
 */
export const WorkUnitSchema = z.object({
  index: z.number().int().positive(),
  /** Units with the same step run together (a wave); steps run in order. */
  step: z.number().int().positive(),
  parallel: z.boolean(),
  /** Group number within its wave (1-based, the merge order) and how many groups the wave has. */
  group: z.number().int().positive().optional(),
  groupTotal: z.number().int().positive().optional(),
  taskIds: z.array(z.string()),
  /** pending → running → done (serial) | committed (its branch holds its work) → merged; failed; rerun (a
   * conflict nobody could heal: its tasks ran again in the project's tree). */
  status: z.enum(['pending', 'running', 'done', 'committed', 'merged', 'failed', 'rerun']),
  healAttempts: z.number().int().min(0).default(0),
  costUsd: z.number().min(0).default(0),
  executionIds: z.array(IdSchema).default([]),
  /** Parallel units: the worktree branch, the commit it started from and the group's own commit. */
  branch: z.string().optional(),
  baseSha: z.string().optional(),
  commitSha: z.string().optional(),
  /** The commit that brought the unit into the working branch (in the project's tree). */
  mergeSha: z.string().optional(),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  error: z.string().optional(),
  /** A merge conflict and how it ended (healed by the merge-healer, or re-run). */
  conflict: z.object({ paths: z.array(z.string()), resolution: z.enum(['healed', 'rerun', 'unresolved']) }).optional(),
});
export type WorkUnit = z.infer<typeof WorkUnitSchema>;

export const BatchItemSchema = z.object({
  index: z.number().int().positive(),
  name: z.string(),
  /** The `##` heading; absent for fallback chunks. */
  section: z.string().optional(),
  taskIds: z.array(z.string()),
  tasks: z.array(PlannedTaskSchema),
  status: z.enum(BATCH_STATUSES),
  startedAt: isoTime.optional(),
  completedAt: isoTime.optional(),
  healAttempts: z.number().int().min(0).default(0),
  executionIds: z.array(IdSchema).default([]),
  costUsd: z.number().min(0).default(0),
  error: z.string().optional(),
  note: z.string().optional(),
  checkpoint: BatchCheckpointSchema.optional(),
  gate: GateEvidenceSchema.optional(),
  /** Earlier endings of this batch that a resume reopened: kept, with the heal attempts they had used. */
  history: z.array(z.object({ at: isoTime, status: z.enum(BATCH_STATUSES), error: z.string().optional(), healAttempts: z.number().int().min(0) })).default([]),
  /** The batch's waves, when it runs any (parallelAgents > 1 and consecutive [P] tasks). */
  units: z.array(WorkUnitSchema).optional(),
});
export type BatchItem = z.infer<typeof BatchItemSchema>;

export const StepRecordSchema = z.object({
  status: z.enum(STEP_STATUSES),
  /** What the step's confirmation compares against (merge: the branch and HEAD before it ran). */
  baseline: z.record(z.string(), z.unknown()).optional(),
  startedAt: isoTime.optional(),
  completedAt: isoTime.optional(),
  executionIds: z.array(IdSchema).default([]),
  costUsd: z.number().min(0).default(0),
  error: z.string().optional(),
  note: z.string().optional(),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export const StateRefSchema = z.object({
  status: RunStatusSchema,
  phase: PhaseSchema,
  batch: z.number().int().positive().optional(),
});
export type StateRef = z.infer<typeof StateRefSchema>;

export const DecisionLogEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: isoTime,
  /** transition: status/phase/batch changed. decision: a claudeHelper answer. reconcile: restart recovery. note: anything else worth knowing. */
  kind: z.enum(['transition', 'decision', 'reconcile', 'note']),
  from: StateRefSchema,
  to: StateRefSchema,
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()).default({}),
});
export type DecisionLogEntry = z.infer<typeof DecisionLogEntrySchema>;

export const RunErrorSchema = z.object({
  message: z.string(),
  kind: z.string(),
  at: isoTime,
  batchIndex: z.number().int().positive().optional(),
  /** Agent answers, healer answer, classification: the context a user needs to fix it. */
  details: z.record(z.string(), z.unknown()).default({}),
  logPaths: z.array(z.string()).default([]),
});

export const WAIT_REASONS = ['rate_limit', 'usage_limit', 'transient_error', 'user_gate', 'pause_between_batches', 'user_pause'] as const;

export const WaitSchema = z.object({
  reason: z.enum(WAIT_REASONS),
  message: z.string(),
  since: isoTime,
  until: isoTime.optional(),
  /** What the wait rests on (the rate_limit_event, the result text), for the decision log and the report. */
  evidence: z.record(z.string(), z.unknown()).optional(),
});

/** A wait that ended, kept for the report's timeline ("usage-limit waits"). */
export const WaitRecordSchema = WaitSchema.extend({ endedAt: isoTime, batchIndex: z.number().int().positive().optional() });
export type WaitRecord = z.infer<typeof WaitRecordSchema>;

export type Wait = z.infer<typeof WaitSchema>;

export const OrchestrationExecutionSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: IdSchema,
  projectPath: z.string(),
  projectName: z.string(),
  featureDir: z.string().optional(),
  tasksPath: z.string().optional(),
  status: RunStatusSchema,
  phase: PhaseSchema,
  config: OrchestrationConfigSchema,
  createdAt: isoTime,
  startedAt: isoTime,
  updatedAt: isoTime,
  completedAt: isoTime.optional(),
  /** The process driving the run (as in the lock file), so a vanished lock file never lets a second one in. */
  drivenBy: z.object({ pid: z.number().int().positive(), pidStartTime: z.string().optional(), host: z.string(), owner: z.string() }).optional(),
  steps: z.object({
    design: StepRecordSchema,
    analyze: StepRecordSchema,
    verify: StepRecordSchema,
    merge: StepRecordSchema,
  }),
  batches: z.array(BatchItemSchema),
  /** When the batches were first planned from tasks.md (implement started). */
  plannedAt: isoTime.optional(),
  /** tasks.md as last read: all tasks and the checked ones (progress "Tasks: 12/35"). */
  taskProgress: z.object({ completed: z.number().int().min(0), total: z.number().int().min(0) }).default({ completed: 0, total: 0 }),
  /** Whether the batches came from fixed-size chunks (no `##` sections, FR-012). */
  fallback: z.boolean().default(false),
  /** The agent runs (claude processes) of this orchestration, each identified by its executionId (FR-033). */
  agentRuns: z.array(AgentRunSchema).default([]),
  totalCostUsd: z.number().min(0).default(0),
  error: RunErrorSchema.optional(),
  wait: WaitSchema.optional(),
  warnings: z.array(z.string()).default([]),
  /** A pause asked for while an agent works takes effect when its batch ends. */
  pauseRequested: z.boolean().default(false),
  /** Waits that ended (usage limits, API trouble, pauses), for the report's timeline. */
  waitLog: z.array(WaitRecordSchema).default([]),
  /** Time spent running or healing, excluding paused, waiting and stopped time ("active time"). */
  activeMs: z.number().min(0).default(0),
  /** Since when the run has been active (set while running or healing). */
  activeSince: isoTime.optional(),
  checkpoints: RunCheckpointsSchema.optional(),
  gate: RunGateSchema.optional(),
  decisionLog: z.array(DecisionLogEntrySchema).default([]),
  /** Entries moved to `orchestration-{id}.log.jsonl` to keep this file small (bench: state writes). */
  decisionLogArchived: z.number().int().min(0).default(0),
});
export type OrchestrationExecution = z.infer<typeof OrchestrationExecutionSchema>;
