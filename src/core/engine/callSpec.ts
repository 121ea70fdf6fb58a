// One agent call as the stages ask for it, and what it produced.
import type { AgentActivity } from '../agent/agentActivity';
import type { ClassifiedOutcome } from '../agent/classifyOutcome';
import type { AgentRun } from '../model/execution';
import type { RunKind } from '../model/statuses';

export interface CallSpec {
  kind: RunKind;
  skill?: string;
  batchIndex?: number;
  healAttempt?: number;
  prompt: string;
  resume?: string;
  forkSession?: boolean;
  /** Decision calls: restricted tools, schema, own model. */
  tools?: readonly string[];
  jsonSchema?: unknown;
  model?: string;
  permissionMode?: string;
  allowedTools?: readonly string[];
  /** Decision calls end after this long (reported as cancelled; the helper calls it a timeout). */
  timeoutMs?: number;
  /** This call continues a session that stopped mid-task (at most once per call). */
  continuation?: boolean;
}

export interface CallResult {
  run: AgentRun;
  outcome: ClassifiedOutcome;
  activity: AgentActivity;
}

export type CallAgent = (spec: CallSpec) => Promise<CallResult>;
