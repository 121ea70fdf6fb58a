// The vocabularies of a run (an orchestration), its phases, batches, steps and agent runs. Plain constants
// with no schema library, so the status policy, the tree and the status bar can use them at activation
// without loading zod; execution.ts builds the schemas from them.

export const RUN_STATUSES = ['running', 'paused', 'healing', 'waiting', 'completed', 'merge_ready', 'failed', 'cancelled', 'budget_exceeded'] as const;
export const PHASES = ['design', 'analyze', 'implement', 'verify', 'merge'] as const;
export const BATCH_STATUSES = ['pending', 'running', 'completed', 'healed', 'failed', 'cancelled'] as const;
export const STEP_STATUSES = ['pending', 'running', 'completed', 'skipped', 'failed', 'cancelled'] as const;
export const RUN_KINDS = ['design', 'analyze', 'implement', 'heal', 'verify', 'merge', 'decision'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];
export type Phase = (typeof PHASES)[number];
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];
export type RunKind = (typeof RUN_KINDS)[number];
export type StepName = Exclude<Phase, 'implement'>;

export const STEP_NAMES: readonly StepName[] = ['design', 'analyze', 'verify', 'merge'];

/** What every surface calls a status (FR-062): the badge, the tree, the status bar, the CLI. */
export const STATUS_LABELS: Record<RunStatus, string> = {
  running: 'Running',
  paused: 'Paused',
  healing: 'Healing',
  waiting: 'Waiting',
  completed: 'Complete',
  merge_ready: 'Merge Ready',
  failed: 'Failed',
  cancelled: 'Cancelled',
  budget_exceeded: 'Budget exceeded',
};
