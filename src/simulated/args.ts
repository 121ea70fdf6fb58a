// Command-line parsing compatible with the real `claude` CLI (commander 12 semantics, as observed on 2.1.197):
// options before or after the prompt, `--flag=value`, `--` ends options, variadic options swallow the
// following words until the next `-option`, both spellings of the two-name options, commander's error texts.
import { SUBCOMMANDS, type OutputFormat, type PermissionMode } from './constants';
import { BY_NAME, CliUsageError, HELP_NAMES, suggestOption, VERSION_NAMES, type OptionDef } from './options';

export { CliUsageError } from './options';

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
    values[def.key] = Array.isArray(previous) ? [...(previous as unknown[]), parsed] : [parsed];
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
  let activeVariadic: OptionDef | null = null;

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
    const word = readOptionWord(arg, args, values);
    if (word.type === 'version') return { values, operands, operandsBeforeDoubleDash: operands.length, unknown, help, version: true };
    if (word.type === 'taken') {
      activeVariadic = word.variadic;
      continue;
    }
    if (HELP_NAMES.has(arg)) help = true;
    if (maybeOption(arg)) dest = unknown;
    dest.push(arg);
  }
  if (operandsBeforeDoubleDash < 0) operandsBeforeDoubleDash = operands.length;
  return { values, operands, operandsBeforeDoubleDash, unknown, help, version: false };
}

const maybeOption = (a: string) => a.length > 1 && a[0] === '-';

/** Store an option given as its own word, taking its value from the words that follow when it has one. */
function take(def: OptionDef, args: string[], values: Record<string, unknown>): void {
  if (def.kind === 'flag') return assign(def, values, null);
  if (def.kind === 'optional') {
    const next = args[0];
    if (next !== undefined && !maybeOption(next)) return assign(def, values, args.shift()!);
    return assign(def, values, null);
  }
  const next = args.shift();
  if (next === undefined) throw new CliUsageError(`error: option '${def.flags}' argument missing`);
  assign(def, values, next);
}

/** What a word did as an option: taken (opening a variadic list, or not), `-v/--version`, or none commander knows. */
type OptionWord = { type: 'taken'; variadic: OptionDef | null } | { type: 'version' } | { type: 'unknown' };

function readOptionWord(arg: string, args: string[], values: Record<string, unknown>): OptionWord {
  if (maybeOption(arg)) {
    if (VERSION_NAMES.has(arg)) return { type: 'version' };
    const def = BY_NAME.get(arg);
    if (def) {
      take(def, args, values);
      return { type: 'taken', variadic: def.kind === 'variadic' ? def : null };
    }
  }
  // combined short flags: -pc, -rVALUE
  if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
    const short = `-${arg[1]}`;
    if (short === '-v') return { type: 'version' };
    const def = BY_NAME.get(short);
    if (def) {
      if (def.kind === 'flag') {
        assign(def, values, null);
        args.unshift(`-${arg.slice(2)}`);
      } else {
        assign(def, values, arg.slice(2));
      }
      return { type: 'taken', variadic: null };
    }
  }
  // --long=value
  if (/^--[^=]+=/.test(arg)) {
    const index = arg.indexOf('=');
    const def = BY_NAME.get(arg.slice(0, index));
    if (def && def.kind !== 'flag') {
      assign(def, values, arg.slice(index + 1));
      return { type: 'taken', variadic: null };
    }
  }
  return { type: 'unknown' };
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
  const str = (k: string) => (typeof v[k] === 'string' ? v[k] : undefined);
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
