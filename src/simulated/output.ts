// Message builders with the field sets of the real stream-json lines (reference §8), and the three writers
// (text, json, stream-json) with the exact tail behaviour of the real `runHeadless` (reference §6).
import { randomUUID } from 'node:crypto';
import { CONTEXT_WINDOW, INPUT_PRICE_PER_TOKEN, MAX_OUTPUT_TOKENS, OUTPUT_PRICE_PER_TOKEN, textForErrorSubtype, type OutputFormat } from './constants';

export type Json = Record<string, unknown>;

export type ResultSubtype = 'success' | 'error_during_execution' | 'error_max_turns' | 'error_max_budget_usd' | 'error_max_structured_output_retries';

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
}

/** Turns a dollar amount into token counts that price back to (about) the same amount. */
export function tokensForCost(costUsd: number): TokenCounts {
  if (costUsd <= 0) return { inputTokens: 0, outputTokens: 0 };
  // 75 % of the cost on input, 25 % on output.
  return {
    inputTokens: Math.round((costUsd * 0.75) / INPUT_PRICE_PER_TOKEN),
    outputTokens: Math.round((costUsd * 0.25) / OUTPUT_PRICE_PER_TOKEN),
  };
}

export function resultUsage(tokens: TokenCounts): Json {
  return {
    input_tokens: tokens.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: tokens.outputTokens,
    server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
    service_tier: 'standard',
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
    inference_geo: '',
    iterations: [],
    speed: 'standard',
  };
}

export function modelUsageEntry(tokens: TokenCounts, costUsd: number): Json {
  return {
    inputTokens: tokens.inputTokens,
    outputTokens: tokens.outputTokens,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
    webSearchRequests: 0,
    costUSD: costUsd,
    contextWindow: CONTEXT_WINDOW,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
  };
}

export interface InitInfo {
  cwd: string;
  sessionId: string;
  tools: string[];
  model: string;
  permissionMode: string;
  slashCommands: string[];
  skills: string[];
  apiKeySource: string;
  version: string;
  agents: string[];
  memoryDir: string;
}

export function initMessage(i: InitInfo): Json {
  return {
    type: 'system',
    subtype: 'init',
    cwd: i.cwd,
    session_id: i.sessionId,
    tools: i.tools,
    mcp_servers: [],
    model: i.model,
    permissionMode: i.permissionMode,
    slash_commands: i.slashCommands,
    apiKeySource: i.apiKeySource,
    claude_code_version: i.version,
    output_style: 'default',
    agents: i.agents,
    skills: i.skills,
    plugins: [],
    analytics_disabled: true,
    product_feedback_disabled: true,
    uuid: randomUUID(),
    memory_paths: { auto: i.memoryDir },
    fast_mode_state: 'off',
  };
}

export type ContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Json };

