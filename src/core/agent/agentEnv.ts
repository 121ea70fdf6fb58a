// The environment an agent runs in. Two things make `claude -p` end early or misbehave unattended
// (claude-cli.md §10): background Bash, scheduled wake-ups and cron tools can end a print-mode run with
// exit 0 mid-task, so they are turned off; and a SpecFlow started from inside a Claude Code session
// inherits that session's variables, which must not leak into the agents it spawns (nor may SpecFlow's own
// webhook secret). Pure.

/** Inherited variables that belong to an enclosing Claude Code session. */
function isSessionVariable(name: string): boolean {
  return name.startsWith('CLAUDECODE') || name === 'CLAUDE_CODE_SESSION_ID' || name === 'CLAUDE_CODE_ENTRYPOINT' || name === 'SPECFLOW_NOTIFY_WEBHOOK';
}

export const AGENT_DEFAULTS: Readonly<Record<string, string>> = {
  CLAUDE_CODE_DISABLE_BACKGROUND_TASKS: '1',
  CLAUDE_CODE_DISABLE_CRON: '1',
};

/** `inherited` (the process environment) without session variables, then SpecFlow's defaults, then `extra`
 * (the user's agentEnv and SpecFlow's own markers), which win. */
export function agentEnvironment(inherited: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(inherited)) if (v !== undefined && !isSessionVariable(k)) env[k] = v;
  return { ...env, ...AGENT_DEFAULTS, ...extra };
}
