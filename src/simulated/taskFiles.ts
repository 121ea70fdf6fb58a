// What the simulated agent writes for one task: for a JavaScript source file the task names, a real module and
// a node:test file that exercises it; for any other new file it names, a short file saying who wrote it; for a
// task naming no new file, a note under .specflow/simulated/. Existing files are never overwritten.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentSession, ToolOutcome } from './agent';
import { isJsModuleTarget, jsModuleSpec, renderModule, renderModuleTest } from './jsModule';
import type { RequestedTask } from './request';

const CODE_EXT = /\.(ts|tsx|js|jsx|mjs|cjs|json|md|py|go|rs|java|kt|rb|css|scss|html|ya?ml|toml|sh|sql|txt|vue|svelte|c|h|cpp|hpp|cs|php|swift)$/i;
const FORBIDDEN_TOP = new Set(['.git', 'node_modules', '.claude']);

/** A relative file path mentioned in a task's text, if it is safe to create (inside cwd, not .git etc.). */
export function mentionedFile(session: AgentSession, text: string): string | undefined {
  const re = /(?:^|[\s`'"(])((?:\.\/)?[A-Za-z0-9_@][\w@.-]*(?:\/[\w@.-]+)*\.[A-Za-z0-9]+)(?=$|[\s`'",;:)])/g;
  for (const m of text.matchAll(re)) {
    const candidate = m[1]!.replace(/\.$/, '').replace(/^\.\//, '');
    if (!candidate.includes('/') && !CODE_EXT.test(candidate)) continue;
    if (!/\.[A-Za-z0-9]+$/.test(candidate)) continue;
    const parts = candidate.split('/');
    if (parts.includes('..') || FORBIDDEN_TOP.has(parts[0]!)) continue;
    if (!session.isInsideCwd(session.resolve(candidate))) continue;
    return candidate;
  }
  return undefined;
}

const COMMENTED = [
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.go',
  '.rs',
  '.java',
  '.kt',
  '.c',
  '.h',
  '.cpp',
  '.hpp',
  '.cs',
  '.swift',
  '.php',
  '.scss',
  '.css',
];

function fileBody(rel: string, task: RequestedTask): string {
  const line = `Simulated by SpecFlow (no AI) for ${task.id}: ${task.text}`.trim();
  const ext = path.extname(rel).toLowerCase();
  if (COMMENTED.includes(ext)) {
    const comment = ext === '.css' || ext === '.scss' ? `/* ${line} */` : `// ${line}`;
    // TypeScript needs an export to treat the file as a module; a .js/.cjs file stays a plain comment, which
    // is valid CommonJS and ESM alike (a test runner may load it).
    const tail = ['.ts', '.tsx', '.mjs'].includes(ext) ? '\nexport {};\n' : '\n';
    return ext === '.php' ? `<?php\n${comment}\n` : `${comment}\n${tail}`;
  }
  if (['.py', '.rb', '.sh', '.yml', '.yaml', '.toml'].includes(ext)) return `# ${line}\n`;
  if (ext === '.json') return `${JSON.stringify({ simulated: true, task: task.id, description: task.text }, null, 2)}\n`;
  if (ext === '.html' || ext === '.vue' || ext === '.svelte') return `<!-- ${line} -->\n`;
  if (ext === '.sql') return `-- ${line}\n`;
  if (ext === '.md') return `# ${task.id}\n\n${line}\n`;
  return `${line}\n`;
}

function noteBody(task: RequestedTask, tasksFile: string, target?: string): string {
  return [
    `# ${task.id} (simulated)`,
    '',
    `Task: ${task.text || '(no description)'}`,
    `Tasks file: ${tasksFile}`,
    target ? `The task mentions ${target}, which already exists; the simulated agent leaves existing files alone.` : '',
    '',
    'This note was written by the SpecFlow simulated agent, which does real file work but no AI.',
    '',
  ]
    .filter((l, i, a) => l !== '' || a[i - 1] !== '')
    .join('\n');
}

/** The project's package.json "type" ("module" makes .js files ESM), read as Node would. */
export function packageType(cwd: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { type?: unknown };
    return typeof pkg.type === 'string' ? pkg.type : undefined;
  } catch {
    return undefined;
  }
}

/** The module, then its test (unless a test file of that name exists: the project's own tests are left alone). */
async function writeJsModule(session: AgentSession, rel: string, task: RequestedTask, faulty: boolean, preface: string): Promise<ToolOutcome> {
  const spec = jsModuleSpec(rel, task, packageType(session.cwd));
  const wrote = await session.write(rel, renderModule(spec, { faulty }), preface);
  if (!wrote.ok || fs.existsSync(session.resolve(spec.testPath))) return wrote;
  return session.write(spec.testPath, renderModuleTest(spec), `Adding tests for ${rel} in ${spec.testPath}.`);
}

/** One task's file work (no check-off); `faulty` makes a JS module carry the scripted bug. */
export async function writeTaskFiles(session: AgentSession, task: RequestedTask, tasksFile: string, faulty: boolean): Promise<ToolOutcome> {
  const preface = `Working on ${task.id}: ${task.text}`;
  const target = mentionedFile(session, task.text);
  if (target && !fs.existsSync(session.resolve(target))) {
    if (isJsModuleTarget(target)) return writeJsModule(session, target, task, faulty, preface);
    return session.write(target, fileBody(target, task), preface);
  }
  if (target) await session.read(target, preface);
  const note = `.specflow/simulated/${task.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.md`;
  if (fs.existsSync(session.resolve(note))) await session.read(note);
  return session.write(note, noteBody(task, tasksFile, target), target ? undefined : preface);
}
