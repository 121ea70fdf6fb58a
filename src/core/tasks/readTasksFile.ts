// Reads a tasks.md from disk with errors a user can act on (missing, a directory, binary, unreadable,
// too large, not UTF-8), and parses it at most once per change. Every reader of tasks.md comes here: the
// engine, the pre-flight, the built-in status, the project summary the tree shows, and the CLI.
import { readFile, stat } from 'node:fs/promises';
import { parseTasks, type ParsedTasks } from './parseTasks';

export class TasksFileError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'TasksFileError';
  }
}

/** Files this big are not a hand-written task list; refuse rather than stall the planner. */
const MAX_BYTES = 64 * 1024 * 1024;

export async function readTasksFile(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new TasksFileError(`tasks file not found: ${path}`, path);
    if (code === 'EACCES') throw new TasksFileError(`tasks file is not readable (permission denied): ${path}`, path);
    throw new TasksFileError(`cannot read tasks file ${path}: ${(e as Error).message}`, path);
  }
  if (info.isDirectory()) throw new TasksFileError(`${path} is a directory, not a tasks.md file`, path);
  if (!info.isFile()) throw new TasksFileError(`${path} is not a regular file`, path);
  if (info.size > MAX_BYTES) throw new TasksFileError(`${path} is too large for a tasks file (${info.size} bytes)`, path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new TasksFileError(`tasks file is not readable (permission denied): ${path}`, path);
    throw new TasksFileError(`cannot read tasks file ${path}: ${(e as Error).message}`, path);
  }
  return decodeText(bytes, path);
}

/** Markdown is text: a NUL byte or invalid UTF-8 means the user pointed us at the wrong file. */
export function decodeText(bytes: Buffer, path: string): string {
  if (bytes.includes(0)) throw new TasksFileError(`${path} looks like a binary file, not a tasks.md`, path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TasksFileError(`${path} is not valid UTF-8 text`, path);
  }
}

interface CachedParse {
  text: string;
  options: string;
  parsed: ParsedTasks;
}

/** The last parse of each file. A tasks.md is parsed once per change: the text is read again (cheap) and
 * compared with the text parsed last time; only a different text is parsed. Bounded to a few files. */
const parseCache = new Map<string, CachedParse>();
const CACHE_LIMIT = 32;

/** The one way SpecFlow reads a tasks.md: the safe reader above, then the parser, cached by content. The
 * path tells the parser the format where the folder says it (`.kiro/specs/…`, `openspec/changes/…`). */
export async function readParsedTasks(path: string, options: { checklistsAreTasks?: boolean } = {}): Promise<{ text: string; parsed: ParsedTasks }> {
  const text = await readTasksFile(path);
  const key = options.checklistsAreTasks ? 'tasks' : 'items';
  const hit = parseCache.get(path);
  if (hit && hit.text === text && hit.options === key) return hit;
  const entry = { text, options: key, parsed: parseTasks(text, { path, checklists: key }) };
  parseCache.delete(path);
  parseCache.set(path, entry);
  if (parseCache.size > CACHE_LIMIT) parseCache.delete(parseCache.keys().next().value!);
  return entry;
}
