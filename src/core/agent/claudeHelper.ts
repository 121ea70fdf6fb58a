// claudeHelper<T>: a typed question to Claude with a structured answer (FR-050…054).
// - The answer's shape is a zod schema, sent as JSON Schema through --json-schema and checked with
//   safeParse; an invalid answer is repaired once by resuming the same session with the errors.
// - Decision calls are read-only: the helper itself restricts tools to Read, Grep and Glob.
// - Every call has a budget (--max-budget-usd) and a timeout; the running total is kept by the caller's
//   tracker (the engine's state, or a plain counter).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import type { ZodType } from 'zod';
import type { AgentActivity } from './agentActivity';
import { spawnAgent } from './agentProcess';
import { buildClaudeArgs, type ClaudeInvocation } from './claudeArgs';
import { classifyOutcome, type ClassifiedOutcome } from './classifyOutcome';

export const READ_ONLY_TOOLS = ['Read', 'Grep', 'Glob'] as const;

export type HelperErrorType = 'schema_validation_failed' | 'budget_exceeded' | 'timeout' | 'process_failed' | 'invalid_session' | 'rate_limited';

export type ClaudeHelperResult<T> =
  | { ok: true; result: T; sessionId: string; costUsd: number; durationMs: number; turns: number; model: string; repaired: boolean }
  | { ok: false; error: HelperErrorType; message: string; costUsd: number; durationMs: number; sessionId?: string };

/** What running one CLI call produced; the default spawns `claude`, the engine records it as a run. */
export interface HelperCallOutcome {
  classified: ClassifiedOutcome;
  activity: AgentActivity;
  durationMs: number;
  timedOut: boolean;
  stderrTail: string;
}

export type HelperInvoker = (invocation: ClaudeInvocation, timeoutMs: number) => Promise<HelperCallOutcome>;

export interface ClaudeHelperOptions<T> {
  prompt: string;
  schema: ZodType<T>;
  /** Resume this session (forked, so the original conversation is left untouched). */
  sessionId?: string;
  forkSession?: boolean;
  /** Subset of Read, Grep, Glob (default: all three). Anything else is refused. */
  tools?: readonly string[];
  model?: string;
  fallbackModel?: string;
  maxBudgetUsd: number;
  timeoutMs?: number;
  /** Running total across calls; a call that would pass `limitUsd` is not made. */
  tracker?: { spentUsd: number; limitUsd?: number };
  invoke?: HelperInvoker;
  /** For the default invoker. */
  claudePath?: string;
  cwd?: string;
  env?: Record<string, string>;
}

export function readOnlyTools(requested: readonly string[] | undefined): string[] {
  const tools = requested ?? READ_ONLY_TOOLS;
  const refused = tools.filter((t) => !(READ_ONLY_TOOLS as readonly string[]).includes(t));
  if (refused.length) throw new Error(`claudeHelper decision calls are read-only; refused tools: ${refused.join(', ')}`);
  return [...tools];
}

