// The output side of an agent session: every model turn and tool call as the real CLI prints it (assistant
// text/tool_use lines, user tool_result lines, partial-message events) and as its transcript records it, with the
// --max-turns and --max-budget-usd limits. AgentSession (agent.ts) adds the tools on top.
import { randomUUID } from 'node:crypto';
import type { CliArgs } from './args';
import { apiModelName, MESSAGES, type PermissionMode } from './constants';
import type { ContentBlock, Json, PermissionDenial, ResultSubtype } from './output';
import { assistantMessage, systemMessage, toolResultMessage } from './output';
import type { PermissionPolicy } from './permissions';
import type { SpecFlowRequest } from './request';
import type { Transcript } from './sessions';
import type { SlashResolution } from './skills';

/** Thrown to end a run early with an error result (budget, max turns, …). */
export class RunStop extends Error {
  constructor(
    readonly subtype: Exclude<ResultSubtype, 'success'>,
    readonly errors: string[],
    readonly terminalReason?: string,
  ) {
    super(errors.join('; '));
  }
}

export interface AgentSessionInit {
  cwd: string;
  env: NodeJS.ProcessEnv;
  args: CliArgs;
  prompt: string;
  command: SlashResolution;
  /** What the model would receive (the expanded command body, or the prompt). */
  expandedPrompt: string;
  request: SpecFlowRequest;
  sessionId: string;
  permissionMode: PermissionMode;
  policy: PermissionPolicy;
  tools: string[];
  jsonSchema: unknown;
  model: string;
  emit: (message: Json) => void;
  transcript: Transcript;
  partialMessages: boolean;
}

export class SessionStream {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly args: CliArgs;
  readonly prompt: string;
  readonly command: SlashResolution;
  readonly expandedPrompt: string;
  readonly request: SpecFlowRequest;
  readonly sessionId: string;
  readonly permissionMode: PermissionMode;
  readonly jsonSchema: unknown;
  readonly tools: string[];
  model: string;

  costUsd = 0;
  numTurns = 0;
  apiMs = 0;
  readonly permissionDenials: PermissionDenial[] = [];
  structured: { value: unknown } | undefined;
  lastText = '';
  /** ms from the session's creation to its first assistant message. */
  firstMessageMs: number | undefined;
  private readonly createdAt = Date.now();

  private readonly emitLine: (message: Json) => void;
  private readonly transcript: Transcript;
  private readonly partial: boolean;
  private current: { id: string; requestId: string; blocks: number; lastUuid: string } | undefined;

  constructor(init: AgentSessionInit) {
    this.cwd = init.cwd;
    this.env = init.env;
    this.args = init.args;
    this.prompt = init.prompt;
    this.command = init.command;
    this.expandedPrompt = init.expandedPrompt;
    this.request = init.request;
    this.sessionId = init.sessionId;
    this.permissionMode = init.permissionMode;
    this.jsonSchema = init.jsonSchema;
    this.tools = init.tools;
    this.model = init.model;
    this.emitLine = init.emit;
    this.transcript = init.transcript;
    this.partial = init.partialMessages;
  }

  /** Emit any message line (e.g. `system/model_fallback`, `system/api_retry`). */
  emit(message: Json): void {
    this.emitLine(message);
  }

  emitSystem(subtype: string, fields: Json): void {
    this.emitLine(systemMessage(subtype, fields, this.sessionId));
  }

  /** Add cost for a model call; ends the run with error_max_budget_usd once over --max-budget-usd. */
  spend(usd: number): void {
    this.costUsd = Math.round((this.costUsd + usd) * 1e9) / 1e9;
    this.apiMs += 40;
    const max = this.args.maxBudgetUsd;
    if (max !== undefined && this.costUsd > max) {
      this.closeMessage('end_turn');
      throw new RunStop('error_max_budget_usd', [MESSAGES.budgetReached(max)]);
    }
  }

  sleep(ms: number): Promise<void> {
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
  }

  private streamEvent(event: Json): void {
    if (!this.partial) return;
    this.emitLine({ type: 'stream_event', event, session_id: this.sessionId, parent_tool_use_id: null, uuid: randomUUID() });
  }

  /** Start a new API message (one model call = one turn). */
  private beginMessage(): void {
    this.closeMessage('tool_use');
    const maxTurns = this.args.maxTurns;
    if (maxTurns !== undefined && Number.isFinite(maxTurns) && maxTurns > 0 && this.numTurns >= maxTurns) {
      this.numTurns++;
      throw new RunStop('error_max_turns', [MESSAGES.maxTurnsReached(maxTurns)], 'max_turns');
    }
    this.numTurns++;
    this.firstMessageMs ??= Date.now() - this.createdAt;
    this.current = {
      id: `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      requestId: `req_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      blocks: 0,
      lastUuid: '',
    };
    if (this.partial) {
      this.emitLine(systemMessage('status', { status: 'requesting' }, this.sessionId));
      this.streamEvent({
        type: 'message_start',
        message: {
          id: this.current.id,
          type: 'message',
          role: 'assistant',
          model: apiModelName(this.model),
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 100, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        },
      });
    }
  }

  /** Finish the open API message (partial-message events only). */
  closeMessage(stopReason: string): void {
    if (!this.current) return;
    this.streamEvent({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 20 } });
    this.streamEvent({ type: 'message_stop' });
    this.current = undefined;
  }

  private addBlock(block: ContentBlock, stopReason: string): string {
    if (!this.current) this.beginMessage();
    const cur = this.current!;
    const index = cur.blocks++;
    if (this.partial) {
      this.streamEvent({
        type: 'content_block_start',
        index,
        content_block: block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      this.streamEvent({
        type: 'content_block_delta',
        index,
        delta: block.type === 'text' ? { type: 'text_delta', text: block.text } : { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    const line = assistantMessage({
      messageId: cur.id,
      model: apiModelName(this.model),
      block,
      sessionId: this.sessionId,
      requestId: cur.requestId,
    });
    this.emitLine(line);
    this.streamEvent({ type: 'content_block_stop', index });
    const message = { ...(line.message as Json), stop_reason: stopReason };
    cur.lastUuid = this.transcript.entry({ type: 'assistant', message, requestId: cur.requestId, uuid: line.uuid });
    if (block.type === 'text') this.lastText = block.text;
    return cur.lastUuid;
  }

  /** An assistant text block as a new model turn. */
  say(text: string): void {
    this.beginMessage();
    this.addBlock({ type: 'text', text }, 'end_turn');
  }

  protected toolCall(name: string, input: Json, preface: string | undefined): { id: string; assistantUuid: string } {
    this.beginMessage();
    if (preface) this.addBlock({ type: 'text', text: preface }, 'tool_use');
    const id = `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    const assistantUuid = this.addBlock({ type: 'tool_use', id, name, input }, 'tool_use');
    this.closeMessage('tool_use');
    return { id, assistantUuid };
  }

  protected toolResult(call: { id: string; assistantUuid: string }, content: string, isError: boolean, toolUseResult: unknown): void {
    const line = toolResultMessage({ toolUseId: call.id, content, isError, toolUseResult, sessionId: this.sessionId });
    this.emitLine(line);
    this.transcript.entry({
      type: 'user',
      message: line.message,
      toolUseResult,
      sourceToolAssistantUUID: call.assistantUuid,
      uuid: line.uuid,
    });
  }
}
