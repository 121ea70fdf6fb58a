// The stream-json lines of `claude -p --output-format stream-json --verbose` that SpecFlow reads
// (claude-cli.md §3, §8). Schemas are lenient: the CLI adds fields and message types between versions,
// and unknown lines are ignored rather than failing a run.
import * as z from 'zod';

const InitSchema = z
  .object({
    type: z.literal('system'),
    subtype: z.literal('init'),
    session_id: z.string(),
    model: z.string().optional(),
    cwd: z.string().optional(),
    tools: z.array(z.string()).optional(),
    slash_commands: z.array(z.string()).optional(),
    permissionMode: z.string().optional(),
    claude_code_version: z.string().optional(),
  })
  .passthrough();

const ContentBlockSchema = z
  .object({
    type: z.string(),
    text: z.string().optional(),
    name: z.string().optional(),
    id: z.string().optional(),
    input: z.unknown().optional(),
    content: z.unknown().optional(),
    is_error: z.boolean().optional(),
    tool_use_id: z.string().optional(),
  })
  .passthrough();

const AssistantSchema = z
  .object({
    type: z.literal('assistant'),
    message: z.object({ content: z.array(ContentBlockSchema), model: z.string().optional() }).passthrough(),
    session_id: z.string().optional(),
    error: z.string().optional(),
  })
  .passthrough();

const UserSchema = z
  .object({
    type: z.literal('user'),
    message: z.object({ content: z.union([z.string(), z.array(ContentBlockSchema)]) }).passthrough(),
  })
  .passthrough();

const ApiRetrySchema = z
  .object({
    type: z.literal('system'),
    subtype: z.literal('api_retry'),
    attempt: z.number().optional(),
    max_retries: z.number().optional(),
    retry_delay_ms: z.number().optional(),
    error_status: z.number().nullable().optional(),
    error: z.string().optional(),
  })
  .passthrough();

const ModelFallbackSchema = z
  .object({
    type: z.literal('system'),
    subtype: z.literal('model_fallback'),
    original_model: z.string().optional(),
    fallback_model: z.string().optional(),
    trigger: z.string().optional(),
  })
  .passthrough();

/** A subscriber's usage window (claude-cli.md §10): `rejected` at the limit, `allowed_warning` when nearly spent. */
const RateLimitSchema = z
  .object({
    type: z.literal('rate_limit_event'),
    rate_limit_info: z
      .object({
        status: z.string(),
        resetsAt: z.number().optional(),
        rateLimitType: z.string().optional(),
        utilization: z.number().optional(),
        isUsingOverage: z.boolean().optional(),
      })
      .passthrough(),
  })
  .passthrough();

export const ResultSchema = z
  .object({
    type: z.literal('result'),
    subtype: z.string(),
    is_error: z.boolean(),
    session_id: z.string().optional(),
    total_cost_usd: z.number().default(0),
    duration_ms: z.number().optional(),
    num_turns: z.number().optional(),
    result: z.string().optional(),
    errors: z.array(z.string()).optional(),
    api_error_status: z.number().nullable().optional(),
    structured_output: z.unknown().optional(),
    permission_denials: z.array(z.object({ tool_name: z.string(), tool_input: z.unknown().optional() }).passthrough()).default([]),
    modelUsage: z.record(z.string(), z.unknown()).optional(),
    terminal_reason: z.string().optional(),
    stop_reason: z.string().nullable().optional(),
  })
  .passthrough();

export type InitEvent = z.infer<typeof InitSchema>;

/** A usage window as the CLI reported it; `resetsAt` in epoch milliseconds. */
export interface RateLimitInfo {
  status: string;
  resetsAt?: number;
  type?: string;
  utilization?: number;
}
export type ResultEvent = z.infer<typeof ResultSchema>;

export type AgentEvent =
  | { type: 'init'; init: InitEvent }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: unknown; id?: string }
  | { type: 'tool_result'; isError: boolean; content: string; toolUseId?: string }
  | { type: 'api_retry'; attempt?: number; maxRetries?: number; delayMs?: number; errorStatus?: number | null; error?: string }
  | { type: 'model_fallback'; from?: string; to?: string; trigger?: string }
  | { type: 'rate_limit'; limit: RateLimitInfo }
  | { type: 'result'; result: ResultEvent };

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (typeof c === 'object' && c && 'text' in c ? String((c as { text: unknown }).text) : '')).join('');
  return '';
}

