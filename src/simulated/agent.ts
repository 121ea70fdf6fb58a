// The agent side of a run: what a behaviour (simulated or scripted) uses to act. Every action is emitted as the
// real CLI would print it (assistant text/tool_use lines, user tool_result lines) and written to the transcript;
// the file tools really read and write files, subject to the print-mode permission model.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliArgs } from './args';
import { apiModelName, MESSAGES, type PermissionMode } from './constants';
import type { ContentBlock, Json, PermissionDenial, ResultSubtype } from './output';
import { assistantMessage, systemMessage, toolResultMessage } from './output';
import { decide, type PermissionPolicy } from './permissions';
import type { SpecFlowRequest } from './request';
import type { Transcript } from './sessions';
import type { SlashResolution } from './skills';
import { splitText } from './tasksFile';

/** Thrown to end a run early with an error result (budget, max turns, …). */
export class RunStop extends Error {
  constructor(
    readonly subtype: Exclude<ResultSubtype, 'success'>,
    readonly errors: string[],
    readonly terminalReason?: string,
  ) {
    super(errors.join('; '));
  }
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

export interface AgentSessionInit {
  cwd: string;
  env: NodeJS.ProcessEnv;
  args: CliArgs;
  prompt: string;
  command: SlashResolution;
  /** What the model would receive (the expanded command body, or the prompt). */
  expandedPrompt: string;
  request: SpecFlowRequest;
  sessionId: string;
  permissionMode: PermissionMode;
  policy: PermissionPolicy;
  tools: string[];
  jsonSchema: unknown;
  model: string;
  emit: (message: Json) => void;
  transcript: Transcript;
  partialMessages: boolean;
}

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

export class AgentSession {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly args: CliArgs;
  readonly prompt: string;
  readonly command: SlashResolution;
  readonly expandedPrompt: string;
  readonly request: SpecFlowRequest;
  readonly sessionId: string;
  readonly permissionMode: PermissionMode;
  readonly jsonSchema: unknown;
  readonly tools: string[];
  model: string;

  costUsd = 0;
  numTurns = 0;
  apiMs = 0;
  readonly permissionDenials: PermissionDenial[] = [];
  structured: { value: unknown } | undefined;
  lastText = '';
  /** ms from the session's creation to its first assistant message. */
  firstMessageMs: number | undefined;
  private readonly createdAt = Date.now();

  private readonly emitLine: (message: Json) => void;
  private readonly transcript: Transcript;
  private readonly policy: PermissionPolicy;
  private readonly partial: boolean;
  private readonly readFiles = new Set<string>();
  private current: { id: string; requestId: string; blocks: number; lastUuid: string } | undefined;

  constructor(init: AgentSessionInit) {
    this.cwd = init.cwd;
    this.env = init.env;
    this.args = init.args;
    this.prompt = init.prompt;
    this.command = init.command;
    this.expandedPrompt = init.expandedPrompt;
    this.request = init.request;
    this.sessionId = init.sessionId;
    this.permissionMode = init.permissionMode;
    this.jsonSchema = init.jsonSchema;
    this.tools = init.tools;
    this.model = init.model;
    this.emitLine = init.emit;
    this.transcript = init.transcript;
    this.policy = init.policy;
    this.partial = init.partialMessages;
  }

  /** Emit any message line (e.g. `system/model_fallback`, `system/api_retry`). */
  emit(message: Json): void {
    this.emitLine(message);
  }

