// The agent side of a run: what a behaviour (simulated or scripted) uses to act. Every action is emitted as the
// real CLI would print it (assistant text/tool_use lines, user tool_result lines) and written to the transcript;
// the file tools really read and write files, subject to the print-mode permission model.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MESSAGES } from './constants';
import type { Json, ResultSubtype } from './output';
import { decide, type PermissionPolicy } from './permissions';
import { SessionStream, type AgentSessionInit } from './sessionStream';
import { splitText } from './tasksFile';

export { RunStop } from './sessionStream';

/**
 * The file tools finish at once, but every tool is asynchronous to a behaviour (Bash really is): run the work now and
 * hand its outcome, or its throw as a rejection, back as a promise (as an async method would).
 */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

export interface ToolOutcome<T = undefined> {
  ok: boolean;
  /** Permission denied (also listed in permission_denials). */
  denied: boolean;
  /** The tool_result text. */
  content: string;
  data?: T;
}

export interface ReadData {
  /** File content without BOM, with LF line endings (what the model sees). */
  content: string;
  /** The exact bytes on disk as a string. */
  raw: string;
}

export interface BashData {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** How a behaviour ends a run (the runner turns it into the result line). */
export type AgentOutcome =
  | { type: 'success'; text: string; stopReason?: string }
  | { type: 'api_error'; text: string; status: number | null; error?: string }
  | { type: 'error'; subtype: Exclude<ResultSubtype, 'success'>; errors: string[]; terminalReason?: string }
  | { type: 'unknown_command'; message?: string };

/** A single-hunk structuredPatch (3 lines of context), like the Edit/Write tools report. */
function hunk(oldText: string, newText: string): Json[] {
  const split = (t: string) => (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n');
  const a = split(oldText);
  const b = split(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  if (start > endA && start > endB) return [];
  const ctxStart = Math.max(0, start - 3);
  const ctxEndA = Math.min(a.length - 1, endA + 3);
  const ctxEndB = Math.min(b.length - 1, endB + 3);
  const lines = [
    ...a.slice(ctxStart, start).map((l) => ` ${l}`),
    ...a.slice(start, endA + 1).map((l) => `-${l}`),
    ...b.slice(start, endB + 1).map((l) => `+${l}`),
    ...a.slice(endA + 1, ctxEndA + 1).map((l) => ` ${l}`),
  ];
  return [
    {
      oldStart: ctxStart + 1,
      oldLines: ctxEndA - ctxStart + 1,
      newStart: ctxStart + 1,
      newLines: ctxEndB - ctxStart + 1,
      lines,
    },
  ];
}

export class AgentSession extends SessionStream {
  private readonly policy: PermissionPolicy;
  private readonly readFiles = new Set<string>();

  constructor(init: AgentSessionInit) {
    super(init);
    this.policy = init.policy;
  }

  hasTool(name: string): boolean {
    return this.tools.includes(name);
  }

  /** Absolute path for a cwd-relative one. */
  resolve(rel: string): string {
    return path.resolve(this.cwd, rel);
  }

  /** True when abs is inside cwd (symlinks resolved as far as they exist). */
  isInsideCwd(abs: string): boolean {
    const realCwd = fs.realpathSync(this.cwd);
    let probe = path.resolve(abs);
    const tail: string[] = [];
    while (!fs.existsSync(probe)) {
      tail.unshift(path.basename(probe));
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
    let real: string;
    try {
      real = path.join(fs.realpathSync(probe), ...tail);
    } catch {
      return false;
    }
    const rel = path.relative(realCwd, real);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  private deny<T>(call: { id: string; assistantUuid: string }, name: string, input: Json, message: string): ToolOutcome<T> {
    this.permissionDenials.push({ tool_name: name, tool_use_id: call.id, tool_input: input });
    this.toolResult(call, message, true, `Error: ${message}`);
    return { ok: false, denied: true, content: message };
  }

  private unavailable<T>(call: { id: string; assistantUuid: string }, name: string): ToolOutcome<T> {
    const message = MESSAGES.noSuchTool(name);
    this.toolResult(call, message, true, `Error: No such tool available: ${name}`);
    return { ok: false, denied: false, content: message };
  }

  read(file: string, preface?: string): Promise<ToolOutcome<ReadData>> {
    return settle(() => this.readNow(file, preface));
  }

  private readNow(file: string, preface?: string): ToolOutcome<ReadData> {
    const abs = this.resolve(file);
    const input = { file_path: abs };
    const call = this.toolCall('Read', input, preface);
    if (!this.hasTool('Read')) return this.unavailable(call, 'Read');
    const decision = decide(this.policy, 'Read', { path: abs });
    if (!decision.allowed) return this.deny(call, 'Read', input, decision.message);
    let raw: string;
    try {
      raw = fs.readFileSync(abs, 'utf8');
    } catch {
      const msg = `<tool_use_error>File does not exist. Note: your current working directory is ${this.cwd}.</tool_use_error>`;
      this.toolResult(call, msg, true, 'Error: File does not exist.');
      return { ok: false, denied: false, content: msg };
    }
    const t = splitText(raw);
    const content = t.lines.join('\n');
    const numbered = t.lines.map((l, i) => `${i + 1}\t${l}`).join('\n');
    this.readFiles.add(abs);
    this.toolResult(call, numbered, false, {
      type: 'text',
      file: { filePath: abs, content, numLines: t.lines.length, startLine: 1, totalLines: t.lines.length },
    });
    return { ok: true, denied: false, content: numbered, data: { content, raw } };
  }

  write(file: string, content: string, preface?: string): Promise<ToolOutcome> {
    return settle(() => this.writeNow(file, content, preface));
  }

  private writeNow(file: string, content: string, preface?: string): ToolOutcome {
    const abs = this.resolve(file);
    const input = { file_path: abs, content };
    const call = this.toolCall('Write', input, preface);
    if (!this.hasTool('Write')) return this.unavailable(call, 'Write');
    const decision = decide(this.policy, 'Write', { path: abs });
    if (!decision.allowed) return this.deny(call, 'Write', input, decision.message);
    const exists = fs.existsSync(abs);
    if (exists && !this.readFiles.has(abs)) {
      this.toolResult(call, MESSAGES.fileNotRead, true, 'Error: File has not been read yet. Read it first before writing to it.');
      return { ok: false, denied: false, content: MESSAGES.fileNotRead };
    }
    const original = exists ? fs.readFileSync(abs, 'utf8') : null;
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    this.readFiles.add(abs);
    const text = exists ? MESSAGES.writeUpdated(abs) : MESSAGES.writeCreated(abs);
    this.toolResult(call, text, false, {
      type: exists ? 'update' : 'create',
      filePath: abs,
      content,
      structuredPatch: original === null ? [] : hunk(original, content),
      originalFile: original,
      userModified: false,
    });
    return { ok: true, denied: false, content: text };
  }

  /** The Edit tool: exact string replacement on the LF-normalised text; BOM and CRLF endings are kept. */
  edit(file: string, oldString: string, newString: string, preface?: string): Promise<ToolOutcome> {
    return settle(() => this.editNow(file, oldString, newString, preface));
  }

  private editNow(file: string, oldString: string, newString: string, preface?: string): ToolOutcome {
    const abs = this.resolve(file);
    const input = { replace_all: false, file_path: abs, old_string: oldString, new_string: newString };
    const call = this.toolCall('Edit', input, preface);
    if (!this.hasTool('Edit')) return this.unavailable(call, 'Edit');
    const decision = decide(this.policy, 'Edit', { path: abs });
    if (!decision.allowed) {
      const { replace_all: _r, ...rest } = input;
      return this.deny(call, 'Edit', { ...rest, replace_all: false }, decision.message);
    }
    if (!this.readFiles.has(abs)) {
      this.toolResult(call, MESSAGES.fileNotRead, true, 'Error: File has not been read yet. Read it first before writing to it.');
      return { ok: false, denied: false, content: MESSAGES.fileNotRead };
    }
    let raw: string;
    try {
      raw = fs.readFileSync(abs, 'utf8');
    } catch {
      const msg = '<tool_use_error>File does not exist.</tool_use_error>';
      this.toolResult(call, msg, true, 'Error: File does not exist.');
      return { ok: false, denied: false, content: msg };
    }
    const t = splitText(raw);
    const text = t.lines.join('\n');
    const count = oldString ? text.split(oldString).length - 1 : 0;
    if (count !== 1) {
      const msg =
        count === 0
          ? `<tool_use_error>String to replace not found in file.\nString: ${oldString}</tool_use_error>`
          : `<tool_use_error>Found ${count} matches of the string to replace, but replace_all is false. To replace all occurrences, set replace_all to true. To replace only one occurrence, please provide more context to uniquely identify the instance.\nString: ${oldString}</tool_use_error>`;
      this.toolResult(call, msg, true, `Error: ${msg.replace(/<\/?tool_use_error>/g, '')}`);
      return { ok: false, denied: false, content: msg };
    }
    const updated = text.replace(oldString, () => newString);
    const out = (t.bom ? '\uFEFF' : '') + (t.eol === '\r\n' ? updated.replace(/\n/g, '\r\n') : updated);
    fs.writeFileSync(abs, out);
    const original = (t.bom ? '\uFEFF' : '') + text;
    const msg = MESSAGES.editUpdated(abs);
    this.toolResult(call, msg, false, {
      filePath: abs,
      oldString,
      newString,
      originalFile: original,
      structuredPatch: hunk(original, (t.bom ? '\uFEFF' : '') + updated),
      userModified: false,
      replaceAll: false,
    });
    return { ok: true, denied: false, content: msg };
  }

  async bash(command: string, description: string, preface?: string): Promise<ToolOutcome<BashData>> {
    const input = { command, description };
    const call = this.toolCall('Bash', input, preface);
    if (!this.hasTool('Bash')) return this.unavailable(call, 'Bash');
    const decision = decide(this.policy, 'Bash', { command });
    if (!decision.allowed) return this.deny(call, 'Bash', input, decision.message);
    const data = await new Promise<BashData>((resolve) => {
      const child = spawn('bash', ['-c', command], { cwd: this.cwd, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (err) => resolve({ stdout, stderr: stderr + String(err), code: 127 }));
      child.on('close', (code) => resolve({ stdout, stderr, code }));
    });
    const output = [data.stdout.trimEnd(), data.stderr.trimEnd()].filter(Boolean).join('\n');
    if (data.code !== 0) {
      const msg = `Exit code ${data.code}\n${output}`;
      this.toolResult(call, msg, true, `Error: ${msg}`);
      return { ok: false, denied: false, content: msg, data };
    }
    this.toolResult(call, output || '(Bash completed with no output)', false, {
      stdout: data.stdout,
      stderr: data.stderr,
      interrupted: false,
      isImage: false,
      noOutputExpected: false,
    });
    return { ok: true, denied: false, content: output, data };
  }

  /** Answer through the StructuredOutput tool (only offered with --json-schema). */
  structuredOutput(value: unknown): void {
    const call = this.toolCall('StructuredOutput', (value ?? {}) as Json, undefined);
    this.toolResult(call, MESSAGES.structuredOk, false, MESSAGES.structuredOk);
    this.structured = { value };
    // The CLI counts the structured-output round trip as a turn of its own.
    this.numTurns++;
  }
}
