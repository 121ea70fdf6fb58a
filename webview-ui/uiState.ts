// What the webview remembers across reloads and hide/show (VS Code's getState/setState): only UI state.
// The run itself always comes from the host's `state` snapshot. Validated on the way in, because
// whatever getState returns may come from an older build of this UI.
import * as z from 'zod';

export const LOG_KINDS = ['transition', 'decision', 'reconcile', 'note'] as const;

/** The modal's values as typed: numbers stay strings so that half-typed or invalid input survives a reload. */
export const FormValuesSchema = z.object({
  autoMerge: z.boolean(),
  skipDesign: z.boolean(),
  skipAnalyze: z.boolean(),
  additionalContext: z.string(),
  autoHeal: z.boolean(),
  maxHealAttempts: z.string(),
  batchSizeFallback: z.string(),
  pauseBetweenBatches: z.boolean(),
  perBatchUsd: z.string(),
  totalUsd: z.string(),
  healUsd: z.string(),
  model: z.string(),
  fallbackModel: z.string(),
  maxBatchTasks: z.string(),
  includeOptionalTasks: z.boolean(),
  checklistsAreTasks: z.boolean(),
  parallelAgents: z.string(),
  /** '' detects the project's test command, 'none' turns the gate off, else a command line. */
  gate: z.string(),
  gateTimeoutMinutes: z.string(),
  checkpoints: z.enum(['commit', 'refs', 'off']),
  maxLimitWaitHours: z.string(),
});
export type FormValues = z.infer<typeof FormValuesSchema>;

export const UiStateSchema = z.object({
  /** 2: the modal gained the plan, gate, checkpoint and limit options (a version-1 state starts afresh). */
  v: z.literal(2),
  /** The view last shown; a change of view (a run started, or a new run opened) resets the modal values. */
  view: z.enum(['config', 'progress', 'report']).optional(),
  /** The project the modal values belong to. */
  project: z.string().optional(),
  /** Unsaved modal values; absent until the modal is first shown (then they start from the host's config). */
  form: FormValuesSchema.optional(),
  advancedOpen: z.boolean(),
  logFilter: z.object({ kind: z.enum(['all', ...LOG_KINDS]), text: z.string().max(500) }),
  /** Decision-log entries (by seq) the user expanded. */
  logOpen: z.array(z.number().int()).max(100),
  scrollY: z.number().min(0),
});
export type UiState = z.infer<typeof UiStateSchema>;
export type LogFilter = UiState['logFilter'];

export function defaultUiState(): UiState {
  return { v: 2, advancedOpen: false, logFilter: { kind: 'all', text: '' }, logOpen: [], scrollY: 0 };
}

/** Whatever getState returned, as a UiState: invalid or missing state gives the defaults. */
export function parseUiState(raw: unknown): UiState {
  if (raw === undefined || raw === null) return defaultUiState();
  const r = UiStateSchema.safeParse(raw);
  if (r.success) return r.data;
  console.warn('SpecFlow: ignoring saved webview state that does not match this version', r.error.issues);
  return defaultUiState();
}