type LineParser = (raw: unknown) => AgentEvent[];

function apiRetry(raw: unknown): AgentEvent[] {
  const p = ApiRetrySchema.safeParse(raw);
  if (!p.success) return [];
  const d = p.data;
  return [
    {
      type: 'api_retry',
      ...(d.attempt !== undefined ? { attempt: d.attempt } : {}),
      ...(d.max_retries !== undefined ? { maxRetries: d.max_retries } : {}),
      ...(d.retry_delay_ms !== undefined ? { delayMs: d.retry_delay_ms } : {}),
      ...(d.error_status !== undefined ? { errorStatus: d.error_status } : {}),
      ...(d.error !== undefined ? { error: d.error } : {}),
    },
  ];
}

function modelFallback(raw: unknown): AgentEvent[] {
  const p = ModelFallbackSchema.safeParse(raw);
  if (!p.success) return [];
  const d = p.data;
  return [
    {
      type: 'model_fallback',
      ...(d.original_model ? { from: d.original_model } : {}),
      ...(d.fallback_model ? { to: d.fallback_model } : {}),
      ...(d.trigger ? { trigger: d.trigger } : {}),
    },
  ];
}

function assistant(raw: unknown): AgentEvent[] {
  const p = AssistantSchema.safeParse(raw);
  if (!p.success) return [];
  const out: AgentEvent[] = [];
  for (const b of p.data.message.content) {
    if (b.type === 'text' && b.text) out.push({ type: 'text', text: b.text });
    if (b.type === 'tool_use' && b.name) out.push({ type: 'tool_use', name: b.name, input: b.input, ...(b.id ? { id: b.id } : {}) });
  }
  return out;
}

function user(raw: unknown): AgentEvent[] {
  const p = UserSchema.safeParse(raw);
  if (!p.success || typeof p.data.message.content === 'string') return [];
  return p.data.message.content
    .filter((b) => b.type === 'tool_result')
    .map((b) => ({
      type: 'tool_result' as const,
      isError: b.is_error === true,
      content: blockText(b.content),
      ...(b.tool_use_id ? { toolUseId: b.tool_use_id } : {}),
    }));
}

/** Keyed by `type` or `type/subtype`; lines of any other kind are ignored. */
const PARSERS: Record<string, LineParser> = {
  'system/init': (raw) => {
    const p = InitSchema.safeParse(raw);
    return p.success ? [{ type: 'init', init: p.data }] : [];
  },
  'system/api_retry': apiRetry,
  'system/model_fallback': modelFallback,
  assistant,
  user,
  rate_limit_event: (raw) => {
    const p = RateLimitSchema.safeParse(raw);
    if (!p.success) return [];
    const i = p.data.rate_limit_info;
    const limit: RateLimitInfo = {
      status: i.status,
      ...(i.resetsAt !== undefined ? { resetsAt: i.resetsAt * 1000 } : {}),
      ...(i.rateLimitType ? { type: i.rateLimitType } : {}),
      ...(i.utilization !== undefined ? { utilization: i.utilization } : {}),
    };
    return [{ type: 'rate_limit', limit }];
  },
  result: (raw) => {
    const p = ResultSchema.safeParse(raw);
    return p.success ? [{ type: 'result', result: p.data }] : [];
  },
};

/** One stream-json line → the events SpecFlow cares about (an assistant line may carry several blocks). */
export function parseStreamLine(line: string): AgentEvent[] {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    return [];
  }
  if (typeof raw !== 'object' || raw === null) return [];
  const { type, subtype } = raw as { type?: unknown; subtype?: unknown };
  const parser = PARSERS[`${String(type)}/${String(subtype)}`] ?? PARSERS[String(type)];
  return parser ? parser(raw) : [];
}

/** The file a tool call touched, for "recently touched files" in the progress display. */
export function toolTarget(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const o = input as Record<string, unknown>;
  for (const k of ['file_path', 'path', 'notebook_path', 'pattern']) {
    const v = o[k];
    if (typeof v === 'string') return v;
  }
  if (typeof o.command === 'string') return o.command.slice(0, 120);
  return undefined;
}
