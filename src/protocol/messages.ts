// Every message between the extension host and the SpecFlow webview, as zod discriminated unions that
// BOTH sides import and validate. Nothing else crosses postMessage. The schemas reuse the core model
// (config, progress, decision log), so the webview validates a config with the very schema the engine uses.
import * as z from 'zod';
import { OrchestrationConfigSchema } from '../core/model/config';
import { DecisionLogEntrySchema } from '../core/model/execution';
import { IdSchema } from '../core/model/ids';
import { ProgressViewSchema } from '../core/model/progress';

const text = (max: number) => z.string().max(max);

// ---- host → webview ---------------------------------------------------------------------------------

export const PreflightViewSchema = z.object({
  /** "Detected 4 batches from tasks.md" (absent when there is no tasks.md yet). */
  planText: z.string().optional(),
  fallback: z.boolean(),
  totalTasks: z.number().int().min(0),
  completedTasks: z.number().int().min(0),
  openTasks: z.number().int().min(0),
  /** Without sections only: the open tasks' IDs in file order, so a changed batch size previews the engine's names. */
  openTaskIds: z.array(z.string().max(64)).max(100_000).optional(),
  batches: z.array(z.object({ index: z.number().int(), name: z.string(), taskCount: z.number().int() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), blocking: z.boolean() })),
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

export const PanelStateSchema = z.object({
  project: z.object({ name: z.string(), path: z.string() }),
  /** config: the Complete Phase modal; progress: a run is shown (it replaces the action buttons, FR-072). */
  mode: z.enum(['config', 'progress']),
  trusted: z.boolean(),
  /** The options the modal starts from: the last ones used for this project, else the settings. */
  config: OrchestrationConfigSchema,
  preflight: PreflightViewSchema.optional(),
  run: ProgressViewSchema.optional(),
  decisionLog: z.array(DecisionLogEntrySchema).optional(),
  activity: ActivityViewSchema.optional(),
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

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  /** The webview listens now: the host (re)sends a full snapshot, never deltas. */
  z.object({ type: z.literal('ready') }).strict(),
  /** Start with the modal's options; the host validates them again with the same schema. */
  z.object({ type: z.literal('start'), config: OrchestrationConfigSchema }).strict(),
  /** Close the modal without starting. */
  z.object({ type: z.literal('dismiss') }).strict(),
  z.object({ type: z.literal('pause'), id: IdSchema }).strict(),
  z.object({ type: z.literal('resume'), id: IdSchema }).strict(),
  z.object({ type: z.literal('cancel'), id: IdSchema }).strict(),
  z.object({ type: z.literal('merge'), id: IdSchema }).strict(),
  /** Show the modal again to start a new run (after one finished). */
  z.object({ type: z.literal('newRun') }).strict(),
  /** Open a file of the project (a run log) in an editor; the host checks it lies inside the project. */
  z.object({ type: z.literal('openFile'), path: text(4096).min(1) }).strict(),
  z.object({ type: z.literal('exportLog'), id: IdSchema }).strict(),
]);
export type WebviewToHost = z.infer<typeof WebviewToHostSchema>;
export type WebviewMessageType = WebviewToHost['type'];
