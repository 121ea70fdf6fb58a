// What the progress display shows of an agent at work, built the same way for the panel (the extension host) and
// for the HTTP API's events (src/server).
import type { AgentActivity } from '../core/agent/agentActivity';
import type { AgentRun } from '../core/model/execution';
import type { ActivityView } from './messages';

export function activityView(run: Pick<AgentRun, 'executionId' | 'kind'>, a: AgentActivity): ActivityView {
  return {
    executionId: run.executionId,
    kind: run.kind,
    ...(a.model ? { model: a.model } : {}),
    ...(a.currentTool ? { currentTool: a.currentTool } : {}),
    recentFiles: a.recentFiles,
    ...(a.lastAssistantText ? { lastAssistantText: a.lastAssistantText } : {}),
    toolCalls: a.toolCalls,
    simulated: /simulated/i.test(a.init?.claude_code_version ?? '') || a.model === 'simulated',
  };
}
