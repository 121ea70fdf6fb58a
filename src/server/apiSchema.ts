// GET /api/schema: every route with the names of its bodies, and those bodies as JSON Schema, generated from
// the zod schemas the server validates with and the engine stores with (zod 4's toJSONSchema).
import '../core/model/zodSetup';
import * as z from 'zod';
import { OrchestrationConfigSchema } from '../core/model/config';
import { OrchestrationExecutionSchema } from '../core/model/execution';
import { ReportSchema } from '../core/model/report';
import { BASE } from './routes';
import {
  AcceptedRunSchema,
  ActivityEventSchema,
  BatchEventSchema,
  DecisionEventSchema,
  ErrorBodySchema,
  HealthSchema,
  ProjectInfoSchema,
  ResumeRequestSchema,
  RunBriefSchema,
  RunEventSchema,
  RunQuerySchema,
  RunRequestSchema,
  StartRequestSchema,
} from './schemas';

interface RouteDoc {
  method: 'GET' | 'POST';
  path: string;
  auth: boolean;
  summary: string;
  query?: string;
  body?: string;
  responses: Record<number, string>;
}

const RUN_ERRORS = { 400: 'Error', 401: 'Error', 404: 'Error' } as const;

export const ROUTE_DOCS: readonly RouteDoc[] = [
  { method: 'GET', path: '/api/health', auth: false, summary: 'liveness', responses: { 200: 'Health' } },
  { method: 'GET', path: '/api/schema', auth: true, summary: 'this document', responses: { 200: 'object' } },
  { method: 'GET', path: '/api/projects', auth: true, summary: 'the served projects', responses: { 200: 'ProjectInfo[]' } },
  {
    method: 'POST',
    path: BASE,
    auth: true,
    summary: 'start a run (FR-080)',
    body: 'StartRequest',
    responses: { 202: 'AcceptedRun', ...RUN_ERRORS, 403: 'Error', 409: 'Error' },
  },
  {
    method: 'GET',
    path: `${BASE}/status`,
    auth: true,
    summary: 'the run as stored (FR-081)',
    query: 'RunQuery',
    responses: { 200: 'OrchestrationExecution', ...RUN_ERRORS },
  },
  {
    method: 'GET',
    path: `${BASE}/list`,
    auth: true,
    summary: 'the runs, newest first (FR-082)',
    query: 'RunQuery',
    responses: { 200: 'RunBrief[]', 400: 'Error', 404: 'Error' },
  },
  {
    method: 'POST',
    path: `${BASE}/cancel`,
    auth: true,
    summary: 'cancel a run (FR-083)',
    body: 'RunRequest',
    responses: { 200: 'OrchestrationExecution', ...RUN_ERRORS, 409: 'Error', 504: 'Error' },
  },
  {
    method: 'POST',
    path: `${BASE}/resume`,
    auth: true,
    summary: 'resume a run (FR-084)',
    body: 'ResumeRequest',
    responses: { 202: 'AcceptedRun', ...RUN_ERRORS, 403: 'Error', 409: 'Error' },
  },
  {
    method: 'POST',
    path: `${BASE}/merge`,
    auth: true,
    summary: 'merge a merge-ready run (FR-085)',
    body: 'RunRequest',
    responses: { 202: 'AcceptedRun', ...RUN_ERRORS, 403: 'Error', 409: 'Error' },
  },
  {
    method: 'POST',
    path: `${BASE}/pause`,
    auth: true,
    summary: 'pause at the next batch boundary',
    body: 'RunRequest',
    responses: { 202: 'OrchestrationExecution', ...RUN_ERRORS, 409: 'Error' },
  },
  {
    method: 'GET',
    path: `${BASE}/events`,
    auth: true,
    summary: 'Server-Sent Events: run, batch, decision, activity',
    query: 'RunQuery',
    responses: { 200: 'text/event-stream', ...RUN_ERRORS },
  },
  {
    method: 'GET',
    path: `${BASE}/report`,
    auth: true,
    summary: 'the run report (format=json|md|svg)',
    query: 'RunQuery',
    responses: { 200: 'Report', ...RUN_ERRORS },
  },
];

function build(): object {
  const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return {
    title: 'SpecFlow orchestration API',
    routes: ROUTE_DOCS,
    events: { run: 'RunEvent', batch: 'BatchEvent', decision: 'DecisionEvent', activity: 'ActivityEvent' },
    schemas: {
      StartRequest: json(StartRequestSchema.extend({ config: OrchestrationConfigSchema.optional() }), 'input'),
      RunRequest: json(RunRequestSchema, 'input'),
      ResumeRequest: json(ResumeRequestSchema.extend({ config: OrchestrationConfigSchema.optional() }), 'input'),
      RunQuery: json(RunQuerySchema, 'input'),
      OrchestrationConfig: json(OrchestrationConfigSchema, 'input'),
      OrchestrationExecution: json(OrchestrationExecutionSchema),
      Report: json(ReportSchema),
      RunBrief: json(RunBriefSchema),
      AcceptedRun: json(AcceptedRunSchema),
      ProjectInfo: json(ProjectInfoSchema),
      Health: json(HealthSchema),
      Error: json(ErrorBodySchema),
      RunEvent: json(RunEventSchema),
      BatchEvent: json(BatchEventSchema),
      DecisionEvent: json(DecisionEventSchema),
      ActivityEvent: json(ActivityEventSchema),
    },
  };
}

let cached: object | undefined;

export function apiSchemaDocument(): object {
  cached ??= build();
  return cached;
}
