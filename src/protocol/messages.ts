// Every message between the extension host and the SpecFlow webview, as zod discriminated unions that
// BOTH sides import and validate. Nothing else crosses postMessage. The schemas reuse the core model's
// browser-safe zod modules (config, progress view, decision log, report), so the webview validates a config
// with the very schema the engine uses. The webview imports this module and nothing from src/core: the
// types it needs are re-exported at the bottom, and the batch preview is computed by the host.
import * as z from 'zod';
import { OrchestrationConfigFields, OrchestrationConfigSchema } from '../core/model/config';
import { DecisionLogEntrySchema } from '../core/model/execution';
import { IdSchema } from '../core/model/ids';
import { ProgressViewSchema } from '../core/model/progress';
import { ReportSchema } from '../core/model/report';

const text = (max: number) => z.string().max(max);

// ---- host → webview ---------------------------------------------------------------------------------

export const PreflightViewSchema = z.object({
  /** "Detected 4 batches from tasks.md" (absent when there is no tasks.md yet). */
  planText: z.string().optional(),
  /** spec-kit, specflow, kiro, openspec, numbered or plain. */
  format: z.string().optional(),
  /** "Kiro spec · plain prompts": where the spec lives when it is not spec-kit's specs/, and how it runs. */
  layout: z.string().optional(),
  fallback: z.boolean(),
  totalTasks: z.number().int().min(0),
  completedTasks: z.number().int().min(0),
  openTasks: z.number().int().min(0),
  /** Kiro's optional tasks, and how many of them the plan skips (include them in the advanced options). */
  optionalTasks: z.number().int().min(0).default(0),
  skippedOptionalTasks: z.number().int().min(0).default(0),
  /** ID-less checkboxes in checklist sections: counted apart, never batched. */
  checklistItems: z.number().int().min(0).default(0),
  batches: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      taskCount: z.number().int(),
      /** The section was cut into parts (maxBatchTasks). */
      split: z.object({ part: z.number().int(), of: z.number().int() }).optional(),
      /** How the batch's [P] tasks would run in parallel ("wave 1: 3 groups"), when parallel agents > 1. */
      waves: z.string().optional(),
    }),
  ),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), blocking: z.boolean() })),
  /** SpecFlow's test gate for this run: the command and where it came from, or why there is none. */
  gate: z.object({ command: z.string().optional(), source: z.enum(['config', 'detected', 'none']), error: z.string().optional() }).optional(),
  /** Git checkpoints: the mode, why they are off, and the files the user changed that stay out of commits. */
  checkpoints: z.object({ mode: z.enum(['commit', 'refs', 'off']), reason: z.string().optional(), userPaths: z.array(z.string()) }).optional(),
  featureDir: z.string().optional(),
  tasksPath: z.string().optional(),
  claudePath: z.string().optional(),
  claudeVersion: z.string().optional(),
});
export type PreflightView = z.infer<typeof PreflightViewSchema>;

export const ActivityViewSchema = z.object({
  executionId: z.string(),
  kind: z.string(),
  model: z.string().optional(),
  currentTool: z.object({ name: z.string(), target: z.string().optional() }).optional(),
  recentFiles: z.array(z.string()),
  lastAssistantText: z.string().optional(),
  toolCalls: z.number().int().min(0),
  /** True for the product's simulated agent (no AI), so the UI can say so. */
  simulated: z.boolean(),
});
export type ActivityView = z.infer<typeof ActivityViewSchema>;

/** What the user may do with the shown run now, decided by the host from the one status policy. */
export const RunActionsSchema = z.object({
  pause: z.boolean(),
  resume: z.boolean(),
  cancel: z.boolean(),
  merge: z.boolean(),
  newRun: z.boolean(),
});
export type RunActions = z.infer<typeof RunActionsSchema>;

