// Slash commands and skills as the real CLI resolves them in print mode (reference §5 and the 2.1.197 bundle):
// `.claude/commands/**/*.md` (a sub-directory becomes a `:` namespace), `.claude/skills/<name>/SKILL.md`,
// the same under the user config dir, built-ins; `$ARGUMENTS` substitution; unknown-command detection.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_COMMANDS, BUILTIN_SKILLS, MESSAGES } from './constants';
import { claudeConfigDir } from './sessions';

export interface SlashCommandDef {
  /** As typed after the slash: `flow.implement`, `flow:plan`, `myskill`. */
  name: string;
  source: 'project' | 'user' | 'builtin';
  type: 'command' | 'skill';
  /** The .md file (absent for built-ins). */
  file?: string;
  description?: string;
}

function walkMarkdown(dir: string, prefix: string[], out: Array<{ name: string; file: string }>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walkMarkdown(full, [...prefix, e.name], out);
    else if (e.isFile() && e.name.endsWith('.md')) out.push({ name: [...prefix, e.name.slice(0, -3)].join(':'), file: full });
  }
}

function readDefs(claudeDir: string, source: 'project' | 'user'): SlashCommandDef[] {
  const defs: SlashCommandDef[] = [];
  const commands: Array<{ name: string; file: string }> = [];
  walkMarkdown(path.join(claudeDir, 'commands'), [], commands);
  for (const c of commands) defs.push({ name: c.name, source, type: 'command', file: c.file, description: describe(c.file) });
  const skillsDir = path.join(claudeDir, 'skills');
  let skillDirs: string[] = [];
  try {
    skillDirs = fs.readdirSync(skillsDir).sort();
  } catch {
    // none
  }
  for (const name of skillDirs) {
    const file = path.join(skillsDir, name, 'SKILL.md');
    if (fs.existsSync(file)) defs.push({ name, source, type: 'skill', file, description: describe(file) });
  }
  return defs;
}

function describe(file: string): string | undefined {
  try {
    const fm = parseFrontmatter(fs.readFileSync(file, 'utf8')).attributes.description;
    return typeof fm === 'string' ? fm : undefined;
  } catch {
    return undefined;
  }
}

/** Project `.claude` directories from cwd upwards (nearest first), excluding the user config dir. */
function projectClaudeDirs(cwd: string, userDir: string): string[] {
  const dirs: string[] = [];
  let dir = path.resolve(cwd);
  const user = path.resolve(userDir);
  for (;;) {
    const candidate = path.join(dir, '.claude');
    if (path.resolve(candidate) !== user && fs.existsSync(candidate)) dirs.push(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}

/**
 * Every slash command visible to a session, in `system/init.slash_commands` order: project and user commands
 * and skills, then the built-in skills, then the built-in commands. Project entries load only when the setting
 * sources include `project` (the default), user entries only with `user`.
 */
export function discoverCommands(cwd: string, env: NodeJS.ProcessEnv, settingSources?: string[]): SlashCommandDef[] {
  const userDir = claudeConfigDir(env);
  const wantProject = !settingSources || settingSources.includes('project');
  const wantUser = !settingSources || settingSources.includes('user');
  const seen = new Set<string>();
  const defs: SlashCommandDef[] = [];
  const add = (d: SlashCommandDef) => {
    if (seen.has(d.name)) return;
    seen.add(d.name);
    defs.push(d);
  };
  if (wantProject) for (const dir of projectClaudeDirs(cwd, userDir)) readDefs(dir, 'project').forEach(add);
  if (wantUser) readDefs(userDir, 'user').forEach(add);
  for (const name of BUILTIN_SKILLS) add({ name, source: 'builtin', type: 'skill' });
  for (const name of BUILTIN_COMMANDS) add({ name, source: 'builtin', type: 'command' });
  return defs;
}

/** `system/init.skills`: the built-in skills plus skills (not commands) from disk. */
export function skillNames(defs: SlashCommandDef[]): string[] {
  const disk = defs.filter((d) => d.type === 'skill' && d.source !== 'builtin').map((d) => d.name);
  return [...BUILTIN_SKILLS, ...disk.filter((n) => !BUILTIN_SKILLS.includes(n))];
}

/** `/name args` → name and trimmed args (the CLI's `_bt`/`_He`); null when the prompt is not a slash command. */
export function parseSlashPrompt(prompt: string): { name: string; args: string } | null {
  const t = prompt.trim();
  if (!t.startsWith('/')) return null;
  const rest = t.slice(1);
  const ws = rest.search(/\s/);
  const name = ws === -1 ? rest : rest.slice(0, ws);
  const args = ws === -1 ? '' : rest.slice(ws + 1).trim();
  return name ? { name, args } : null;
}

function osaDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

function suggestCommand(name: string, defs: SlashCommandDef[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3; // maxEditDistance 2
  for (const d of defs) {
    if (Math.abs(d.name.length - name.length) > 2) continue;
    const distance = osaDistance(name, d.name);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = d.name;
    }
  }
  return best;
}

export type SlashResolution =
  { type: 'none' } | { type: 'found'; def: SlashCommandDef; name: string; args: string } | { type: 'unknown'; name: string; args: string; message: string };

/**
 * Resolve a prompt like the real CLI. A `/name` that is not found is an "Unknown command" only when the name
 * consists of `[a-zA-Z0-9:_-]` and `/name` is not an existing path; otherwise (for example `/flow.nope`, which
 * has a dot) the prompt goes to the model as plain text. `/ns sub args` also tries `ns:sub`.
 */
export function resolveSlashCommand(prompt: string, defs: SlashCommandDef[], disabled: boolean): SlashResolution {
  if (disabled) return { type: 'none' };
  const parsed = parseSlashPrompt(prompt);
  if (!parsed) return { type: 'none' };
  let { name, args } = parsed;
  let def = defs.find((d) => d.name === name);
  if (!def && args.trim()) {
    const rest = args.trimStart();
    const ws = rest.search(/\s/);
    const sub = ws === -1 ? rest : rest.slice(0, ws);
    const nested = defs.find((d) => d.name === `${name}:${sub}`);
    if (nested) {
      def = nested;
      name = nested.name;
      args = ws === -1 ? '' : rest.slice(ws + 1).trimStart();
    }
  }
  if (def) return { type: 'found', def, name, args };
  let existsAsPath = false;
  try {
    fs.statSync(`/${name}`);
    existsAsPath = true;
  } catch {
    // not a path
  }
  if (existsAsPath || /[^a-zA-Z0-9:\-_]/.test(name)) return { type: 'none' };
  return { type: 'unknown', name, args, message: MESSAGES.unknownCommand(name, suggestCommand(name, defs)) };
}

export interface Frontmatter {
  attributes: Record<string, string | string[]>;
  body: string;
}

/** Minimal YAML frontmatter reader (`key: value`, inline `[a, b]` lists and `- item` lists). */
export function parseFrontmatter(text: string): Frontmatter {
  const src = text.replace(/^\uFEFF/, '');
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(src);
  if (!m) return { attributes: {}, body: src };
  const attributes: Record<string, string | string[]> = {};
  let listKey: string | undefined;
  for (const line of m[1]!.split(/\r?\n/)) {
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && listKey) {
      const prev = attributes[listKey];
      attributes[listKey] = [...(Array.isArray(prev) ? prev : []), unquote(item[1]!)];
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!;
    const value = kv[2]!.trim();
    listKey = value === '' ? key : undefined;
    if (value.startsWith('[') && value.endsWith(']')) {
      attributes[key] = value
        .slice(1, -1)
        .split(',')
        .map((s) => unquote(s.trim()))
        .filter(Boolean);
    } else attributes[key] = value === '' ? [] : unquote(value);
  }
  return { attributes, body: src.slice(m[0].length) };
}

function unquote(s: string): string {
  return /^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s;
}

/** Shell-like word splitting (quotes and backslashes); falls back to whitespace splitting. */
export function shellWords(input: string): string[] {
  if (!input.trim()) return [];
  const words: string[] = [];
  let current = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < input.length && '"\\$`'.includes(input[i + 1]!)) current += input[++i];
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < input.length) {
      current += input[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) words.push(current);
      current = '';
      has = false;
    } else {
      current += ch;
      has = true;
    }
  }
  if (quote) return input.split(/\s+/).filter(Boolean);
  if (has) words.push(current);
  return words;
}

