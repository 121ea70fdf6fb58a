// The stream-json lines of `claude -p` that the tests read (claude-cli.md §3). The real CLI's lines are parsed
// with these schemas (claudeEnv.parseJsonLines); the simulated and fake CLIs, which imitate it, are typed by them.
import * as z from 'zod';

// Loose objects (the CLI adds fields and line types between versions), but each field a test reads must have its
// documented type, so a changed CLI fails loudly.

const CliBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  tool_use_id: z.string().optional(),
  is_error: z.boolean().optional(),
  content: z.unknown().optional(),
});

export const CliEventSchema = z.looseObject({
  type: z.string(),
  subtype: z.string().optional(),
  session_id: z.string().optional(),
  // system/init
  model: z.string().optional(),
  tools: z.array(z.string()).optional(),
  slash_commands: z.array(z.string()).optional(),
  permissionMode: z.string().optional(),
  apiKeySource: z.string().optional(),
  claude_code_version: z.string().optional(),
  cwd: z.string().optional(),
  // assistant / user
  message: z.looseObject({ id: z.string().optional(), model: z.string().optional(), content: z.union([z.string(), z.array(CliBlockSchema)]) }).optional(),
  error: z.string().optional(),
  // stream_event (--include-partial-messages)
  event: z.looseObject({ type: z.string() }).optional(),
  // system/api_retry, system/model_fallback
  attempt: z.number().optional(),
  error_status: z.number().nullable().optional(),
  trigger: z.string().optional(),
  original_model: z.string().optional(),
  fallback_model: z.string().optional(),
  content: z.string().optional(),
  // rate_limit_event (a subscriber's usage window: claude-cli.md §10)
  rate_limit_info: z
    .looseObject({ status: z.string(), resetsAt: z.number().optional(), rateLimitType: z.string().optional(), utilization: z.number().optional() })
    .optional(),
  // result
  is_error: z.boolean().optional(),
  result: z.string().optional(),
  num_turns: z.number().optional(),
  stop_reason: z.string().nullable().optional(),
  total_cost_usd: z.number().optional(),
  modelUsage: z.record(z.string(), z.looseObject({ costUSD: z.number().optional() })).optional(),
  structured_output: z.unknown().optional(),
  permission_denials: z.array(z.looseObject({ tool_name: z.string() })).optional(),
  errors: z.array(z.string()).optional(),
  terminal_reason: z.string().optional(),
  api_error_status: z.number().nullable().optional(),
});

/** Every result line (success or error) carries these. */
export const CliResultSchema = CliEventSchema.extend({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean(),
  session_id: z.string(),
  num_turns: z.number(),
  total_cost_usd: z.number(),
  permission_denials: z.array(z.looseObject({ tool_name: z.string() })),
});

export type CliBlock = z.infer<typeof CliBlockSchema>;
export type CliEvent = z.infer<typeof CliEventSchema>;
export type CliResult = z.infer<typeof CliResultSchema>;

/** A `--output-format=json` stdout: the one result object. */
export function parseResult(stdout: string): CliResult {
  return CliResultSchema.parse(JSON.parse(stdout));
}

/** An event that must be a result line (throws when it is not one, or lacks a field every result line has). */
export function resultLine(e: CliEvent | undefined): CliResult {
  return CliResultSchema.parse(e);
}

/** The content blocks of an assistant or user line (a plain-string content is one text block); throws for a line without a message. */
export function blocksOf(e: CliEvent): CliBlock[] {
  if (!e.message) throw new Error(`a ${e.type} line without a message: ${JSON.stringify(e)}`);
  const content = e.message.content;
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}
