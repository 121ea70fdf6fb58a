// How a behaviour's outcome becomes the result line's facts, with the lines the real CLI prints before the result
// for a local command ("Unknown command") and for an API error (a synthetic assistant message).
import type { AgentOutcome, AgentSession } from './agent';
import { MESSAGES } from './constants';
import { syntheticAssistantMessage, tokensForCost, type OutputSink, type ResultInfo } from './output';
import type { SpecFlowRequest } from './request';
import type { Transcript } from './sessions';
import type { SlashResolution } from './skills';

/** What the turn knows when its behaviour has finished. */
interface FinishedTurn {
  session: AgentSession;
  sessionId: string;
  /** Since the turn started. */
  durationMs: number;
  prompt: string;
  resolution: SlashResolution;
  request: SpecFlowRequest;
  /** The slash command name as typed, if any. */
  skill: string | undefined;
  transcript: Transcript;
  sink: OutputSink;
}

function baseInfo(t: FinishedTurn) {
  const { session, durationMs } = t;
  return {
    durationMs,
    durationApiMs: Math.min(session.apiMs, durationMs),
    sessionId: t.sessionId,
    costUsd: session.costUsd,
    tokens: tokensForCost(session.costUsd),
    modelUsageKey: session.costUsd > 0 || session.numTurns > 0 ? session.model : undefined,
    permissionDenials: session.permissionDenials,
  };
}

function unknownCommandResult(outcome: Extract<AgentOutcome, { type: 'unknown_command' }>, t: FinishedTurn): ResultInfo {
  const { resolution, transcript } = t;
  const text = outcome.message ?? (resolution.type === 'unknown' ? resolution.message : MESSAGES.unknownCommand(t.request.skill ?? t.skill ?? ''));
  transcript.entry({ type: 'system', subtype: 'local_command', content: t.prompt.trim().split(/\s/)[0], level: 'info', isMeta: false });
  transcript.entry({
    type: 'system',
    subtype: 'local_command',
    content: `<local-command-stdout>${text}</local-command-stdout>`,
    level: 'info',
    isMeta: false,
  });
  t.sink.emit(syntheticAssistantMessage(text, t.sessionId));
  return {
    ...baseInfo(t),
    subtype: 'success',
    isError: false,
    numTurns: 0,
    costUsd: 0,
    tokens: { inputTokens: 0, outputTokens: 0 },
    modelUsageKey: undefined,
    result: text,
    stopReason: null,
    localCommand: true,
  };
}

function apiErrorResult(outcome: Extract<AgentOutcome, { type: 'api_error' }>, t: FinishedTurn): ResultInfo {
  const text = outcome.text;
  const synthetic = syntheticAssistantMessage(text, t.sessionId, outcome.error ?? 'unknown');
  t.sink.emit(synthetic);
  t.transcript.entry({ type: 'assistant', message: synthetic.message, isApiErrorMessage: true, uuid: synthetic.uuid });
  return {
    ...baseInfo(t),
    subtype: 'success',
    isError: true,
    numTurns: t.session.numTurns + 1,
    result: text,
    apiErrorStatus: outcome.status,
    stopReason: 'stop_sequence',
  };
}

/** The result line's facts for the outcome (printing what comes before the result, as the real CLI does). */
export function resultInfoFor(outcome: AgentOutcome, t: FinishedTurn): ResultInfo {
  const { session } = t;
  switch (outcome.type) {
    case 'unknown_command':
      return unknownCommandResult(outcome, t);
    case 'api_error':
      return apiErrorResult(outcome, t);
    case 'error':
      return {
        ...baseInfo(t),
        subtype: outcome.subtype,
        isError: true,
        numTurns: Math.max(1, session.numTurns),
        stopReason: outcome.subtype === 'error_max_budget_usd' ? 'end_turn' : outcome.subtype === 'error_max_turns' ? 'tool_use' : null,
        errors: outcome.errors,
        terminalReason: outcome.terminalReason,
      };
    default:
      return {
        ...baseInfo(t),
        subtype: 'success',
        isError: false,
        numTurns: session.numTurns,
        result: outcome.text,
        apiErrorStatus: null,
        stopReason: outcome.stopReason ?? 'end_turn',
        ttftMs: session.firstMessageMs === undefined ? undefined : Math.min(session.firstMessageMs + 25, t.durationMs),
        hasStructuredOutput: session.structured !== undefined,
        structuredOutput: session.structured?.value,
      };
  }
}