export const PanelStateSchema = z.object({
  project: z.object({ name: z.string(), path: z.string() }),
  /** config: the Complete Phase modal; progress: a run is shown (it replaces the action buttons, FR-072); report: its report. */
  mode: z.enum(['config', 'progress', 'report']),
  trusted: z.boolean(),
  /** The options the modal starts from: the last ones used for this project, else the settings. */
  config: OrchestrationConfigSchema,
  preflight: PreflightViewSchema.optional(),
  run: ProgressViewSchema.optional(),
  actions: RunActionsSchema.optional(),
  decisionLog: z.array(DecisionLogEntrySchema).optional(),
  activity: ActivityViewSchema.optional(),
  /** Each running agent's latest activity (a wave runs several: the batch table shows them per group). */
  agents: z.array(ActivityViewSchema).optional(),
  /** The run's morning-after report (mode `report`), as written to .specflow/reports/. */
  report: ReportSchema.optional(),
  /** The report's timeline picture (SVG text), shown inline in the Report view. */
  reportSvg: z.string().max(2_000_000).optional(),
  /** Set while the host works on a request (start, merge…), so buttons can show it. */
  busy: z.string().optional(),
});
export type PanelState = z.infer<typeof PanelStateSchema>;

export const HostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: PanelStateSchema }),
  z.object({ type: z.literal('activity'), activity: ActivityViewSchema }),
  z.object({
    type: z.literal('startResult'),
    ok: z.boolean(),
    message: z.string().optional(),
    issues: z.array(z.string()).optional(),
  }),
]);
export type HostToWebview = z.infer<typeof HostToWebviewSchema>;

// ---- webview → host ---------------------------------------------------------------------------------

/** The modal options that change the plan: the host answers with a new preflight (the batch preview). */
export const PreviewOptionsSchema = OrchestrationConfigFields.pick({
  batchSizeFallback: true,
  maxBatchTasks: true,
  includeOptionalTasks: true,
  checklistsAreTasks: true,
  parallelAgents: true,
  gate: true,
  checkpoints: true,
}).partial();
export type PreviewOptions = z.infer<typeof PreviewOptionsSchema>;

const usd = z.number().positive().max(10_000);

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  /** The webview listens now: the host (re)sends a full snapshot, never deltas. */
  z.object({ type: z.literal('ready') }).strict(),
  /** Start with the modal's options; the host validates them again with the same schema. */
  z.object({ type: z.literal('start'), config: OrchestrationConfigSchema }).strict(),
  /** The modal's plan-changing options changed: preview the batches the engine would make. */
  z.object({ type: z.literal('preview'), options: PreviewOptionsSchema.strict() }).strict(),
  /** Close the modal without starting. */
  z.object({ type: z.literal('dismiss') }).strict(),
  z.object({ type: z.literal('pause'), id: IdSchema }).strict(),
  /** Resume, optionally with raised caps ("Raise Budget…" in the panel). */
  z
    .object({
      type: z.literal('resume'),
      id: IdSchema,
      budget: z.object({ perBatchUsd: usd.optional(), totalUsd: usd.optional(), healUsd: usd.optional(), decisionUsd: usd.optional() }).strict().optional(),
    })
    .strict(),
  z.object({ type: z.literal('cancel'), id: IdSchema }).strict(),
  z.object({ type: z.literal('merge'), id: IdSchema }).strict(),
  /** Undo one batch from its checkpoint (the host asks for confirmation). */
  z.object({ type: z.literal('revertBatch'), id: IdSchema, batch: z.number().int().positive().max(10_000) }).strict(),
  /** VS Code's multi-file diff of one batch (before and after its checkpoint). */
  z.object({ type: z.literal('openChanges'), id: IdSchema, batch: z.number().int().positive().max(10_000) }).strict(),
  /** Show the run's report in the panel (`report`), or go back to the progress (`progress`). */
  z.object({ type: z.literal('showView'), id: IdSchema, view: z.enum(['progress', 'report']) }).strict(),
  /** Show the run again to start a new run (after one finished). */
  z.object({ type: z.literal('newRun') }).strict(),
  /** Open a file of the project (a run log, the report) in an editor; the host checks it lies inside the project. */
  z.object({ type: z.literal('openFile'), path: text(4096).min(1) }).strict(),
  z.object({ type: z.literal('exportLog'), id: IdSchema }).strict(),
]);
export type WebviewToHost = z.infer<typeof WebviewToHostSchema>;

// ---- the model types the webview renders (re-exported so it imports nothing from src/core) ----------

export { OrchestrationConfigSchema };
export type { OrchestrationConfig } from '../core/model/config';
export type { DecisionLogEntry } from '../core/model/execution';
export type { ProgressView } from '../core/model/progress';
export type { Report } from '../core/model/report';
