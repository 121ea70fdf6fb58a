// The argv for one `claude -p` run. Every option is written `--flag=value` and the prompt comes after
// `--`: the variadic flags (--allowedTools, --tools, --add-dir…) would otherwise swallow the prompt
// (claude-cli.md §4), and a prompt that starts with "-" would be read as an option.

export interface ClaudeInvocation {
  prompt: string;
  model?: string;
  fallbackModel?: string;
  permissionMode?: string;
  allowedTools?: readonly string[];
  /** Restricts the built-in tool set (decision calls: Read, Grep, Glob). */
  tools?: readonly string[];
  disallowedTools?: readonly string[];
  maxBudgetUsd?: number;
  resume?: string;
  forkSession?: boolean;
  sessionId?: string;
  jsonSchema?: unknown;
  appendSystemPrompt?: string;
  maxTurns?: number;
  noSessionPersistence?: boolean;
  /** stream-json (default) for supervised runs. */
  outputFormat?: 'stream-json' | 'json';
}

/** Dollars as the CLI wants them: positive, at most 4 decimals, never rounded up past what is left. */
export function formatUsd(usd: number): string {
  const floored = Math.floor(usd * 10_000) / 10_000;
  return String(Math.max(floored, 0.0001));
}

export function buildClaudeArgs(inv: ClaudeInvocation): string[] {
  const format = inv.outputFormat ?? 'stream-json';
  const args = ['-p', `--output-format=${format}`];
  // stream-json under -p fails without --verbose (claude-cli.md §4)
  if (format === 'stream-json') args.push('--verbose');
  if (inv.model) args.push(`--model=${inv.model}`);
  if (inv.fallbackModel && inv.fallbackModel !== inv.model) args.push(`--fallback-model=${inv.fallbackModel}`);
  if (inv.permissionMode) args.push(`--permission-mode=${inv.permissionMode}`);
  if (inv.tools) args.push(`--tools=${inv.tools.join(',')}`);
  if (inv.allowedTools?.length) args.push(`--allowedTools=${inv.allowedTools.join(',')}`);
  if (inv.disallowedTools?.length) args.push(`--disallowedTools=${inv.disallowedTools.join(',')}`);
  if (inv.maxBudgetUsd !== undefined) args.push(`--max-budget-usd=${formatUsd(inv.maxBudgetUsd)}`);
  if (inv.maxTurns !== undefined) args.push(`--max-turns=${inv.maxTurns}`);
  if (inv.resume) {
    args.push(`--resume=${inv.resume}`);
    if (inv.forkSession) args.push('--fork-session');
  }
  if (inv.sessionId) args.push(`--session-id=${inv.sessionId}`);
  if (inv.noSessionPersistence) args.push('--no-session-persistence');
  if (inv.jsonSchema !== undefined) args.push(`--json-schema=${JSON.stringify(inv.jsonSchema)}`);
  if (inv.appendSystemPrompt) args.push(`--append-system-prompt=${inv.appendSystemPrompt}`);
  args.push('--', inv.prompt);
  return args;
}
