// Thin typed wrapper over node:util parseArgs that turns every parsing problem into a UsageError.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usageError';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommand<O extends Options>(argv: string[], options: O, maxPositionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    // node's messages are precise but long ("Unknown option '--x'. To specify a positional argument starting
    // with a '-', place it at the end of the command after '--', as in '-- \"--x\"'"): keep the first sentence.
    throw new UsageError(
      String((e as Error).message)
        .split('\n')[0]!
        .split('. ')[0]!
        .replace(/\.$/, ''),
    );
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument: ${parsed.positionals[maxPositionals]}`);
  }
  return parsed;
}

export function intOption(name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number (got "${raw}")`);
  const n = Number(raw);
  if (n < min) throw new UsageError(`--${name} must be at least ${min} (got ${raw})`);
  if (n > max) throw new UsageError(`--${name} must be at most ${max} (got ${raw})`);
  return n;
}

export function numberOption(name: string, raw: string | undefined, opts: { positive?: boolean } = {}): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number (got "${raw}")`);
  if (opts.positive && n <= 0) throw new UsageError(`--${name} must be greater than 0 (got ${raw})`);
  if (n < 0) throw new UsageError(`--${name} must not be negative (got ${raw})`);
  return n;
}

/** `--batch-size -3` would otherwise be read as a missing value plus an unknown option `-3`; keep it a value
 * so the range check can name the real problem. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
