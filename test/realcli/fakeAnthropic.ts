// Scripted fake Anthropic Messages API for driving the GENUINE `claude` CLI offline.
//
// Zero dependencies (node:http only). One server per test file; every CLI run started with
// `--session-id <uuid>` gets its own script via `api.forSession(uuid, turns)`, so runs can go
// concurrently against one server. Requests without a session script use the default queue.
//
// Wire format (what the real CLI 2.1.197 expects, see /work/shared/reference/claude-fakeapi.md):
//   POST /v1/messages                 -> SSE (message_start, ping, content_block_*, message_delta, message_stop)
//                                        when body.stream, else the message JSON
//   POST /v1/messages/count_tokens    -> {input_tokens}
//   HEAD (any path)                   -> 200 (the CLI warms up the connection with `HEAD /` once per run)
//   anything else                     -> 404 (logged, and recorded in api.problems)
//
// Cost: the CLI computes `total_cost_usd` from the `usage` we return, priced by the REQUESTED model.
// For the default model (claude-opus-4-8) that is $5 / M input tokens and $25 / M output tokens:
//     cost = input_tokens * 5e-6 + output_tokens * 25e-6        (cache tokens are 0 here)
// e.g. {input_tokens:100, output_tokens:7} -> 0.000675. `usageForCost(usd)` inverts this.

import http from 'node:http';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// Types

export interface TextBlock {
  type: 'text';
  text: string;
}
export interface ToolUseBlock {
  type: 'tool_use';
  name: string;
  input: Record<string, unknown>;
  /** Generated (`toolu_…`) when omitted. */
  id?: string;
}
export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature?: string;
}
export type ContentBlock = TextBlock | ToolUseBlock | ThinkingBlock;

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** An HTTP error status; the API's own are 400, 401, 403, 404, 413, 429, 500, 503 and 529. */
export type ErrorStatus = number;

export interface TurnMatch {
  /** The text of the LAST user message (text blocks + tool_result text) must include this. */
  lastUserIncludes?: string;
  /** The text of ANY user message (see allUserText) must include this. */
  anyUserIncludes?: string;
  /** body.model must equal this. */
  model?: string;
}

export interface Turn {
  /** Assistant content blocks. Default: one text block "ok". */
  content?: ContentBlock[];
  /** Default {input_tokens: 10, output_tokens: 5}. Drives total_cost_usd (see usageForCost). */
  usage?: Partial<Usage>;
  /** Default: "tool_use" when content has a tool_use block, else "end_turn" (also: max_tokens, stop_sequence, refusal…). */
  stop_reason?: string;
  /** The model reported in message_start. Default: the requested model. */
  model?: string;
  /** Wait this long before answering (headers included). The timer is cancelled if the client goes away. */
  delayMs?: number;
  /** Never answer (until the client disconnects or the server closes). For cancellation tests. */
  hang?: true;
  /** Answer with this HTTP error status and `{"type":"error","error":error}` instead of a message. */
  status?: ErrorStatus;
  error?: { type: string; message: string };
  /** Extra response headers (error or success). */
  headers?: Record<string, string>;
  /** Guard: if the request does not match, answer 400 and record a problem (fails loudly). */
  match?: TurnMatch;
}

/**
 * A queue entry: a fixed turn, or a function of the incoming request (see LoggedRequest) computed when the
 * request arrives. A function may return an ARRAY of specs: the first answers this request, the rest are put
 * at the FRONT of the same queue (e.g. "read the task ids from the expanded command, then checkOff them").
 */
export type DynamicTurn = (req: LoggedRequest) => Turn | TurnSpec[];
export type TurnSpec = Turn | DynamicTurn;

/** Sticky answer checked before any queue (e.g. "the primary model is always overloaded"). */
export interface Rule extends Turn {
  when?: { model?: string; sessionId?: string };
  /** Stop applying after this many hits (default: unlimited). */
  times?: number;
}

export interface LoggedRequest {
  seq: number;
  t: number;
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (or the raw string if it was not JSON, or null): read it through bodyField and the helpers below. */
  body: unknown;
  /** The x-claude-code-session-id header. */
  sessionId: string | undefined;
  kind: 'messages' | 'count_tokens' | 'head' | 'other';
  /** Where the answer came from: "session", "default", "rule", "exhausted", "mismatch"… */
  source?: string;
  /** HTTP status we answered with (200 for messages, undefined while hanging / before answering). */
  status?: number;
  /** The usage we answered with (200 messages only): what the CLI prices into total_cost_usd. */
  usage?: Usage;
  /** The model we reported in the answer (200 messages only). */
  answeredModel?: string;
}