const ESC = '\uFFFF';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The CLI's placeholder substitution: `$ARGUMENTS`, `$ARGUMENTS[n]`, `$n` (0-based), named `$arg`, `\$`. */
export function substituteArguments(body: string, args: string, argumentNames: string[] = []): string {
  const words = shellWords(args);
  const clean = (v: string | undefined) => (v ?? '').replaceAll(ESC, '');
  const named = argumentNames
    .map((name, i) => ({ name, i }))
    .filter((n) => n.name && !/^\d+$/.test(n.name))
    .sort((a, b) => b.name.length - a.name.length);
  const alternatives = ['\\d', 'ARGUMENTS', ...named.map(({ name }) => `${escapeRe(name)}(?![\\[\\w])`)].join('|');
  let e = body.replace(new RegExp(`(?<!\\\\)\\\\\\$(?=${alternatives})`, 'g'), ESC);
  const escaped = e !== body;
  let substituted = false;
  for (const { name, i } of named) {
    e = e.replace(new RegExp(`\\$${escapeRe(name)}(?![\\[\\w])`, 'g'), () => {
      substituted = true;
      return clean(words[i]);
    });
  }
  e = e.replace(/\$ARGUMENTS\[(\d+)\]/g, (_m, n: string) => {
    substituted = true;
    return clean(words[parseInt(n, 10)]);
  });
  e = e.replace(/\$(\d+)(?!\w)/g, (_m, n: string) => {
    substituted = true;
    return clean(words[parseInt(n, 10)]);
  });
  e = e.replaceAll('$ARGUMENTS', () => {
    substituted = true;
    return clean(args);
  });
  if (!substituted && args) e = `${e}\n\nARGUMENTS: ${args}`;
  if (escaped) e = e.replaceAll(ESC, '$');
  return e;
}

/** The text the model receives for a resolved command (frontmatter stripped, placeholders substituted). */
export function expandCommand(def: SlashCommandDef, args: string): string {
  if (!def.file) return args ? `/${def.name} ${args}` : `/${def.name}`;
  const { attributes, body } = parseFrontmatter(fs.readFileSync(def.file, 'utf8'));
  const rawNames = attributes.arguments;
  const names = Array.isArray(rawNames) ? rawNames : typeof rawNames === 'string' ? rawNames.split(/\s+/) : [];
  const expanded = substituteArguments(body, args, names);
  return def.type === 'skill' ? `Base directory for this skill: ${path.dirname(def.file)}\n\n${expanded}` : expanded;
}
