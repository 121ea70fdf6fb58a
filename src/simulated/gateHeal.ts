// A healer run told that SpecFlow's test gate got worse: read the failing tests' names from the prompt, find the
// modules the simulated agent wrote for them (test names start with the module's path and task ID), rebuild each
// from the task its first line records, fix the line that differs, and run that module's tests.
import * as fs from 'node:fs';
import type { AgentSession } from './agent';
import { FAULTY_SLUG_LINE, SLUG_LINE, isJsModuleTarget, renderModule, specFromModule, type JsModuleSpec } from './jsModule';
import { mentionedFile, packageType } from './taskFiles';
import { findTask } from './tasksFile';

/** The healer prompt's sentence when the gate is worse (engine/prompts.ts healerPrompt). */
export const GATE_WORSE = /are worse than before this run/i;

/** The names listed under "New failing tests …:" (else "Failing tests:") in the gate block of a healer prompt. */
export function failingTestNames(prompt: string): string[] {
  const lines = prompt.split(/\r?\n/);
  const listed = (header: RegExp): string[] => {
    const start = lines.findIndex((l) => header.test(l));
    if (start < 0) return [];
    const names: string[] = [];
    for (const l of lines.slice(start + 1)) {
      const m = /^\s*- (.+)$/.exec(l);
      if (!m) break;
      if (!/^… and \d+ more$/.test(m[1]!)) names.push(m[1]!.trim());
    }
    return names;
  };
  const fresh = listed(/^\s*New failing tests\b.*:\s*$/);
  return fresh.length ? fresh : listed(/^\s*Failing tests:\s*$/);
}

/** JS module paths and task IDs named in a test name: `src/x/y.js (T009): …`. */
function namedIn(name: string): { paths: string[]; ids: string[] } {
  const paths = [...name.matchAll(/(?:^|[\s(>])((?:[\w@.-]+\/)*[\w@.-]+\.[cm]?js)\b/g)].map((m) => m[1]!);
  const ids = [...name.matchAll(/\((T\d+[A-Za-z0-9#.-]*)\)/g)].map((m) => m[1]!);
  return { paths, ids };
}

function attemptedTasks(prompt: string): string[] {
  const m = /^\s*Attempted tasks:\s*(.+)$/m.exec(prompt);
  return m && m[1]!.trim() !== 'none' ? m[1]!.split(/,\s*/).map((s) => s.trim()) : [];
}

/** The modules to look at: named by the failing tests, else those of the batch's tasks. */
function candidateModules(session: AgentSession, names: readonly string[]): string[] {
  const found = new Set<string>();
  const byTask = (id: string) => {
    const tasksFile = session.request.tasksFile;
    if (!tasksFile || !fs.existsSync(session.resolve(tasksFile))) return;
    const line = findTask(fs.readFileSync(session.resolve(tasksFile), 'utf8'), id);
    const file = line && mentionedFile(session, line.text);
    if (file && isJsModuleTarget(file)) found.add(file);
  };
  for (const name of names) {
    const { paths, ids } = namedIn(name);
    for (const p of paths) if (isJsModuleTarget(p)) found.add(p);
    if (!paths.length) ids.forEach(byTask);
  }
  if (found.size === 0) attemptedTasks(session.prompt).forEach(byTask);
  return [...found].filter((p) => session.isInsideCwd(session.resolve(p)) && fs.existsSync(session.resolve(p)));
}

type ModuleFix = { file: string; spec: JsModuleSpec; fixed: boolean; note: string };

/** Reads the module and puts back what its task calls for: the one faulty line by an Edit. */
async function fixModule(session: AgentSession, file: string): Promise<ModuleFix | undefined> {
  const read = await session.read(file, `Reading ${file}, which the failing tests exercise.`);
  if (!read.ok || !read.data) return undefined;
  const spec = specFromModule(file, read.data.content, packageType(session.cwd));
  if (!spec) return undefined;
  const content = read.data.content;
  if (content === renderModule(spec)) return { file, spec, fixed: false, note: `${file} is as its task (${spec.taskId}) calls for; nothing to fix there` };
  if (content !== renderModule(spec, { faulty: true })) {
    return { file, spec, fixed: false, note: `${file} was changed since the simulated agent wrote it, so it is left alone` };
  }
  const edit = await session.edit(file, FAULTY_SLUG_LINE, SLUG_LINE, `slugify() in ${file} forgets to lower-case before dropping other characters; fixing it.`);
  if (!edit.ok) return { file, spec, fixed: false, note: `Could not edit ${file}: ${edit.content}` };
  return { file, spec, fixed: true, note: `Fixed ${file} (${spec.taskId}): slugify() now lower-cases the text before dropping other characters` };
}

/** Runs the fixed modules' tests through Bash, as an agent checks its fix; undefined when Bash is not offered. */
async function rerunTests(session: AgentSession, fixes: readonly ModuleFix[]): Promise<string | undefined> {
  const tests = fixes.filter((f) => f.fixed && fs.existsSync(session.resolve(f.spec.testPath))).map((f) => f.spec.testPath);
  if (!tests.length || !session.hasTool('Bash')) return undefined;
  const command = `node --test ${tests.map((t) => `'${t.replace(/'/g, `'\\''`)}'`).join(' ')}`;
  const run = await session.bash(command, 'Run the tests of the fixed modules', `Checking the fix with \`${command}\`.`);
  if (run.denied) return `Could not run \`${command}\`: ${run.content}`;
  return run.ok ? `\`${command}\` passes now.` : `\`${command}\` still fails:\n${run.content.split('\n').slice(-15).join('\n')}`;
}

/** The gate part of a healer run; undefined when the prompt does not say the tests are worse. */
export async function healGate(session: AgentSession): Promise<string | undefined> {
  if (!GATE_WORSE.test(session.prompt)) return undefined;
  const names = failingTestNames(session.prompt);
  const listed = names.length ? `${names.length} failing test(s): ${names.join('; ')}` : 'no failing test names were given';
  const fixes: ModuleFix[] = [];
  for (const file of candidateModules(session, names)) {
    const fix = await fixModule(session, file);
    if (fix) fixes.push(fix);
  }
  // The fixes first: the first line is what a report quotes.
  const lines = fixes.filter((f) => f.fixed).map((f) => `${f.note}.`);
  if (!lines.length) lines.push('The simulated agent found nothing of its own to fix for these failing tests, so it leaves them as they are.');
  lines.push(...fixes.filter((f) => !f.fixed).map((f) => `${f.note}.`));
  lines.push(`SpecFlow's test gate was worse than before the run: ${listed}.`);
  const check = await rerunTests(session, fixes);
  if (check) lines.push(check);
  return lines.join('\n');
}
