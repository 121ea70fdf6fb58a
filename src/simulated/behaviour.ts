// The contract between the CLI-compatible runner and the "model" that decides what to do.
import type { AgentOutcome, AgentSession } from './agent';
import type { Json } from './output';

export interface UsageErrorInfo {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  message: string;
}

export interface FinishInfo {
  exitCode: number;
  result: Json;
  session: AgentSession | undefined;
}

export interface Behaviour {
  /** What `--version` prints before ` (Claude Code)` (default: the imitated CLI version). */
  readonly cliVersion?: string;
  /** Printed after the real CLI's `--help` text (e.g. the simulated agent's environment variables). */
  readonly helpFooter?: string;
  /** `system/init.claude_code_version` (default: the imitated CLI version). */
  readonly versionLabel?: string;
  /** Display model for a requested `--model` (or undefined); default: the real CLI's alias mapping. */
  resolveModel?(requested: string | undefined): string;
  /** `system/init.apiKeySource`. */
  apiKeySource?(env: NodeJS.ProcessEnv): string;
  /** Do the turn's work through the session's tools and say how it ended. */
  run(session: AgentSession): Promise<AgentOutcome>;
  /** The command line was rejected before any work (the error is already on stderr). */
  onUsageError?(info: UsageErrorInfo): void;
  /** SIGTERM/SIGINT arrived; called synchronously right before the process exits. */
  onSignal?(signal: NodeJS.Signals, exitCode: number): void;
  /** The result line has been written. */
  onFinish?(info: FinishInfo): void;
}