/**
 * Called for a request whose session has NO script yet (e.g. a session id the product chose, or a fork's
 * fresh id): return the session's whole script (its first entry answers this request), or undefined to
 * use the default queue. This lets a test answer from what the CLI sent instead of knowing ids in advance.
 */
export type SessionRouter = (req: LoggedRequest) => TurnSpec[] | undefined;

export interface FakeApiOptions {
  host?: string;
  port?: number;
  /** Default queue (used by requests whose session has no script). */
  turns?: TurnSpec[];
  /** Sticky per-model / per-session answers, checked first. */
  rules?: Rule[];
  /** Append every request as JSON to this file (debugging). */
  logFile?: string;
  /** Scripts sessions on their first request (see SessionRouter). */
  router?: SessionRouter;
}

export interface FakeApi {
  port: number;
  /** http://127.0.0.1:<port> — use as ANTHROPIC_BASE_URL. */
  url: string;
  /** Every request ever received, in arrival order. */
  requests: LoggedRequest[];
  /** Unexpected things: exhausted scripts, failed match guards, unknown paths, dynamic turn exceptions. */
  problems: string[];
  /** Script the turns for one CLI session (the --session-id you pass). Replaces any previous script. */
  forSession(sessionId: string, turns: TurnSpec[]): void;
  /** Append to the default queue. */
  push(...turns: TurnSpec[]): void;
  addRule(rule: Rule): void;
  /** Install (or remove) the SessionRouter. */
  setRouter(router: SessionRouter | undefined): void;
  /** Turns not yet consumed for a session (or the default queue). */
  remaining(sessionId?: string): number;
  requestsFor(sessionId: string): LoggedRequest[];
  /** Resolves with the first (or n-th, 1-based) /v1/messages request of a session. Rejects after timeoutMs. */
  waitForRequest(sessionId: string, opts?: { n?: number; timeoutMs?: number }): Promise<LoggedRequest>;
  lastUserText: typeof lastUserText;
  allUserText: typeof allUserText;
  toolNames: typeof toolNames;
  model: typeof model;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Turn builders ("script it the way a real model would")

const uid = (n = 24) => randomUUID().replace(/-/g, '').slice(0, n);

export function textBlock(text: string): TextBlock {
  return { type: 'text', text };
}
export function toolUseBlock(name: string, input: Record<string, unknown>, id?: string): ToolUseBlock {
  return id ? { type: 'tool_use', name, input, id } : { type: 'tool_use', name, input };
}

/** A final text answer. */
export function text(t: string, extra: Partial<Turn> = {}): Turn {
  return { ...extra, content: [textBlock(t), ...(extra.content ?? [])] };
}
/** One tool call. */
export function toolUse(name: string, input: Record<string, unknown>, extra: Partial<Turn> = {}): Turn {
  return { ...extra, content: [...(extra.content ?? []), toolUseBlock(name, input)] };
}
/** Read tool call. Use an ABSOLUTE path. Edit refuses files not Read in the same conversation. */
export function read(filePath: string, extra: Partial<Turn> = {}): Turn {
  return toolUse('Read', { file_path: filePath }, extra);
}
/** Edit tool call. old_string must occur exactly once in the file (else the tool errors). */
export function edit(filePath: string, oldString: string, newString: string, extra: Partial<Turn> = {}): Turn {
  return toolUse('Edit', { file_path: filePath, old_string: oldString, new_string: newString }, extra);
}
/** Write tool call (new files need no prior Read; existing files do). */
export function write(filePath: string, content: string, extra: Partial<Turn> = {}): Turn {
  return toolUse('Write', { file_path: filePath, content }, extra);
}
/** The StructuredOutput tool the CLI adds for --json-schema; its input IS the structured output. */
export function structuredOutput(obj: Record<string, unknown>, extra: Partial<Turn> = {}): Turn {
  return toolUse('StructuredOutput', obj, extra);
}
/** The five-hour and weekly windows a subscriber's plan has (`anthropic-ratelimit-unified-representative-claim`). */
export type LimitClaim = 'five_hour' | 'seven_day' | 'seven_day_opus' | 'seven_day_sonnet' | 'overage';

/**
 * A subscriber's usage-limit refusal (claude-cli.md §10): HTTP 429 with the `anthropic-ratelimit-unified-*`
 * headers. Signed in (CLAUDE_CODE_OAUTH_TOKEN), claude 2.1.197 prints a `rate_limit_event` (status "rejected",
 * resetsAt = `resetEpochS`) and the result "You've hit your session limit · resets 6:57am (UTC)". With an API key
 * the same answer is a plain "API Error: Request rejected (429) · <message>" and no event.
 */
export function usageLimitTurn(claim: LimitClaim, resetEpochS: number, extra: Partial<Turn> = {}): Turn {
  return {
    ...extra,
    status: 429,
    error: { type: 'rate_limit_error', message: "This request would exceed your account's rate limit. Please try again later." },
    headers: {
      'anthropic-ratelimit-unified-status': 'rejected',
      'anthropic-ratelimit-unified-reset': String(resetEpochS),
      'anthropic-ratelimit-unified-representative-claim': claim,
      ...(extra.headers ?? {}),
    },
  };
}
/** Merge several turns' content into ONE assistant message (e.g. text + tool_use, or parallel tool calls). */
export function combine(...turns: Turn[]): Turn {
  const out: Turn = {};
  for (const t of turns) Object.assign(out, t, { content: [...(out.content ?? []), ...(t.content ?? [])] });
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns that check off tasks in a spec-kit tasks.md: one Read, then one Edit per id changing
 * `- [ ] Tnnn` to `- [x] Tnnn`. The Edit turns are dynamic: at request time they read the file and use
 * the WHOLE line as old_string (unique, unlike a bare `- [ ] T001` prefix which also matches T0010).
 * If the line is not found (already checked / missing) the Edit uses `- [ ] <id>` and the tool reports the error.
 */
export function checkOff(tasksPath: string, ids: string[], opts: { finalText?: string } = {}): TurnSpec[] {
  const turns: TurnSpec[] = [read(tasksPath)];
  for (const id of ids) {
    turns.push(() => {
      let line: string | undefined;
      try {
        const re = new RegExp(`^([ \\t]*[-*] )\\[ \\] ${escapeRe(id)}(?![0-9A-Za-z_]).*$`, 'm');
        line = re.exec(fs.readFileSync(tasksPath, 'utf8'))?.[0];
      } catch {
        /* file missing: fall through */
      }
      if (!line) return edit(tasksPath, `- [ ] ${id}`, `- [x] ${id}`);
      return edit(tasksPath, line, line.replace('[ ]', '[x]'));
    });
  }
  if (opts.finalText !== undefined) turns.push(text(opts.finalText));
  return turns;
}

/** Default-model prices (claude-opus-4-8, what the CLI uses without --model), USD per token. */
export const DEFAULT_MODEL_PRICE = { input: 5 / 1_000_000, output: 25 / 1_000_000 } as const;

/** total_cost_usd the CLI will report for one turn with this usage on the default model. */
export function costOf(usage: Partial<Usage>): number {
  return (usage.input_tokens ?? 0) * DEFAULT_MODEL_PRICE.input + (usage.output_tokens ?? 0) * DEFAULT_MODEL_PRICE.output;
}

/**
 * A usage that makes the CLI report ≈ `usd` for the turn on the default model:
 *   output_tokens = 1 (so the message is not empty), input_tokens = round((usd - 25e-6) / 5e-6).
 * Exact to ±$2.5e-6 (half an input token). Costs below $25e-6 give {input_tokens:0, output_tokens:1}.
 */
export function usageForCost(usd: number): Usage {
  const input = Math.max(0, Math.round((usd - DEFAULT_MODEL_PRICE.output) / DEFAULT_MODEL_PRICE.input));
  return { input_tokens: input, output_tokens: 1 };
}

// ---------------------------------------------------------------------------------------------
// Request inspection helpers

// A request body is whatever the CLI sent: each helper checks the shape of what it reads, and reads a missing
// or odd-shaped part as empty. They take `undefined` too (e.g. `msgs[0]` of a session with no request yet).

type JsonObject = { [key: string]: unknown };
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null;

/** body[key] of a request (undefined when the body is not a JSON object). */
export function bodyField(req: LoggedRequest | undefined, key: string): unknown {
  return isObject(req?.body) ? req.body[key] : undefined;
}
function listField(req: LoggedRequest | undefined, key: string): unknown[] {
  const v = bodyField(req, key);
  return Array.isArray(v) ? (v as unknown[]) : [];
}
/** body.messages (elements as sent: normally {role, content} objects). */
export function messagesOf(req: LoggedRequest | undefined): unknown[] {
  return listField(req, 'messages');
}
/** The role of each message, in order. */
export function messageRoles(req: LoggedRequest | undefined): unknown[] {
  return messagesOf(req).map((m) => (isObject(m) ? m.role : undefined));
}
const isUserMessage = (m: unknown): m is JsonObject => isObject(m) && m.role === 'user';
function lastUserMessage(req: LoggedRequest | undefined): JsonObject | undefined {
  const msgs = messagesOf(req);
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i];
    if (isUserMessage(m)) return m;
  }
  return undefined;
}

