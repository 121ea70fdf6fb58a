// What an agent run's ending means for the engine. Pure: the facts come from the outcome (exit code,
// signal, the result line) and the traps of the real CLI (claude-cli.md §5, §6):
// - an unknown /skill is exit 0 with result "Unknown command: /x";
// - API and auth failures are subtype "success" with is_error true;
// - SIGTERM is exit 143 with no result line, SIGINT exit 0 with no result line.
import type { AgentOutcome } from './agentProcess';
import type { ResultEvent } from './streamEvents';
import { limitLabel, usageLimitOf, type UsageLimit } from './usageLimit';

export type OutcomeKind = 'success' | 'unknown_skill' | 'transient' | 'budget' | 'model_unavailable' | 'error' | 'crashed' | 'stale' | 'cancelled';

export interface ClassifiedOutcome {
  kind: OutcomeKind;
  /** One sentence for the decision log, the notification and the healer. */
  message: string;
  costUsd: number;
  /** Whether a healer has a chance: not for auth, budget, missing skills or cancellations. */
  healable: boolean;
  /** For transient failures: when to try again, if the CLI told us (usage limit reset). */
  retryAt?: number;
  transientReason?: 'rate_limit' | 'usage_limit' | 'overloaded' | 'server_error' | 'network';
  /** A subscriber's usage limit: a wait until it resets, never a failure or a heal. */
  limit?: UsageLimit;
  missingSkill?: string;
}

const TRANSIENT_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

function firstLine(text: string | undefined, max = 300): string {
  const line = (text ?? '').trim().split('\n')[0] ?? '';
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}

export function classifyTransient(text: string, status: number | null | undefined): ClassifiedOutcome['transientReason'] | undefined {
  if (status === 429 || /\b429\b|rate.?limit/i.test(text)) return 'rate_limit';
  if (status === 529 || /overloaded|\b529\b/i.test(text)) return 'overloaded';
  if ((status && TRANSIENT_STATUSES.has(status)) || /\b50[0234]\b|server-side issue|internal server error/i.test(text)) return 'server_error';
  if (/unable to connect|connection (refused|reset|error)|ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|socket hang up|request timed out|network/i.test(text))
    return 'network';
  return undefined;
}

function unknownSkill(skill: string, detail: string, costUsd: number): ClassifiedOutcome {
  return {
    kind: 'unknown_skill',
    message: `claude does not know the skill ${skill} (${detail}): install it in .claude/commands or .claude/skills, or pick another skill profile`,
    costUsd,
    healable: false,
    missingSkill: skill,
  };
}

/** No result line: the process crashed, was killed, or is gone. */
function noResult(o: AgentOutcome, costUsd: number): ClassifiedOutcome {
  const how = o.signal
    ? `was killed by ${o.signal}`
    : o.exitCode === 143
      ? 'was terminated (SIGTERM, exit 143)'
      : o.exitCode === null
        ? 'is gone'
        : `exited with code ${o.exitCode}`;
  const why = firstLine(o.stderrTail) || firstLine(o.activity.toolErrors.at(-1));
  return { kind: 'crashed', message: `the agent ${how} without a result${why ? `: ${why}` : ''}`, costUsd, healable: true };
}

function limitOutcome(limit: UsageLimit, costUsd: number): ClassifiedOutcome {
  return {
    kind: 'transient',
    message: `${limitLabel(limit.type)}: ${firstLine(limit.text)}`,
    costUsd,
    healable: false,
    transientReason: 'usage_limit',
    limit,
    ...(limit.resetsAt ? { retryAt: limit.resetsAt } : {}),
  };
}

/** A result line that is not a success: budget, model, usage limit, transient API trouble, auth, or the agent's own error. */
function failedResult(o: AgentOutcome, r: ResultEvent, text: string, costUsd: number, now: number): ClassifiedOutcome {
  const limit = usageLimitOf(text, o.activity.rateLimit, now);
  if (limit) return limitOutcome(limit, costUsd);
  const status = r.api_error_status ?? null;
  if (status === 404 && /model/i.test(text)) {
    return { kind: 'model_unavailable', message: `the model is not available: ${firstLine(text)}`, costUsd, healable: false };
  }
  const transient = classifyTransient(text, status);
  if (transient && r.subtype === 'success') {
    return { kind: 'transient', message: `${transient.replace('_', ' ')}: ${firstLine(text)}`, costUsd, healable: false, transientReason: transient };
  }
  if (status === 401 || status === 403 || /not logged in|invalid api key|authenticat|credit balance|billing/i.test(text)) {
    return { kind: 'error', message: `claude cannot authenticate: ${firstLine(text)}`, costUsd, healable: false };
  }
  // An API error comes as subtype "success" with is_error: its text is the error itself.
  const message =
    r.subtype === 'success'
      ? firstLine(text) || 'the agent ended with an error and no message'
      : `the agent reported an error (${r.subtype}): ${firstLine(text)}`;
  return { kind: 'error', message, costUsd, healable: true };
}

export function classifyOutcome(o: AgentOutcome, now = Date.now()): ClassifiedOutcome {
  const r = o.activity.result;
  const costUsd = r?.total_cost_usd ?? 0;
  if (o.missingSkill) return unknownSkill(o.missingSkill, "it is not in the session's slash commands", costUsd);
  if (o.cancelled) return { kind: 'cancelled', message: 'the agent was cancelled', costUsd, healable: false };
  if (o.stale) return { kind: 'stale', message: 'the agent printed nothing for too long and was stopped (stale)', costUsd, healable: true };
  if (!r) return noResult(o, costUsd);
  const text = r.result ?? (r.errors ?? []).join('; ');
  if (r.subtype === 'error_max_budget_usd') {
    return { kind: 'budget', message: `the agent hit its budget: ${firstLine(text) || 'error_max_budget_usd'}`, costUsd, healable: false };
  }
  if (!r.is_error && r.subtype === 'success') {
    const unknown = text.match(/^Unknown (?:command|skill): (\/\S+)/);
    if (unknown) return unknownSkill(unknown[1]!, `"${firstLine(text)}"`, costUsd);
    // exit 0 was expected; a non-zero exit with a clean result is still a success of the run itself
    return { kind: 'success', message: firstLine(text) || 'the agent finished', costUsd, healable: false };
  }
  return failedResult(o, r, text, costUsd, now);
}
