// What the user typed as the gate (`--gate`, the `specflow.gate` setting, the modal): a plain command line runs
// as argv with no shell; anything that needs a shell to mean what it says (pipes, &&, $VAR, globs, redirects,
// `FOO=1 cmd`) runs through the user's shell, exactly as written.
import type { GateSpec } from '../model/gate';

export class GateCommandError extends Error {
  override name = 'GateCommandError';
}

// Outside quotes, these make the line shell syntax.
const SHELL_CHARS = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`', '*', '?', '[', ']', '{', '}', '\\', '\n', '\r']);
// Special only at the start of a word: home directory, comment, pipeline negation.
const WORD_START_CHARS = new Set(['~', '#', '!']);
// Inside double quotes the shell still expands these.
const DOUBLE_QUOTE_SHELL_CHARS = new Set(['$', '`', '\\']);
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** argv for a simple command line, or undefined when the line needs a shell. Throws on an unclosed quote. */
function splitSimple(text: string): string[] | undefined {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (quote === '"' && DOUBLE_QUOTE_SHELL_CHARS.has(ch)) return undefined;
      else word += ch;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (SHELL_CHARS.has(ch) || (!inWord && WORD_START_CHARS.has(ch))) return undefined;
    inWord = true;
    if (ch === "'" || ch === '"') quote = ch;
    else word += ch;
  }
  if (quote) throw new GateCommandError(`The gate command has an unclosed ${quote === '"' ? 'double' : 'single'} quote: ${text}`);
  if (inWord) argv.push(word);
  return argv;
}

/**
 * The gate the user asked for, or null when they turned it off with "none" (any case).
 * Throws GateCommandError for an empty command or an unclosed quote.
 */
export function parseGateCommand(text: string): GateSpec | null {
  const command = text.trim();
  if (!command) throw new GateCommandError('The gate command is empty. Give a command such as "npm test", or "none" to run without a gate.');
  if (command.toLowerCase() === 'none') return null;
  const argv = splitSimple(command);
  if (!argv?.length || ENV_ASSIGNMENT.test(command)) return { command, shell: command };
  return { command, argv };
}

const NEEDS_QUOTES = /[^A-Za-z0-9_@%+=:,./-]/;

/** A display string for argv that parseGateCommand reads back as the same argv. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (a === '' ? "''" : NEEDS_QUOTES.test(a) ? `'${a.replace(/'/g, `'"'"'`)}'` : a)).join(' ');
}
