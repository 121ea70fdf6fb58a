// Facts about the real `claude` CLI (2.1.197) that the compatible executables reproduce.
// Source: /work/shared/reference/claude-cli.md and runs of the real binary.

/** The version we imitate; `--version` prints `${CLAUDE_CODE_VERSION} (Claude Code)`. */
export const CLAUDE_CODE_VERSION = '2.1.197';

/** Default model as the real CLI reports it in `system/init` and `modelUsage`, and as it sends it to the API. */
export const DEFAULT_MODEL_DISPLAY = 'claude-opus-4-8[1m]';

/** Aliases the real CLI resolves (observed: sonnet, haiku; opus is the default). */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  opus: 'claude-opus-4-8[1m]',
  sonnet: 'claude-sonnet-5',
  haiku: 'claude-haiku-4-5-20251001',
  fable: 'claude-fable-5',
};

/** The model name as it appears in `assistant.message.model` (the `[1m]` context suffix is dropped). */
export function apiModelName(displayModel: string): string {
  return displayModel.replace(/\[[^\]]*\]$/, '');
}

export function resolveModelAlias(model: string): string {
  return MODEL_ALIASES[model] ?? model;
}

/** `system/init.tools` of a default session with an API key (observed). */
export const DEFAULT_TOOLS: readonly string[] = [
  'Task',
  'Bash',
  'CronCreate',
  'CronDelete',
  'CronList',
  'Edit',
  'EnterWorktree',
  'ExitWorktree',
  'Glob',
  'Grep',
  'NotebookEdit',
  'Read',
  'ReportFindings',
  'ScheduleWakeup',
  'SendMessage',
  'Skill',
  'TaskCreate',
  'TaskGet',
  'TaskList',
  'TaskOutput',
  'TaskStop',
  'TaskUpdate',
  'WebFetch',
  'WebSearch',
  'Workflow',
  'Write',
];

/** Built-in skills listed in `system/init.skills` (and at the front of `slash_commands` after project commands). */
export const BUILTIN_SKILLS: readonly string[] = [
  'deep-research',
  'update-config',
  'verify',
  'debug',
  'code-review',
  'simplify',
  'batch',
  'fewer-permission-prompts',
  'loop',
  'claude-api',
  'run',
  'run-skill-generator',
];

/** Built-in (local) commands listed after the skills in `slash_commands`. */
export const BUILTIN_COMMANDS: readonly string[] = [
  'clear',
  'compact',
  'config',
  'context',
  'heapdump',
  'init',
  'reload-skills',
  'review',
  'security-review',
  'usage',
  'insights',
  'goal',
  'team-onboarding',
];

export const BUILTIN_AGENTS: readonly string[] = ['claude', 'Explore', 'general-purpose', 'Plan', 'statusline-setup'];

/** Sub-commands of the real program. A first operand equal to one of these (before `--`) dispatches it. */
export const SUBCOMMANDS: readonly string[] = [
  'agents',
  'auth',
  'auto-mode',
  'doctor',
  'gateway',
  'install',
  'mcp',
  'plugin',
  'plugins',
  'project',
  'setup-token',
  'ultrareview',
  'update',
  'upgrade',
];

export const PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

export const OUTPUT_FORMATS = ['text', 'json', 'stream-json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Price used to turn a dollar cost into plausible token counts ($5/M input, $25/M output, the default model's). */
export const INPUT_PRICE_PER_TOKEN = 5e-6;
export const OUTPUT_PRICE_PER_TOKEN = 25e-6;
export const CONTEXT_WINDOW = 1_000_000;
export const MAX_OUTPUT_TOKENS = 64_000;

/** Exact error texts of the real CLI (stderr unless noted). */
export const MESSAGES = {
  noInput: 'Error: Input must be provided either through stdin or as a prompt argument when using --print',
  streamJsonNeedsVerbose: 'Error: When using --print, --output-format=stream-json requires --verbose',
  inputFormatNeedsStreamJson: 'Error: --input-format=stream-json requires output-format=stream-json.',
  invalidSessionId: 'Error: Invalid session ID. Must be a valid UUID.',
  sessionIdInUse: (id: string) => `Error: Session ID ${id} is already in use.`,
  sessionIdWithResume: 'Error: --session-id can only be used with --continue or --resume if --fork-session is also specified.',
  noConversation: (id: string) => `No conversation found with session ID: ${id}`,
  resumeNeedsValue: 'Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>',
  resumeNotFoundTitle: (v: string) =>
    `Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>. Provided value "${v}" is not a UUID and does not match any session title.`,
  rootBypass: '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons',
  budgetInvalid: 'error: --max-budget-usd must be a positive number greater than 0',
  jsonSchemaInvalid: (detail: string) => `Error: --json-schema is not valid JSON: ${detail}`,
  stdinTimeout:
    'Warning: no stdin data received in 3s, proceeding without it. If piping from a slow command, redirect stdin explicitly: < /dev/null to skip, or wait longer.',
  unknownCommand: (name: string, suggestion?: string) => (suggestion ? `Unknown command: /${name}. Did you mean /${suggestion}?` : `Unknown command: /${name}`),
  budgetReached: (max: number) => `Reached maximum budget ($${max})`,
  maxTurnsReached: (n: number) => `Reached maximum number of turns (${n})`,
  structuredRetries: 'Failed to provide valid structured output after 5 attempts',
  permissionWrite: (path: string) => `Claude requested permissions to write to ${path}, but you haven't granted it yet.`,
  permissionTool: (tool: string) => `Claude requested permissions to use ${tool}, but you haven't granted it yet.`,
  planModeWrite: (path: string) => `Cannot write to ${path} while in plan mode.`,
  dontAsk: (tool: string) =>
    `Permission to use ${tool} has been denied because Claude Code is running in don't ask mode. IMPORTANT: You *may* attempt to accomplish this action using other tools that might naturally be used to accomplish this goal.`,
  fileNotRead: '<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>',
  editUpdated: (path: string) => `The file ${path} has been updated successfully. (file state is current in your context — no need to Read it back)`,
  writeCreated: (path: string) => `File created successfully at: ${path} (file state is current in your context — no need to Read it back)`,
  writeUpdated: (path: string) => `The file ${path} has been updated successfully. (file state is current in your context — no need to Read it back)`,
  structuredOk: 'Structured output provided successfully',
  noSuchTool: (tool: string) => `<tool_use_error>Error: No such tool available: ${tool}</tool_use_error>`,
} as const;

/** Text-mode output for error subtypes (written with no trailing newline, like the real CLI). */
export function textForErrorSubtype(subtype: string, opts: { maxTurns?: number | undefined; maxBudgetUsd?: number | undefined }): string {
  switch (subtype) {
    case 'error_max_turns':
      return `Error: Reached max turns (${opts.maxTurns})`;
    case 'error_max_budget_usd':
      return `Error: Exceeded USD budget (${opts.maxBudgetUsd})`;
    case 'error_max_structured_output_retries':
      return 'Error: Failed to provide valid structured output after maximum retries';
    default:
      return 'Execution error';
  }
}
