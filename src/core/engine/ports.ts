// What the engine needs from the outside world, as ports: the clock it waits on and the agent processes
// it spawns or re-attaches to. The real ones are below; engine tests pass a fake clock and a fake agent
// port, so a state-machine case runs in milliseconds in-process.
import { attachAgent, spawnAgent, type AgentOutcome, type AttachOptions, type SpawnOptions } from '../agent/agentProcess';
import { findProcessesByEnv, isProcessAlive, processStartTime } from '../process/processInfo';
import { EXECUTION_ENV } from '../agent/agentProcess';
import { abortableSleep } from './stops';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with CancelStop when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface AgentPort {
  spawn(opts: SpawnOptions): Promise<AgentOutcome>;
  attach(opts: AttachOptions): Promise<AgentOutcome>;
  isAlive(pid: number, startTime?: string): boolean;
  /** Agents carrying this execution id in their environment (spawned, never recorded). */
  findByMarker(executionId: string): number[];
  startTime(pid: number): string | undefined;
}

export interface EngineLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};

export const processAgents: AgentPort = {
  spawn: spawnAgent,
  attach: attachAgent,
  isAlive: isProcessAlive,
  findByMarker: (id) => findProcessesByEnv(EXECUTION_ENV, id),
  startTime: processStartTime,
};