function blocksOf(content: unknown): unknown[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as unknown[]) : [];
}
const isBlock = (b: unknown, type: string): b is JsonObject => isObject(b) && b.type === type;
function toolResultText(b: JsonObject): string {
  return blocksOf(b.content)
    .map((x) => (isBlock(x, 'text') ? String(x.text) : ''))
    .join('\n');
}
function userMessageText(m: JsonObject, withToolResults: boolean): string {
  return blocksOf(m.content)
    .map((b) => (isBlock(b, 'text') ? String(b.text) : withToolResults && isBlock(b, 'tool_result') ? toolResultText(b) : ''))
    .filter(Boolean)
    .join('\n');
}

/** Text of the last role:"user" message: its text blocks and tool_result texts, joined by "\n". */
export function lastUserText(req: LoggedRequest | undefined): string {
  const last = lastUserMessage(req);
  return last ? userMessageText(last, true) : '';
}
/** Text blocks of ALL role:"user" messages (the prompt, the <command-*> tags and expanded slash-command body, nudges). */
export function allUserText(req: LoggedRequest | undefined): string {
  return messagesOf(req)
    .filter(isUserMessage)
    .map((m) => userMessageText(m, false))
    .filter(Boolean)
    .join('\n');
}
/** Names in body.tools, in request order. */
export function toolNames(req: LoggedRequest | undefined): string[] {
  return listField(req, 'tools')
    .map((t) => (isObject(t) ? t.name : undefined))
    .filter((name): name is string => typeof name === 'string' && name !== '');
}
/** body.model (undefined unless it is a string). */
export function model(req: LoggedRequest | undefined): string | undefined {
  const m = bodyField(req, 'model');
  return typeof m === 'string' ? m : undefined;
}
/** tool_result blocks in the last user message (to assert what the CLI did with a tool call). */
export function lastToolResults(req: LoggedRequest | undefined): Array<{ tool_use_id: string; is_error: boolean; text: string }> {
  const last = lastUserMessage(req);
  if (!last) return [];
  return blocksOf(last.content)
    .filter((b) => isBlock(b, 'tool_result'))
    .map((b) => ({ tool_use_id: typeof b.tool_use_id === 'string' ? b.tool_use_id : '', is_error: !!b.is_error, text: toolResultText(b) }));
}

