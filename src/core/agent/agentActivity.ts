// What an agent run has done so far, folded from its stream-json events. It feeds the outcome (session,
// result, tool errors for the healer) and the live "agent activity" in the progress display.
import { parseStreamLine, toolTarget, type AgentEvent, type InitEvent, type RateLimitInfo, type ResultEvent } from './streamEvents';

const MAX_TOOL_ERRORS = 10;
const MAX_FILES = 12;

export interface AgentActivity {
  sessionId?: string;
  init?: InitEvent;
  model?: string;
  currentTool?: { name: string; target?: string };
  lastAssistantText?: string;
  recentFiles: string[];
  toolErrors: string[];
  toolCalls: number;
  retries: number;
  lastRetry?: { attempt?: number; errorStatus?: number | null; error?: string };
  modelFallback?: { from?: string; to?: string };
  /** The last usage-window event: a rejection at the limit, or a warning that it is nearly spent. */
  rateLimit?: RateLimitInfo;
  result?: ResultEvent;
  lines: number;
}

export function emptyActivity(): AgentActivity {
  return { recentFiles: [], toolErrors: [], toolCalls: 0, retries: 0, lines: 0 };
}

export function applyEvent(a: AgentActivity, e: AgentEvent): void {
  switch (e.type) {
    case 'init':
      a.init = e.init;
      a.sessionId = e.init.session_id;
      if (e.init.model) a.model = e.init.model;
      break;
    case 'text':
      a.lastAssistantText = e.text.slice(0, 2000);
      break;
    case 'tool_use': {
      a.toolCalls++;
      const target = toolTarget(e.input);
      a.currentTool = { name: e.name, ...(target ? { target } : {}) };
      if (target && ['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit'].includes(e.name)) {
        a.recentFiles = [target, ...a.recentFiles.filter((f) => f !== target)].slice(0, MAX_FILES);
      }
      break;
    }
    case 'tool_result':
      if (e.isError) a.toolErrors = [...a.toolErrors, e.content.slice(0, 1000)].slice(-MAX_TOOL_ERRORS);
      break;
    case 'api_retry':
      a.retries++;
      a.lastRetry = {
        ...(e.attempt !== undefined ? { attempt: e.attempt } : {}),
        ...(e.errorStatus !== undefined ? { errorStatus: e.errorStatus } : {}),
        ...(e.error ? { error: e.error } : {}),
      };
      break;
    case 'model_fallback':
      a.modelFallback = { ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}) };
      if (e.to) a.model = e.to;
      break;
    case 'rate_limit':
      a.rateLimit = e.limit;
      break;
    case 'result':
      a.result = e.result;
      if (e.result.session_id) a.sessionId = e.result.session_id;
      a.currentTool = undefined;
      break;
  }
}

/** Folds a whole log (e.g. one written while nobody watched). */
export function activityFromLog(text: string): AgentActivity {
  const a = emptyActivity();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    a.lines++;
    for (const e of parseStreamLine(line)) applyEvent(a, e);
  }
  return a;
}
