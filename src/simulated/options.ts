// The real `claude` CLI's options (2.1.197: `claude --help` plus the hidden ones found in the bundle), as commander
// declares them, and commander's "Did you mean" suggestion for an unknown one.
import { OUTPUT_FORMATS, PERMISSION_MODES, MESSAGES } from './constants';

type OptionKind = 'flag' | 'value' | 'optional' | 'variadic' | 'repeat';

export interface OptionDef {
  /** Exactly as commander prints it in errors, e.g. `--output-format <format>`. */
  flags: string;
  /** Every spelling that selects the option (`-p`, `--print`, `--allowedTools`, `--allowed-tools`, …). */
  names: string[];
  /** The name used for suggestions (commander's `option.long`). */
  long?: string;
  key: string;
  kind: OptionKind;
  choices?: readonly string[];
  /** Value used by an optional option given without a value (commander "preset"); default `true`. */
  preset?: string;
  /** `--no-x` options store `false`. */
  negate?: boolean;
  hidden?: boolean;
  /** Custom validation; throw CliUsageError with the full message. */
  validate?: (value: string) => unknown;
}

export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

function parseBudget(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CliUsageError(MESSAGES.budgetInvalid);
  return n;
}

function opt(flags: string, kind: OptionKind, extra: Partial<OptionDef> = {}): OptionDef {
  const spellings = flags
    .replace(/\s*[<[].*$/, '')
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  const longs = spellings.filter((s) => s.startsWith('--'));
  const long = longs[longs.length - 1];
  const base = (long ?? spellings[0] ?? '').replace(/^-+/, '');
  const negate = base.startsWith('no-');
  const key = (negate ? base.slice(3) : base).replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return { flags, names: spellings, long, key, kind, negate, ...extra };
}

/** Every option of `claude --help` (2.1.197) plus the hidden ones found in the bundle. */
export const OPTION_DEFS: readonly OptionDef[] = [
  opt('--add-dir <directories...>', 'variadic'),
  opt('--agent <agent>', 'value'),
  opt('--agents <json>', 'value'),
  opt('--allow-dangerously-skip-permissions', 'flag'),
  opt('--allowedTools, --allowed-tools <tools...>', 'variadic'),
  opt('--append-system-prompt <prompt>', 'value'),
  opt('--ax-screen-reader', 'flag'),
  opt('--bg, --background', 'flag'),
  opt('--bare', 'flag'),
  opt('--betas <betas...>', 'variadic'),
  opt('--brief', 'flag'),
  opt('--chrome', 'flag'),
  opt('-c, --continue', 'flag'),
  opt('--dangerously-skip-permissions', 'flag'),
  opt('-d, --debug [filter]', 'optional'),
  opt('--debug-file <path>', 'value'),
  opt('--disable-slash-commands', 'flag'),
  opt('--disallowedTools, --disallowed-tools <tools...>', 'variadic'),
  opt('--effort <level>', 'value'),
  opt('--exclude-dynamic-system-prompt-sections', 'flag'),
  opt('--fallback-model <model>', 'value'),
  opt('--file <specs...>', 'variadic'),
  opt('--fork-session', 'flag'),
  opt('--from-pr [value]', 'optional'),
  opt('--ide', 'flag'),
  opt('--include-hook-events', 'flag'),
  opt('--include-partial-messages', 'flag'),
  opt('--input-format <format>', 'value', { choices: ['text', 'stream-json'] }),
  opt('--json-schema <schema>', 'value'),
  opt('--max-budget-usd <amount>', 'value', { validate: parseBudget }),
  opt('--mcp-config <configs...>', 'variadic'),
  opt('--model <model>', 'value'),
  opt('-n, --name <name>', 'value'),
  opt('--no-chrome', 'flag'),
  opt('--no-session-persistence', 'flag'),
  opt('--output-format <format>', 'value', { choices: OUTPUT_FORMATS }),
  opt('--permission-mode <mode>', 'value', { choices: PERMISSION_MODES }),
  opt('--plugin-dir <path>', 'repeat'),
  opt('--plugin-url <url>', 'repeat'),
  opt('-p, --print', 'flag'),
  opt('--prompt-suggestions [value]', 'optional', {
    choices: ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'],
    preset: 'true',
  }),
  opt('--remote-control [name]', 'optional'),
  opt('--remote-control-session-name-prefix <prefix>', 'value'),
  opt('--replay-user-messages', 'flag'),
  opt('-r, --resume [value]', 'optional'),
  opt('--safe-mode', 'flag'),
  opt('--session-id <uuid>', 'value'),
  opt('--setting-sources <sources>', 'value'),
  opt('--settings <file-or-json>', 'value'),
  opt('--strict-mcp-config', 'flag'),
  opt('--system-prompt <prompt>', 'value'),
  opt('--tmux', 'flag'),
  opt('--tools <tools...>', 'variadic'),
  opt('--verbose', 'flag'),
  opt('-w, --worktree [name]', 'optional'),
  // Hidden options (present in the bundle, absent from --help).
  opt('--max-turns <turns>', 'value', { hidden: true }),
  opt('--system-prompt-file <file>', 'value', { hidden: true }),
  opt('--append-system-prompt-file <file>', 'value', { hidden: true }),
  opt('--permission-prompt-tool <tool>', 'value', { hidden: true }),
  opt('--resume-session-at <message id>', 'value', { hidden: true }),
  opt('--max-thinking-tokens <tokens>', 'value', { hidden: true }),
  opt('--thinking <mode>', 'value', { hidden: true, choices: ['enabled', 'adaptive', 'disabled'] }),
  opt('--task-budget <amount>', 'value', { hidden: true }),
  opt('--init', 'flag', { hidden: true }),
  opt('--init-only', 'flag', { hidden: true }),
  opt('--maintenance', 'flag', { hidden: true }),
  opt('-d2e, --debug-to-stderr', 'flag', { hidden: true }),
  opt('--workload <workload>', 'value', { hidden: true }),
  opt('--managed-settings <settings>', 'value', { hidden: true }),
  opt('--session-mirror [value]', 'optional', { hidden: true }),
  opt('--plugin-dir-no-mcp <path>', 'repeat', { hidden: true }),
];

export const HELP_NAMES = new Set(['-h', '--help']);
export const VERSION_NAMES = new Set(['-v', '--version']);

export const BY_NAME = new Map<string, OptionDef>();
for (const def of OPTION_DEFS) for (const name of def.names) BY_NAME.set(name, def);

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.max(a.length, b.length);
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d[i] = [i];
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** commander's `suggestSimilar` for `--options`. */
export function suggestOption(flag: string): string {
  if (!flag.startsWith('--')) return '';
  const candidates = [...new Set([...OPTION_DEFS.filter((d) => !d.hidden && d.long).map((d) => d.long!), '--help', '--version'])].map((c) => c.slice(2));
  const word = flag.slice(2);
  let similar: string[] = [];
  let best = 3;
  for (const candidate of candidates) {
    if (candidate.length <= 1) continue;
    const distance = editDistance(word, candidate);
    const length = Math.max(word.length, candidate.length);
    if ((length - distance) / length > 0.4) {
      if (distance < best) {
        best = distance;
        similar = [candidate];
      } else if (distance === best) similar.push(candidate);
    }
  }
  similar.sort((a, b) => a.localeCompare(b));
  const named = similar.map((c) => `--${c}`);
  if (named.length > 1) return `\n(Did you mean one of ${named.join(', ')}?)`;
  if (named.length === 1) return `\n(Did you mean ${named[0]}?)`;
  return '';
}