/** A thrown value for a problem line: its stack when it has one. */
function describeThrown(e: unknown): string {
  return (e instanceof Error ? e.stack : undefined) ?? String(e);
}

// ---------------------------------------------------------------------------------------------
// Server

function sse(res: http.ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function buildMessage(turn: Turn, requestedModel: string | undefined) {
  const content = (turn.content && turn.content.length ? turn.content : [textBlock('ok')]).map((b) =>
    b.type === 'tool_use' ? { ...b, id: b.id ?? 'toolu_' + uid() } : b,
  );
  const stop_reason = turn.stop_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  const usage: Usage = {
    input_tokens: 10,
    output_tokens: 5,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    ...(turn.usage ?? {}),
  };
  return {
    id: 'msg_fake_' + uid(),
    type: 'message' as const,
    role: 'assistant' as const,
    model: turn.model ?? requestedModel ?? 'claude-fake',
    content,
    stop_reason,
    stop_sequence: null,
    usage,
  };
}

function halves(s: string): string[] {
  const cut = Math.ceil(s.length / 2);
  return [s.slice(0, cut), s.slice(cut)].filter(Boolean);
}

function streamMessage(res: http.ServerResponse, msg: ReturnType<typeof buildMessage>, headers: Record<string, string>): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': 'req_fake_' + uid(),
    ...headers,
  });
  const { content, stop_reason, usage, ...rest } = msg;
  sse(res, 'message_start', {
    type: 'message_start',
    message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  sse(res, 'ping', { type: 'ping' });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const part of halves(block.text ?? '')) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } });
      }
    } else if (block.type === 'tool_use') {
      sse(res, 'content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      for (const part of halves(JSON.stringify(block.input ?? {}))) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    } else if (block.type === 'thinking') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking ?? '' } });
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature ?? 'fake-sig' } });
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function sendError(res: http.ServerResponse, status: number, error: { type: string; message: string }, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake_' + uid(), ...headers });
  res.end(JSON.stringify({ type: 'error', error }));
}

