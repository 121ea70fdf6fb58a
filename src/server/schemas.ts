// The HTTP API's bodies as zod schemas: requests are validated with them, and GET /api/schema publishes them
// (with the engine's own schemas for the config, the stored execution and the progress view) as JSON Schema.
import '../core/model/zodSetup';
import * as z from 'zod';
import { AgentRunSchema, BatchItemSchema, DecisionLogEntrySchema } from '../core/model/execution';
import { IdSchema } from '../core/model/ids';
import { ProgressViewSchema } from '../core/model/progress';
import { BATCH_STATUSES, PHASES, RUN_STATUSES } from '../core/model/statuses';
import type { RunBrief } from '../core/service/runBrief';
import { ActivityViewSchema } from '../protocol/messages';

const PROJECT_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
const ProjectIdSchema = z.string().regex(PROJECT_ID_PATTERN, 'a projectId as listed by GET /api/projects');

/** The engine validates the config itself (mergeConfig), so a resume patch is merged over the stored config. */
const ConfigObjectSchema = z.record(z.string(), z.unknown(), { error: 'config must be a JSON object of OrchestrationConfig fields' });

export const StartRequestSchema = z.object({ projectId: ProjectIdSchema.optional(), config: ConfigObjectSchema.optional() }).strict();

export const RunRequestSchema = z.object({ projectId: ProjectIdSchema.optional(), id: IdSchema.optional() }).strict();

export const ResumeRequestSchema = RunRequestSchema.extend({ config: ConfigObjectSchema.optional() }).strict();

/** Query of the GET routes; unknown parameters are ignored (cache busters). */
export const RunQuerySchema = z.object({
  projectId: ProjectIdSchema.optional(),
  id: IdSchema.optional(),
  /** report only: the JSON report (default), its Markdown or its SVG timeline. */
  format: z.enum(['json', 'md', 'svg']).optional(),
});

export const RunBriefSchema = z.object({
  id: IdSchema,
  status: z.enum(RUN_STATUSES),
  phase: z.enum(PHASES),
  projectPath: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().optional(),
  batches: z.object({ total: z.number().int(), done: z.number().int() }),
  taskProgress: z.object({ completed: z.number().int(), total: z.number().int() }),
  totalCostUsd: z.number(),
});
// RunBrief is a plain interface in core; these two lines fail to compile the day the schema drifts from it.
const briefFromSchema = (b: z.infer<typeof RunBriefSchema>): RunBrief => b;
const schemaFromBrief = (b: RunBrief): z.infer<typeof RunBriefSchema> => b;
void briefFromSchema;
void schemaFromBrief;

/** What start, resume and merge answer (202): the run as `list` shows it, and where to follow it. */
export const AcceptedRunSchema = RunBriefSchema.extend({
  projectId: ProjectIdSchema,
  links: z.object({ status: z.string(), events: z.string(), report: z.string() }),
});
export type AcceptedRun = z.infer<typeof AcceptedRunSchema>;

export const ProjectInfoSchema = z.object({ projectId: ProjectIdSchema, name: z.string(), path: z.string() });
export type ProjectInfo = z.infer<typeof ProjectInfoSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** 409 already_in_progress: the run that holds the project. */
    existingId: z.string().optional(),
    existingStatus: z.string().optional(),
    /** 400: one line per problem, with the field path. */
    issues: z.array(z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const HealthSchema = z.object({ ok: z.literal(true) });

// ---- Server-Sent Events (event name → data) -----------------------------------------------------------

export const RunEventSchema = ProgressViewSchema.extend({ projectId: ProjectIdSchema });
export type RunEvent = z.infer<typeof RunEventSchema>;
export const BatchEventSchema = z.object({ orchestrationId: IdSchema, batch: BatchItemSchema, previous: z.enum(BATCH_STATUSES).optional() });
export const DecisionEventSchema = z.object({ orchestrationId: IdSchema, entry: DecisionLogEntrySchema });
export const ActivityEventSchema = ActivityViewSchema.extend({ orchestrationId: IdSchema, batchIndex: AgentRunSchema.shape.batchIndex });
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;
