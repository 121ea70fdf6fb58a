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
  /** The batch unit (a wave group or a serial part) the call works on; part of the call's slot. */
  unit?: number;
  /** Where the agent runs when not in the project's own tree (a group's worktree). */
  cwd?: string;
  /** The share of the batch's and the run's remaining budget this call may use (1 / the groups running at once). */
  budgetShare?: number;
}

export interface CallResult {
  run: AgentRun;
  outcome: ClassifiedOutcome;
  activity: AgentActivity;
}

export type CallAgent = (spec: CallSpec) => Promise<CallResult>;
