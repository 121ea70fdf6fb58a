// Command-line parsing compatible with the real `claude` CLI (commander 12 semantics, as observed on 2.1.197):
// options before or after the prompt, `--flag=value`, `--` ends options, variadic options swallow the
// following words until the next `-option`, both spellings of the two-name options, commander's error texts.
import { OUTPUT_FORMATS, PERMISSION_MODES, SUBCOMMANDS, MESSAGES, type OutputFormat, type PermissionMode } from './constants';

type OptionKind = 'flag' | 'value' | 'optional' | 'variadic' | 'repeat';

interface OptionDef {
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

const HELP_NAMES = new Set(['-h', '--help']);
const VERSION_NAMES = new Set(['-v', '--version']);

const BY_NAME = new Map<string, OptionDef>();
for (const def of OPTION_DEFS) for (const name of def.names) BY_NAME.set(name, def);

/** Raw result of the commander-style pass, before interpretation. */
export interface RawCommandLine {
  values: Record<string, unknown>;
  /** Positional words; the first is the prompt, the rest are ignored (as the real CLI does). */
  operands: string[];
  /** How many operands came before a `--` (a subcommand is dispatched only from those). */
  operandsBeforeDoubleDash: number;
  /** The first unknown option and everything commander classified as unknown after it. */
  unknown: string[];
  help: boolean;
  version: boolean;
}

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

function assign(def: OptionDef, values: Record<string, unknown>, value: string | null): void {
  if (def.kind === 'flag') {
    values[def.key] = !def.negate;
    return;
  }
  if (value === null) {
    // optional option without a value
    values[def.key] = def.preset ?? true;
    return;
  }
  if (def.choices && !def.choices.includes(value)) {
    throw new CliUsageError(`error: option '${def.flags}' argument '${value}' is invalid. Allowed choices are ${def.choices.join(', ')}.`);
  }
  const parsed = def.validate ? def.validate(value) : value;
  if (def.kind === 'variadic' || def.kind === 'repeat') {
    const previous = values[def.key];
    values[def.key] = Array.isArray(previous) ? [...previous, parsed] : [parsed];
  } else {
    values[def.key] = parsed;
  }
}

/**
 * Commander-compatible pass over argv (without the node/script words). Throws CliUsageError for value errors
 * at the point commander would (choices, missing argument, --max-budget-usd), and for the first unknown option
 * once the whole line has been read. Stops at `-v/--version` like commander.
 */
export function parseCommandLine(argv: readonly string[]): RawCommandLine {
  const values: Record<string, unknown> = {};
  const operands: string[] = [];
  const unknown: string[] = [];
  let dest = operands;
  let operandsBeforeDoubleDash = -1;
  let help = false;
  const args = argv.slice();
  const maybeOption = (a: string) => a.length > 1 && a[0] === '-';
  let activeVariadic: OptionDef | null = null;

  const take = (def: OptionDef, inline: string | undefined): void => {
    if (def.kind === 'flag') return assign(def, values, null);
    if (inline !== undefined) return assign(def, values, inline);
    if (def.kind === 'optional') {
      const next = args[0];
      if (next !== undefined && !maybeOption(next)) return assign(def, values, args.shift()!);
      return assign(def, values, null);
    }
    const next = args.shift();
    if (next === undefined) throw new CliUsageError(`error: option '${def.flags}' argument missing`);
    assign(def, values, next);
  };

  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '--') {
      if (operandsBeforeDoubleDash < 0) operandsBeforeDoubleDash = operands.length;
      if (dest === unknown) dest.push(arg);
      dest.push(...args);
      break;
    }
    if (activeVariadic && !maybeOption(arg)) {
      assign(activeVariadic, values, arg);
      continue;
    }
    activeVariadic = null;

    if (maybeOption(arg)) {
      if (VERSION_NAMES.has(arg)) return { values, operands, operandsBeforeDoubleDash: operands.length, unknown, help, version: true };
      const def = BY_NAME.get(arg);
      if (def) {
        take(def, undefined);
        if (def.kind === 'variadic') activeVariadic = def;
        continue;
      }
    }
    // combined short flags: -pc, -rVALUE
    if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
      const short = `-${arg[1]}`;
      if (short === '-v') return { values, operands, operandsBeforeDoubleDash: operands.length, unknown, help, version: true };
      const def = BY_NAME.get(short);
      if (def) {
        if (def.kind === 'flag') {
          assign(def, values, null);
          args.unshift(`-${arg.slice(2)}`);
        } else {
          assign(def, values, arg.slice(2));
        }
        continue;
      }
    }
    // --long=value
    if (/^--[^=]+=/.test(arg)) {
      const index = arg.indexOf('=');
      const def = BY_NAME.get(arg.slice(0, index));
      if (def && def.kind !== 'flag') {
        assign(def, values, arg.slice(index + 1));
        continue;
      }
    }
    if (HELP_NAMES.has(arg)) help = true;
    if (maybeOption(arg)) dest = unknown;
    dest.push(arg);
  }
  if (operandsBeforeDoubleDash < 0) operandsBeforeDoubleDash = operands.length;
  return { values, operands, operandsBeforeDoubleDash, unknown, help, version: false };
}