export function startFakeAnthropic(opts: FakeApiOptions = {}): Promise<FakeApi> {
  const host = opts.host ?? '127.0.0.1';
  const defaultQueue: TurnSpec[] = [...(opts.turns ?? [])];
  const sessions = new Map<string, TurnSpec[]>();
  const rules: Rule[] = [...(opts.rules ?? [])];
  const ruleHits = new Map<Rule, number>();
  const requests: LoggedRequest[] = [];
  const problems: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let router: SessionRouter | undefined = opts.router;
  let seq = 0;

  const log = (entry: LoggedRequest) => {
    requests.push(entry);
    if (opts.logFile) fs.appendFileSync(opts.logFile, JSON.stringify(entry) + '\n');
    for (const w of [...waiters]) w();
  };

  const pickTurn = (entry: LoggedRequest): { turn: Turn; source: string } => {
    const rule = rules.find(
      (r) =>
        (!r.when?.model || r.when.model === bodyField(entry, 'model')) &&
        (!r.when?.sessionId || r.when.sessionId === entry.sessionId) &&
        (r.times === undefined || (ruleHits.get(r) ?? 0) < r.times),
    );
    if (rule) {
      ruleHits.set(rule, (ruleHits.get(rule) ?? 0) + 1);
      return { turn: rule, source: 'rule' };
    }
    const sid = entry.sessionId;
    if (sid && !sessions.has(sid) && router) {
      try {
        const script = router(entry);
        if (script) sessions.set(sid, [...script]);
      } catch (e) {
        const msg = `fake-anthropic: router threw for request #${entry.seq}: ${describeThrown(e)}`;
        problems.push(msg);
        return { turn: { status: 400, error: { type: 'invalid_request_error', message: msg } }, source: 'router-error' };
      }
    }
    const fromSession = !!sid && sessions.has(sid);
    const q = fromSession ? sessions.get(sid)! : defaultQueue;
    const spec = q.shift();
    if (!spec) {
      const msg = `fake-anthropic: no scripted turn left for ${fromSession ? 'session ' + sid : 'the default queue'} (request #${entry.seq})`;
      problems.push(msg);
      // 400 is not retried by the CLI, so an exhausted script fails fast even with retries on.
      return { turn: { status: 400, error: { type: 'invalid_request_error', message: msg } }, source: 'exhausted' };
    }
    let turn: Turn;
    try {
      let cur: TurnSpec = spec;
      // resolve dynamic specs (a function may expand into several queued specs)
      for (let depth = 0; typeof cur === 'function'; depth++) {
        if (depth > 50) throw new Error('dynamic turns nested too deep');
        const out: Turn | TurnSpec[] = cur(entry);
        if (Array.isArray(out)) {
          if (!out.length) throw new Error('dynamic turn returned an empty array');
          q.unshift(...out.slice(1));
          cur = out[0]!;
        } else cur = out;
      }
      turn = cur;
    } catch (e) {
      const msg = `fake-anthropic: dynamic turn threw for request #${entry.seq}: ${describeThrown(e)}`;
      problems.push(msg);
      return { turn: { status: 400, error: { type: 'invalid_request_error', message: msg } }, source: 'dynamic-error' };
    }
    return { turn, source: fromSession ? 'session' : 'default' };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const sidHeader = req.headers['x-claude-code-session-id'];
      const entry: LoggedRequest = {
        seq: ++seq,
        t: Date.now(),
        method: req.method ?? '',
        path: url.pathname,
        query: url.search,
        headers: req.headers,
        body,
        sessionId: Array.isArray(sidHeader) ? sidHeader[0] : sidHeader,
        kind: 'other',
      };

      if (req.method === 'POST' && url.pathname === '/v1/messages') {
        entry.kind = 'messages';
        let { turn, source } = pickTurn(entry);
        if (turn.match) {
          const m = turn.match;
          const why: string[] = [];
          const sentModel = bodyField(entry, 'model');
          if (m.model && sentModel !== m.model) why.push(`model ${JSON.stringify(sentModel)} != ${JSON.stringify(m.model)}`);
          if (m.lastUserIncludes && !lastUserText(entry).includes(m.lastUserIncludes)) why.push(`last user text lacks ${JSON.stringify(m.lastUserIncludes)}`);
          if (m.anyUserIncludes && !allUserText(entry).includes(m.anyUserIncludes)) why.push(`user text lacks ${JSON.stringify(m.anyUserIncludes)}`);
          if (why.length) {
            const msg = `fake-anthropic: match failed for request #${entry.seq} (session ${entry.sessionId}): ${why.join('; ')}`;
            problems.push(msg);
            turn = { status: 400, error: { type: 'invalid_request_error', message: msg } };
            source = 'mismatch';
          }
        }
        entry.source = source;
        log(entry);

        const answer = () => {
          if (turn.status && turn.status !== 200) {
            entry.status = turn.status;
            sendError(res, turn.status, turn.error ?? { type: 'api_error', message: 'fake error' }, turn.headers);
            return;
          }
          entry.status = 200;
          const msg = buildMessage(turn, model(entry));
          entry.usage = msg.usage;
          entry.answeredModel = msg.model;
          if (bodyField(entry, 'stream')) streamMessage(res, msg, turn.headers ?? {});
          else {
            res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_fake_' + uid(), ...(turn.headers ?? {}) });
            res.end(JSON.stringify(msg));
          }
        };
        if (turn.hang) return; // never answer; close() or the client's disconnect ends it
        if (turn.delayMs) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) answer();
          }, turn.delayMs);
          timers.add(timer);
          res.on('close', () => {
            clearTimeout(timer);
            timers.delete(timer);
          });
          return;
        }
        answer();
        return;
      }

      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        entry.kind = 'count_tokens';
        entry.status = 200;
        log(entry);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ input_tokens: Math.ceil(raw.length / 4) }));
        return;
      }

      if (req.method === 'HEAD') {
        // The CLI (Bun fetch) sends `HEAD /` to the base URL at start-up (connection warm-up). Harmless.
        entry.kind = 'head';
        entry.status = 200;
        log(entry);
        res.writeHead(200);
        res.end();
        return;
      }

      entry.status = 404;
      problems.push(`fake-anthropic: unexpected ${req.method} ${url.pathname}`);
      log(entry);
      sendError(res, 404, { type: 'not_found_error', message: 'fake-anthropic: ' + url.pathname });
    });
  });

  const requestsFor = (sessionId: string) => requests.filter((r) => r.sessionId === sessionId);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      const api: FakeApi = {
        port,
        url: `http://${host}:${port}`,
        requests,
        problems,
        forSession: (sessionId, turns) => void sessions.set(sessionId, [...turns]),
        push: (...turns) => void defaultQueue.push(...turns),
        addRule: (rule) => void rules.push(rule),
        setRouter: (r) => void (router = r),
        remaining: (sessionId) => (sessionId ? (sessions.get(sessionId)?.length ?? 0) : defaultQueue.length),
        requestsFor,
        waitForRequest: (sessionId, { n = 1, timeoutMs = 20_000 } = {}) =>
          new Promise((res, rej) => {
            const check = () => {
              const hit = requestsFor(sessionId).filter((r) => r.kind === 'messages')[n - 1];
              if (!hit) return false;
              waiters.delete(check);
              clearTimeout(timer);
              res(hit);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              rej(new Error(`fake-anthropic: no request #${n} for session ${sessionId} within ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
        lastUserText,
        allUserText,
        toolNames,
        model,
        close: () =>
          new Promise<void>((res) => {
            timers.forEach(clearTimeout);
            timers.clear();
            server.close(() => res());
            server.closeAllConnections();
          }),
      };
      resolve(api);
    });
  });
}
