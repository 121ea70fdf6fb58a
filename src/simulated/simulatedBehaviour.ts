// The simulated agent: real file work, no AI. It understands SpecFlow's step prompts (design, analyze,
// implement batches, verify, merge, healer runs and decision calls) and does the obvious mechanical thing,
// through the same tools and output lines a real model run would produce. The workers are exported so the
// test fake (test/fixtures/fakeClaude) can reuse them with scripted twists.
import type { AgentOutcome, AgentSession } from './agent';
import type { Behaviour } from './behaviour';
import { CLAUDE_CODE_VERSION } from './constants';
import { decisionValue } from './decisionAnswer';
import { parseFaults, SIMULATED_HELP, type SimulatedFault } from './faults';
import { GATE_WORSE, healGate } from './gateHeal';
import { healConflicts } from './conflictHeal';
import { implementSummary, implementTasks, type ImplementOptions } from './implementTasks';
import { simulateMerge } from './simulatedMerge';
import { simulateAnalyze, simulateDesign, simulateVerify } from './simulatedSteps';

export const SIMULATED_MODEL = 'simulated';
export const SIMULATED_VERSION_LABEL = `${CLAUDE_CODE_VERSION} (simulated, no AI)`;
export const SIMULATED_PREFIX = 'SpecFlow simulated agent (no AI)';

export interface SimulatedOptions {
  /** Pause before each task (default 250 ms; env SPECFLOW_SIMULATED_DELAY_MS). */
  delayMsPerTask: number;
  /** Cost of one task (default $0.01). */
  costPerTaskUsd: number;
  /** Cost of a call that is not an implement batch (default $0.01). */
  costPerCallUsd: number;
  /** Scripted faults (env SPECFLOW_SIMULATED_FAULTS, e.g. "T009:test"; see faults.ts). */
  faults?: SimulatedFault[];
  /** SPECFLOW_SIMULATED_FAULTS entries that were not understood (the implement summary names them). */
  ignoredFaults?: string[];
}

export const DEFAULT_SIMULATED_OPTIONS: SimulatedOptions = { delayMsPerTask: 250, costPerTaskUsd: 0.01, costPerCallUsd: 0.01 };

export function simulatedOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatedOptions {
  const delay = Number(env.SPECFLOW_SIMULATED_DELAY_MS);
  const { faults, ignored } = parseFaults(env.SPECFLOW_SIMULATED_FAULTS);
  return {
    ...DEFAULT_SIMULATED_OPTIONS,
    delayMsPerTask: env.SPECFLOW_SIMULATED_DELAY_MS !== undefined && Number.isFinite(delay) && delay >= 0 ? delay : 250,
    ...(faults.length ? { faults } : {}),
    ...(ignored.length ? { ignoredFaults: ignored } : {}),
  };
}

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** The first assistant text of a simulated turn (says what the agent is about to do, and that it is no AI). */
export function introText(session: AgentSession): string {
  const r = session.request;
  const cmd = session.command;
  const notInstalled = cmd.type === 'none' && r.skill ? ` (/${r.skill} is not installed as a command; treating the prompt as plain text)` : '';
  switch (r.kind) {
    case 'implement':
    case 'heal': {
      const ids = r.tasks.map((t) => t.id).join(', ') || 'none listed';
      const gate = r.kind === 'heal' && GATE_WORSE.test(session.prompt);
      const what = r.kind !== 'heal' ? 'implementing' : gate ? "healer run: SpecFlow's test gate is worse; fixing it first, then" : 'healer run for';
      return `${SIMULATED_PREFIX}: ${what} ${r.tasks.length} task(s) from ${r.tasksFile ?? '(no tasks file)'}: ${ids}${notInstalled}.`;
    }
    case 'design':
      return `${SIMULATED_PREFIX}: writing design documents for ${r.featureDir ?? 'specs/001-feature'}${notInstalled}.`;
    case 'analyze':
      return `${SIMULATED_PREFIX}: analyzing ${r.featureDir ?? '(no feature directory)'}${notInstalled}.`;
    case 'verify':
      return `${SIMULATED_PREFIX}: verifying ${r.tasksFile ?? '(no tasks file)'}${notInstalled}.`;
    case 'merge':
      return `${SIMULATED_PREFIX}: merging${notInstalled}.`;
    case 'decision':
      return `${SIMULATED_PREFIX}: answering a decision (a failed batch is classified from the prompt; anything else gets a minimal valid answer).`;
    default:
      return `${SIMULATED_PREFIX}: no SpecFlow step recognised in the prompt ("${firstLine(session.prompt)}").`;
  }
}