/** One `assistant` line: a single content block of an API message (stop_reason is still null when streamed). */
export function assistantMessage(opts: { messageId: string; model: string; block: ContentBlock; sessionId: string; requestId: string }): Json {
  return {
    type: 'assistant',
    message: {
      id: opts.messageId,
      type: 'message',
      role: 'assistant',
      model: opts.model,
      stop_sequence: null,
      content: [opts.block],
      stop_reason: null,
      usage: { input_tokens: 100, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      context_management: null,
    },
    parent_tool_use_id: null,
    session_id: opts.sessionId,
    uuid: randomUUID(),
    request_id: opts.requestId,
  };
}

/** The synthetic assistant line the CLI prints before an API-error result or an unknown-command result. */
export function syntheticAssistantMessage(text: string, sessionId: string, error?: string): Json {
  const msg: Json = {
    type: 'assistant',
    message: {
      id: randomUUID(),
      container: null,
      model: '<synthetic>',
      role: 'assistant',
      stop_details: null,
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      type: 'message',
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
        service_tier: null,
        cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
        inference_geo: null,
        iterations: null,
        speed: null,
      },
      content: [{ type: 'text', text }],
      context_management: null,
    },
    parent_tool_use_id: null,
    session_id: sessionId,
    uuid: randomUUID(),
  };
  if (error !== undefined) {
    msg.error = error;
    msg.request_id = `req_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  }
  return msg;
}

export function toolResultMessage(opts: { toolUseId: string; content: string; isError: boolean; toolUseResult: unknown; sessionId: string }): Json {
  const block: Json = opts.isError
    ? { type: 'tool_result', content: opts.content, is_error: true, tool_use_id: opts.toolUseId }
    : { tool_use_id: opts.toolUseId, type: 'tool_result', content: opts.content };
  return {
    type: 'user',
    message: { role: 'user', content: [block] },
    parent_tool_use_id: null,
    session_id: opts.sessionId,
    uuid: randomUUID(),
    timestamp: new Date().toISOString(),
    tool_use_result: opts.toolUseResult,
  };
}

export function systemMessage(subtype: string, fields: Json, sessionId: string): Json {
  return { type: 'system', subtype, ...fields, session_id: sessionId, uuid: randomUUID() };
}

export interface PermissionDenial {
  tool_name: string;
  tool_use_id: string;
  tool_input: Json;
}

export interface ResultInfo {
  subtype: ResultSubtype;
  isError: boolean;
  durationMs: number;
  durationApiMs: number;
  numTurns: number;
  sessionId: string;
  costUsd: number;
  tokens: TokenCounts;
  /** Key for modelUsage; omit for "no API call" results (modelUsage `{}`). */
  modelUsageKey: string | undefined;
  permissionDenials: PermissionDenial[];
  /** success only */
  result?: string;
  apiErrorStatus?: number | null;
  stopReason: string | null;
  terminalReason?: string;
  structuredOutput?: unknown;
  hasStructuredOutput?: boolean;
  /** error_* only */
  errors?: string[];
  /** Unknown-command results have no api_error_status/terminal_reason and stop_reason null. */
  localCommand?: boolean;
  /** Time to first token of the first model call (adds ttft_ms, ttft_stream_ms, time_to_request_ms). */
  ttftMs?: number;
}

/** A `result` line with exactly the field set and order of the real CLI for its kind. */
export function resultMessage(r: ResultInfo): Json {
  const usage = resultUsage(r.tokens);
  const modelUsage: Json = r.modelUsageKey ? { [r.modelUsageKey]: modelUsageEntry(r.tokens, r.costUsd) } : {};
  if (r.subtype === 'success') {
    const msg: Json = { type: 'result', subtype: 'success', is_error: r.isError };
    if (!r.localCommand) msg.api_error_status = r.apiErrorStatus ?? null;
    msg.duration_ms = r.durationMs;
    msg.duration_api_ms = r.durationApiMs;
    if (r.ttftMs !== undefined) {
      msg.ttft_ms = r.ttftMs;
      msg.ttft_stream_ms = Math.max(0, r.ttftMs - 3);
      msg.time_to_request_ms = Math.max(0, r.ttftMs - 20);
    }
    Object.assign(msg, {
      num_turns: r.numTurns,
      result: r.result ?? '',
      stop_reason: r.stopReason,
      session_id: r.sessionId,
      total_cost_usd: r.costUsd,
      usage,
      modelUsage,
      permission_denials: r.permissionDenials,
    });
    if (r.hasStructuredOutput) msg.structured_output = r.structuredOutput;
    if (!r.localCommand) msg.terminal_reason = r.terminalReason ?? 'completed';
    msg.fast_mode_state = 'off';
    msg.uuid = randomUUID();
    return msg;
  }
  const msg: Json = {
    type: 'result',
    subtype: r.subtype,
    duration_ms: r.durationMs,
    duration_api_ms: r.durationApiMs,
    is_error: true,
    num_turns: r.numTurns,
    stop_reason: r.stopReason,
    session_id: r.sessionId,
    total_cost_usd: r.costUsd,
    usage,
    modelUsage,
    permission_denials: r.permissionDenials,
  };
  if (r.terminalReason) msg.terminal_reason = r.terminalReason;
  msg.fast_mode_state = 'off';
  msg.uuid = randomUUID();
  msg.errors = r.errors ?? [];
  return msg;
}

export interface Writable {
  write(chunk: string): unknown;
}

/**
 * Writes messages in the selected format. stream-json prints each message as it is emitted; json prints the
 * result (or, with --verbose, an array of every message) at the end; text prints only the result text.
 */
export class OutputSink {
  private readonly collected: Json[] = [];

  constructor(
    private readonly out: Writable,
    private readonly format: OutputFormat,
    private readonly verbose: boolean,
  ) {}

  emit(message: Json): void {
    if (this.format === 'stream-json') this.out.write(`${JSON.stringify(message)}\n`);
    else if (this.format === 'json' && this.verbose) this.collected.push(message);
  }

  finish(result: Json, opts: { maxTurns?: number | undefined; maxBudgetUsd?: number | undefined }): void {
    switch (this.format) {
      case 'stream-json':
        this.emit(result);
        return;
      case 'json':
        if (this.verbose) {
          this.collected.push(result);
          this.out.write(`${JSON.stringify(this.collected)}\n`);
        } else this.out.write(`${JSON.stringify(result)}\n`);
        return;
      default: {
        const subtype = String(result.subtype);
        if (subtype === 'success') {
          // resultMessage always gives a success result a string `result` ('' when there was none)
          const text = typeof result.result === 'string' ? result.result : '';
          this.out.write(text.endsWith('\n') ? text : `${text}\n`);
        } else this.out.write(textForErrorSubtype(subtype, opts));
      }
    }
  }
}