/**
 * Split tool lists the way the CLI does: commas or whitespace separate names, except inside parentheses
 * (`Bash(git *)` stays one rule).
 */
export function splitToolList(values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const value of values ?? []) {
    let depth = 0;
    let current = '';
    for (const ch of value) {
      if (ch === '(') depth++;
      if (ch === ')') depth = Math.max(0, depth - 1);
      if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
        if (current.trim()) out.push(current.trim());
        current = '';
      } else current += ch;
    }
    if (current.trim()) out.push(current.trim());
  }
  return out;
}

/** The interpreted command line the runner works from. */
export interface CliArgs {
  print: boolean;
  prompt: string | undefined;
  outputFormat: OutputFormat;
  inputFormat: 'text' | 'stream-json';
  verbose: boolean;
  includePartialMessages: boolean;
  replayUserMessages: boolean;
  model: string | undefined;
  fallbackModel: string | undefined;
  permissionMode: PermissionMode | undefined;
  dangerouslySkipPermissions: boolean;
  allowedTools: string[];
  disallowedTools: string[];
  /** undefined = the default set; [] = no tools (`--tools ""`). */
  tools: string[] | undefined;
  /** `true` = `--resume` without a value. */
  resume: string | true | undefined;
  continue: boolean;
  forkSession: boolean;
  sessionId: string | undefined;
  sessionPersistence: boolean;
  maxBudgetUsd: number | undefined;
  maxTurns: number | undefined;
  jsonSchema: string | undefined;
  systemPrompt: string | undefined;
  appendSystemPrompt: string | undefined;
  settingSources: string[] | undefined;
  disableSlashCommands: boolean;
  addDirs: string[];
  /** Everything commander stored, keyed by camel-cased long name. */
  raw: Record<string, unknown>;
}

export type ParseOutcome = { type: 'run'; args: CliArgs } | { type: 'version' } | { type: 'help' } | { type: 'subcommand'; name: string };

/** Parse argv into CliArgs; throws CliUsageError with the real CLI's message for invalid command lines. */
export function parseArgs(argv: readonly string[]): ParseOutcome {
  const raw = parseCommandLine(argv);
  if (raw.version) return { type: 'version' };
  const first = raw.operands[0];
  if (first !== undefined && raw.operandsBeforeDoubleDash > 0 && raw.values.print !== true && SUBCOMMANDS.includes(first)) {
    return { type: 'subcommand', name: first };
  }
  if (raw.help) return { type: 'help' };
  const firstUnknown = raw.unknown[0];
  if (firstUnknown !== undefined && firstUnknown.startsWith('-') && firstUnknown.length > 1) {
    throw new CliUsageError(`error: unknown option '${firstUnknown}'${suggestOption(firstUnknown)}`);
  }
  const v = raw.values;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : undefined);
  const maxTurnsRaw = str('maxTurns');
  const args: CliArgs = {
    print: v.print === true,
    prompt: raw.operands[0],
    outputFormat: (str('outputFormat') as OutputFormat | undefined) ?? 'text',
    inputFormat: (str('inputFormat') as 'text' | 'stream-json' | undefined) ?? 'text',
    verbose: v.verbose === true,
    includePartialMessages: v.includePartialMessages === true,
    replayUserMessages: v.replayUserMessages === true,
    model: str('model'),
    fallbackModel: str('fallbackModel'),
    permissionMode: str('permissionMode') as PermissionMode | undefined,
    dangerouslySkipPermissions: v.dangerouslySkipPermissions === true,
    allowedTools: splitToolList(list('allowedTools')),
    disallowedTools: splitToolList(list('disallowedTools')),
    tools: list('tools') === undefined ? undefined : splitToolList(list('tools')),
    resume: v.resume === true ? true : str('resume'),
    continue: v.continue === true,
    forkSession: v.forkSession === true,
    sessionId: str('sessionId'),
    sessionPersistence: v.sessionPersistence !== false,
    maxBudgetUsd: typeof v.maxBudgetUsd === 'number' ? v.maxBudgetUsd : undefined,
    maxTurns: maxTurnsRaw === undefined ? undefined : Number(maxTurnsRaw),
    jsonSchema: str('jsonSchema'),
    systemPrompt: str('systemPrompt'),
    appendSystemPrompt: str('appendSystemPrompt'),
    settingSources:
      str('settingSources') === undefined
        ? undefined
        : str('settingSources')!
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    disableSlashCommands: v.disableSlashCommands === true,
    addDirs: list('addDir') ?? [],
    raw: v,
  };
  return { type: 'run', args };
}

/** The effective permission mode (`--dangerously-skip-permissions` means bypass). */
export function effectivePermissionMode(args: CliArgs): PermissionMode {
  if (args.dangerouslySkipPermissions) return 'bypassPermissions';
  return args.permissionMode ?? 'default';
}