/** Answer for --json-schema calls: a value that satisfies the schema (decisionAnswer.ts). */
export function decisionAnswer(session: AgentSession): unknown {
  return decisionValue(session.prompt, session.jsonSchema);
}

export interface WorkOptions extends SimulatedOptions {
  /** implement/heal: check off only the first N listed tasks. */
  limit?: number;
  afterTask?: ImplementOptions['afterTask'];
}

/** An implement batch or a healer run: a worse test gate first (healer), then the listed tasks. */
async function implementWork(session: AgentSession, opts: WorkOptions): Promise<string> {
  const r = session.request;
  const parts: string[] = [];
  const conflicts = r.kind === 'heal' ? await healConflicts(session) : undefined;
  if (conflicts !== undefined) {
    session.spend(opts.costPerCallUsd);
    return conflicts;
  }
  const gate = r.kind === 'heal' ? await healGate(session) : undefined;
  if (gate !== undefined) {
    session.spend(opts.costPerCallUsd);
    parts.push(gate);
  }
  if (r.tasks.length === 0) {
    if (parts.length) return parts.join('\n');
    session.spend(opts.costPerCallUsd);
    return 'No tasks were listed after "Do ONLY these tasks"; nothing to do.';
  }
  const report = await implementTasks(session, r.tasks, {
    delayMsPerTask: opts.delayMsPerTask,
    costPerTaskUsd: opts.costPerTaskUsd,
    limit: opts.limit,
    afterTask: opts.afterTask,
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  parts.push(implementSummary(report, r.tasks.length));
  if (r.kind === 'implement' && opts.ignoredFaults?.length) {
    parts.push(`Ignored SPECFLOW_SIMULATED_FAULTS entries (expected TASK:test): ${opts.ignoredFaults.join(', ')}.`);
  }
  return parts.join('\n');
}

/** The step's work for the request kind (charging its cost); returns the final report text. */
export async function simulateWork(session: AgentSession, opts: WorkOptions): Promise<string> {
  const r = session.request;
  switch (r.kind) {
    case 'implement':
    case 'heal':
      return implementWork(session, opts);
    case 'design':
      session.spend(opts.costPerCallUsd);
      await session.sleep(opts.delayMsPerTask);
      return simulateDesign(session);
    case 'analyze':
      session.spend(opts.costPerCallUsd);
      await session.sleep(opts.delayMsPerTask);
      return simulateAnalyze(session);
    case 'verify':
      session.spend(opts.costPerCallUsd);
      await session.sleep(opts.delayMsPerTask);
      return simulateVerify(session);
    case 'merge':
      session.spend(opts.costPerCallUsd);
      return simulateMerge(session);
    case 'decision':
      session.spend(opts.costPerCallUsd);
      return '';
    default:
      session.spend(opts.costPerCallUsd);
      return 'The simulated agent only performs SpecFlow steps (design, analyze, implement, verify, merge); no work was done.';
  }
}

/** The whole simulated turn for one prompt (used by the simulated agent and as the fake's default). */
export async function simulateTurn(session: AgentSession, opts: SimulatedOptions): Promise<AgentOutcome> {
  const cmd = session.command;
  if (cmd.type === 'unknown') return { type: 'unknown_command' };
  if (cmd.type === 'found' && cmd.def.source === 'builtin') {
    session.spend(opts.costPerCallUsd);
    session.say(`${SIMULATED_PREFIX}: the built-in /${cmd.name} is not simulated.`);
    return { type: 'success', text: session.lastText };
  }
  session.say(introText(session));
  return finishTurn(session, await simulateWork(session, opts));
}

/** End a turn: with --json-schema answer through StructuredOutput, else a final text message. */
export function finishTurn(session: AgentSession, text: string, structured?: { value: unknown }): AgentOutcome {
  if (session.jsonSchema !== undefined) {
    const value = structured ? structured.value : decisionAnswer(session);
    session.structuredOutput(value);
    return { type: 'success', text: JSON.stringify(value), stopReason: 'tool_use' };
  }
  session.say(text);
  return { type: 'success', text };
}

/** The Behaviour used by dist/simulated-claude.js. */
export function createSimulatedBehaviour(options?: Partial<SimulatedOptions>): Behaviour {
  return {
    versionLabel: SIMULATED_VERSION_LABEL,
    resolveModel: () => SIMULATED_MODEL,
    apiKeySource: () => 'none',
    helpFooter: SIMULATED_HELP,
    run: (session) => simulateTurn(session, { ...simulatedOptionsFromEnv(session.env), ...options }),
  };
}