  emitSystem(subtype: string, fields: Json): void {
    this.emitLine(systemMessage(subtype, fields, this.sessionId));
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

  /** Add cost for a model call; ends the run with error_max_budget_usd once over --max-budget-usd. */
  spend(usd: number): void {
    this.costUsd = Math.round((this.costUsd + usd) * 1e9) / 1e9;
    this.apiMs += 40;
    const max = this.args.maxBudgetUsd;
    if (max !== undefined && this.costUsd > max) {
      this.closeMessage('end_turn');
      throw new RunStop('error_max_budget_usd', [MESSAGES.budgetReached(max)]);
    }
  }

  sleep(ms: number): Promise<void> {
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
  }

  private streamEvent(event: Json): void {
    if (!this.partial) return;
    this.emitLine({ type: 'stream_event', event, session_id: this.sessionId, parent_tool_use_id: null, uuid: randomUUID() });
  }

  /** Start a new API message (one model call = one turn). */
  private beginMessage(): void {
    this.closeMessage('tool_use');
    const maxTurns = this.args.maxTurns;
    if (maxTurns !== undefined && Number.isFinite(maxTurns) && maxTurns > 0 && this.numTurns >= maxTurns) {
      this.numTurns++;
      throw new RunStop('error_max_turns', [MESSAGES.maxTurnsReached(maxTurns)], 'max_turns');
    }
    this.numTurns++;
    this.firstMessageMs ??= Date.now() - this.createdAt;
    this.current = {
      id: `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      requestId: `req_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      blocks: 0,
      lastUuid: '',
    };
    if (this.partial) {
      this.emitLine(systemMessage('status', { status: 'requesting' }, this.sessionId));
      this.streamEvent({
        type: 'message_start',
        message: {
          id: this.current.id,
          type: 'message',
          role: 'assistant',
          model: apiModelName(this.model),
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 100, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        },
      });
    }
  }

  /** Finish the open API message (partial-message events only). */
  closeMessage(stopReason: string): void {
    if (!this.current) return;
    this.streamEvent({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 20 } });
    this.streamEvent({ type: 'message_stop' });
    this.current = undefined;
  }

  private addBlock(block: ContentBlock, stopReason: string): string {
    if (!this.current) this.beginMessage();
    const cur = this.current!;
    const index = cur.blocks++;
    if (this.partial) {
      this.streamEvent({
        type: 'content_block_start',
        index,
        content_block: block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      this.streamEvent({
        type: 'content_block_delta',
        index,
        delta: block.type === 'text' ? { type: 'text_delta', text: block.text } : { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    const line = assistantMessage({
      messageId: cur.id,
      model: apiModelName(this.model),
      block,
      sessionId: this.sessionId,
      requestId: cur.requestId,
    });
    this.emitLine(line);
    this.streamEvent({ type: 'content_block_stop', index });
    const message = { ...(line.message as Json), stop_reason: stopReason };
    cur.lastUuid = this.transcript.entry({ type: 'assistant', message, requestId: cur.requestId, uuid: line.uuid });
    if (block.type === 'text') this.lastText = block.text;
    return cur.lastUuid;
  }

  /** An assistant text block as a new model turn. */
  say(text: string): void {
    this.beginMessage();
    this.addBlock({ type: 'text', text }, 'end_turn');
  }

  private toolCall(name: string, input: Json, preface: string | undefined): { id: string; assistantUuid: string } {
    this.beginMessage();
    if (preface) this.addBlock({ type: 'text', text: preface }, 'tool_use');
    const id = `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    const assistantUuid = this.addBlock({ type: 'tool_use', id, name, input }, 'tool_use');
    this.closeMessage('tool_use');
    return { id, assistantUuid };
  }

  private toolResult(call: { id: string; assistantUuid: string }, content: string, isError: boolean, toolUseResult: unknown): void {
    const line = toolResultMessage({ toolUseId: call.id, content, isError, toolUseResult, sessionId: this.sessionId });
    this.emitLine(line);
    this.transcript.entry({
      type: 'user',
      message: line.message,
      toolUseResult,
      sourceToolAssistantUUID: call.assistantUuid,
      uuid: line.uuid,
    });
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

  async read(file: string, preface?: string): Promise<ToolOutcome<ReadData>> {
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

  async write(file: string, content: string, preface?: string): Promise<ToolOutcome> {
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
  async edit(file: string, oldString: string, newString: string, preface?: string): Promise<ToolOutcome> {
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