export function jsonSchemaOf(schema: ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function defaultInvoker(opts: { claudePath?: string; cwd?: string; env?: Record<string, string> }): HelperInvoker {
  return async (invocation, timeoutMs) => {
    if (!opts.claudePath || !opts.cwd) throw new Error('claudeHelper needs claudePath and cwd (or an invoke function)');
    const dir = mkdtempSync(join(tmpdir(), 'specflow-helper-'));
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const outcome = await spawnAgent({
        claudePath: opts.claudePath,
        cwd: opts.cwd,
        args: buildClaudeArgs(invocation),
        ...(opts.env ? { env: opts.env } : {}),
        executionId: 'helper',
        logPath: join(dir, 'run.jsonl'),
        stderrPath: join(dir, 'run.stderr.log'),
        staleAfterMs: timeoutMs,
        signal,
      });
      return {
        classified: classifyOutcome(outcome),
        activity: outcome.activity,
        durationMs: outcome.durationMs,
        timedOut: signal.aborted,
        stderrTail: outcome.stderrTail,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function errorFor(o: HelperCallOutcome): { error: HelperErrorType; message: string } {
  if (o.timedOut || o.classified.kind === 'cancelled' || o.classified.kind === 'stale') return { error: 'timeout', message: 'the decision call timed out' };
  if (/No conversation found/i.test(o.stderrTail)) return { error: 'invalid_session', message: o.stderrTail.split('\n')[0]! };
  if (o.classified.kind === 'budget') return { error: 'budget_exceeded', message: o.classified.message };
  if (o.classified.kind === 'transient') return { error: 'rate_limited', message: o.classified.message };
  if (o.activity.result?.subtype === 'error_max_structured_output_retries') return { error: 'schema_validation_failed', message: o.classified.message };
  return { error: 'process_failed', message: o.classified.message };
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function helperInvocation<T>(options: ClaudeHelperOptions<T>, prompt: string, budget: number, session: { id?: string; fork: boolean }): ClaudeInvocation {
  const tools = readOnlyTools(options.tools);
  return {
    prompt,
    tools,
    allowedTools: tools,
    permissionMode: 'default',
    jsonSchema: jsonSchemaOf(options.schema),
    maxBudgetUsd: budget,
    ...(options.model ? { model: options.model } : {}),
    ...(options.fallbackModel && options.fallbackModel !== options.model ? { fallbackModel: options.fallbackModel } : {}),
    ...(session.id ? { resume: session.id, forkSession: session.fork } : {}),
  };
}

export async function claudeHelper<T>(options: ClaudeHelperOptions<T>): Promise<ClaudeHelperResult<T>> {
  readOnlyTools(options.tools); // refuses anything but Read, Grep, Glob before any call
  const timeoutMs = options.timeoutMs ?? 120_000;
  const invoke = options.invoke ?? defaultInvoker(options);
  let costUsd = 0;
  let durationMs = 0;
  let sessionId = options.sessionId;
  let prompt = options.prompt;
  let fork = options.forkSession ?? Boolean(options.sessionId);
  for (let attempt = 0; attempt < 2; attempt++) {
    const left = options.tracker?.limitUsd !== undefined ? options.tracker.limitUsd - options.tracker.spentUsd : Infinity;
    const budget = Math.min(options.maxBudgetUsd, left);
    if (budget <= 0) return { ok: false, error: 'budget_exceeded', message: 'no budget left for a decision call', costUsd, durationMs };
    const o = await invoke(helperInvocation(options, prompt, budget, { ...(sessionId ? { id: sessionId } : {}), fork }), timeoutMs);
    costUsd += o.classified.costUsd;
    durationMs += o.durationMs;
    if (options.tracker) options.tracker.spentUsd += o.classified.costUsd;
    if (o.activity.sessionId) sessionId = o.activity.sessionId;
    if (o.classified.kind !== 'success') return { ok: false, ...errorFor(o), costUsd, durationMs, ...(sessionId ? { sessionId } : {}) };
    const r = o.activity.result!;
    const answer = r.structured_output ?? tryJson(r.result);
    const parsed = options.schema.safeParse(answer);
    if (parsed.success) {
      return {
        ok: true,
        result: parsed.data,
        sessionId: sessionId ?? '',
        costUsd,
        durationMs,
        turns: r.num_turns ?? 0,
        model: o.activity.model ?? options.model ?? '',
        repaired: attempt > 0,
      };
    }
    if (attempt === 1 || !sessionId) {
      return {
        ok: false,
        error: 'schema_validation_failed',
        message: `the answer did not match the schema: ${issuesText(parsed.error)}`,
        costUsd,
        durationMs,
        ...(sessionId ? { sessionId } : {}),
      };
    }
    // Repair once, in the same conversation, with the exact problems.
    prompt = `SpecFlow decision: your answer did not match the required schema (${issuesText(parsed.error)}). Answer again with the StructuredOutput tool, following the schema exactly.`;
    fork = false;
  }
  /* c8 ignore next */
  return { ok: false, error: 'schema_validation_failed', message: 'unreachable', costUsd, durationMs };
}

function tryJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
