// The headless `claude -p` contract (reference §9): parse and validate the command line in the real CLI's order,
// set up the session, print `system/init`, let a Behaviour do the turn, print exactly one result, exit 1 iff
// is_error. SIGTERM → exit 143 and SIGINT → exit 0, both without a result line.
import * as path from 'node:path';
import * as readline from 'node:readline';
import { RunStop, AgentSession, type AgentOutcome } from './agent';
import { CliUsageError, effectivePermissionMode, parseArgs, type CliArgs } from './args';
import type { Behaviour } from './behaviour';
import { BUILTIN_AGENTS, CLAUDE_CODE_VERSION, DEFAULT_MODEL_DISPLAY, DEFAULT_TOOLS, MESSAGES, resolveModelAlias } from './constants';
import { HELP_TEXT } from './helpText';
import { initMessage, OutputSink, resultMessage, syntheticAssistantMessage, tokensForCost, type Json, type ResultInfo, type Writable } from './output';
import { parseRule } from './permissions';
import { interpretRequest } from './request';
import { checkSessionIdFlag, ConversationNotFoundError, planSession, projectDir, Transcript, type SessionPlan } from './sessions';
import { discoverCommands, expandCommand, parseSlashPrompt, resolveSlashCommand, skillNames } from './skills';

export interface RunClaudeOptions {
  /** Arguments after the executable (what `claude` would see in process.argv.slice(2)). */
  argv: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A readable stream (process.stdin), the stdin text, or null for none. */
  stdin?: NodeJS.ReadableStream | string | null;
  stdout?: Writable;
  stderr?: Writable;
  behaviour: Behaviour;
  /** Whether we run as root (default: process.getuid() === 0). */
  isRoot?: boolean;
  /** Install SIGTERM/SIGINT handlers that exit like the real CLI (the executables do; in-process callers don't). */
  handleSignals?: boolean;
  /** Milliseconds to wait for the first stdin data before proceeding without it (real CLI: 3000). */
  stdinTimeoutMs?: number;
}

type TtyStream = NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void };

/** Read piped stdin like the CLI: nothing for a TTY; give up with a warning when no data arrives in time. */
function readStdinText(stdin: RunClaudeOptions['stdin'], timeoutMs: number, stderr: Writable): Promise<string | undefined> {
  if (typeof stdin === 'string') return Promise.resolve(stdin);
  if (!stdin || (stdin as TtyStream).isTTY) return Promise.resolve(undefined);
  const stream = stdin as TtyStream;
  return new Promise((resolve) => {
    let data = '';
    let got = false;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onEnd);
      resolve(value);
    };
    const onData = (d: Buffer | string) => {
      got = true;
      data += d.toString();
    };
    const onEnd = () => finish(data);
    const timer = setTimeout(() => {
      if (got) return;
      stderr.write(`${MESSAGES.stdinTimeout}\n`);
      stream.pause();
      stream.destroy?.();
      finish(undefined);
    }, timeoutMs);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onEnd);
    stream.resume();
  });
}

/** `system/init.tools` for this command line. */
export function sessionTools(args: CliArgs): string[] {
  let tools: string[];
  if (args.tools === undefined || args.tools.includes('default')) tools = [...DEFAULT_TOOLS];
  else tools = [...new Set(args.tools)].sort();
  const removed = new Set(
    args.disallowedTools
      .map(parseRule)
      .filter((r) => r.pattern === undefined)
      .map((r) => r.tool),
  );
  tools = tools.filter((t) => !removed.has(t));
  if (args.jsonSchema !== undefined) tools.push('StructuredOutput');
  return tools;
}

function apiErrorStatusText(outcome: Extract<AgentOutcome, { type: 'api_error' }>): string {
  return outcome.text;
}

interface TurnResult {
  exitCode: number;
}

class Runner {
  private readonly env: NodeJS.ProcessEnv;
  private readonly cwd: string;
  private readonly out: Writable;
  private readonly err: Writable;
  private readonly behaviour: Behaviour;

  constructor(private readonly opts: RunClaudeOptions) {
    this.env = opts.env ?? process.env;
    this.cwd = path.resolve(opts.cwd ?? process.cwd());
    this.out = opts.stdout ?? process.stdout;
    this.err = opts.stderr ?? process.stderr;
    this.behaviour = opts.behaviour;
  }

  private usageError(message: string, code = 1): number {
    this.err.write(`${message}\n`);
    this.behaviour.onUsageError?.({ argv: this.opts.argv, cwd: this.cwd, env: this.env, message });
    return code;
  }

  async run(): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs(this.opts.argv);
    } catch (e) {
      if (e instanceof CliUsageError) return this.usageError(e.message, e.exitCode);
      throw e;
    }
    if (parsed.type === 'version') {
      this.out.write(`${this.behaviour.cliVersion ?? CLAUDE_CODE_VERSION} (Claude Code)\n`);
      return 0;
    }
    if (parsed.type === 'help') {
      this.out.write(HELP_TEXT.endsWith('\n') ? HELP_TEXT : `${HELP_TEXT}\n`);
      return 0;
    }
    if (parsed.type === 'subcommand') {
      return this.usageError(`error: the '${parsed.name}' command is not supported by this claude-compatible agent`);
    }
    const args = parsed.args;
    let plan: SessionPlan;
    let schema: unknown;
    try {
      checkSessionIdFlag(args, this.env, this.cwd);
      if (args.inputFormat === 'stream-json' && args.outputFormat !== 'stream-json') {
        throw new CliUsageError(MESSAGES.inputFormatNeedsStreamJson);
      }
      const root = this.opts.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
      if (root && effectivePermissionMode(args) === 'bypassPermissions' && this.env.IS_SANDBOX !== '1') {
        throw new CliUsageError(MESSAGES.rootBypass);
      }
      plan = planSession(args, this.env, this.cwd);
    } catch (e) {
      if (e instanceof ConversationNotFoundError) {
        const code = this.usageError(e.message);
        if (args.outputFormat === 'stream-json') {
          this.out.write(
            `${JSON.stringify(
              resultMessage({
                subtype: 'error_during_execution',
                isError: true,
                durationMs: 0,
                durationApiMs: 0,
                numTurns: 0,
                sessionId: e.sessionId,
                costUsd: 0,
                tokens: { inputTokens: 0, outputTokens: 0 },
                modelUsageKey: undefined,
                permissionDenials: [],
                stopReason: null,
                errors: [e.message],
              }),
            )}\n`,
          );
        }
        return code;
      }
      if (e instanceof CliUsageError) return this.usageError(e.message, e.exitCode);
      throw e;
    }

    if (args.inputFormat === 'text') {
      const stdinText = await readStdinText(this.opts.stdin ?? null, this.opts.stdinTimeoutMs ?? 3000, this.err);
      const parts = [args.prompt, stdinText].filter((p): p is string => p !== undefined && p !== '');
      if (parts.length === 0) return this.usageError(MESSAGES.noInput);
      if (args.outputFormat === 'stream-json' && !args.verbose) return this.usageError(MESSAGES.streamJsonNeedsVerbose);
      try {
        schema = args.jsonSchema === undefined ? undefined : JSON.parse(args.jsonSchema);
      } catch (e) {
        return this.usageError(MESSAGES.jsonSchemaInvalid((e as Error).message));
      }
      const transcript = new Transcript(plan.transcriptPath, plan.sessionId, this.cwd, CLAUDE_CODE_VERSION, plan);
      const sink = new OutputSink(this.out, args.outputFormat, args.verbose);
      return (await this.turn(args, plan, transcript, sink, parts.join('\n'), schema)).exitCode;
    }

    // --input-format stream-json: one turn per NDJSON user message on stdin; exit at EOF.
    if (!args.verbose) return this.usageError(MESSAGES.streamJsonNeedsVerbose);
    try {
      schema = args.jsonSchema === undefined ? undefined : JSON.parse(args.jsonSchema);
    } catch (e) {
      return this.usageError(MESSAGES.jsonSchemaInvalid((e as Error).message));
    }
    const transcript = new Transcript(plan.transcriptPath, plan.sessionId, this.cwd, CLAUDE_CODE_VERSION, plan);
    let exitCode = 0;
    const stdin = this.opts.stdin;
    const lines: AsyncIterable<string> | string[] =
      typeof stdin === 'string' ? stdin.split('\n') : stdin ? readline.createInterface({ input: stdin, crlfDelay: Infinity }) : [];
    for await (const line of lines) {
      if (!line.trim()) continue;
      let msg: Json;
      try {
        msg = JSON.parse(line) as Json;
      } catch {
        this.err.write(`Error parsing streaming input line: ${line}\n`);
        return 1;
      }
      if (msg.type !== 'user') continue;
      const message = msg.message as { content?: unknown } | undefined;
      const content = message?.content;
      const prompt =
        typeof content === 'string'
          ? content
          : Array.isArray(content)
            ? content
                .filter((b): b is { type: string; text: string } => typeof b === 'object' && b !== null && (b as Json).type === 'text')
                .map((b) => b.text)
                .join('\n')
            : '';
      const sink = new OutputSink(this.out, 'stream-json', true);
      if (args.replayUserMessages) {
        sink.emit({
          ...msg,
          session_id: plan.sessionId,
          parent_tool_use_id: null,
          uuid: (msg.uuid as string) ?? undefined,
          timestamp: new Date().toISOString(),
          isReplay: true,
        });
      }
      exitCode = (await this.turn(args, plan, transcript, sink, prompt, schema)).exitCode;
    }
    return exitCode;
  }

  private async turn(args: CliArgs, plan: SessionPlan, transcript: Transcript, sink: OutputSink, prompt: string, schema: unknown): Promise<TurnResult> {
    const started = Date.now();
    const defs = discoverCommands(this.cwd, this.env, args.settingSources);
    const resolution = resolveSlashCommand(prompt, defs, args.disableSlashCommands);
    const tools = sessionTools(args);
    const permissionMode = effectivePermissionMode(args);
    const model = this.behaviour.resolveModel?.(args.model) ?? (args.model ? resolveModelAlias(args.model) : DEFAULT_MODEL_DISPLAY);
    const apiKeySource = this.behaviour.apiKeySource?.(this.env) ?? (this.env.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY' : 'none');

    sink.emit(
      initMessage({
        cwd: this.cwd,
        sessionId: plan.sessionId,
        tools,
        model,
        permissionMode,
        slashCommands: defs.map((d) => d.name),
        skills: skillNames(defs),
        apiKeySource,
        version: this.behaviour.versionLabel ?? CLAUDE_CODE_VERSION,
        agents: [...BUILTIN_AGENTS],
        memoryDir: `${path.join(projectDir(this.env, this.cwd), 'memory')}/`,
      }),
    );
    transcript.queue('enqueue', prompt);
    transcript.queue('dequeue');

    // What the model would see, and what SpecFlow asked for.
    const asTyped = parseSlashPrompt(prompt);
    let expanded = prompt;
    if (resolution.type === 'found') {
      expanded = expandCommand(resolution.def, resolution.args);
      transcript.entry({
        type: 'user',
        message: {
          role: 'user',
          content: `<command-message>${resolution.name}</command-message>\n<command-name>/${resolution.name}</command-name>\n<command-args>${resolution.args}</command-args>`,
        },
      });
      transcript.entry({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: expanded }] }, isMeta: true });
    } else if (resolution.type === 'none') {
      transcript.entry({ type: 'user', message: { role: 'user', content: prompt } });
    }
    const skill = resolution.type === 'found' || resolution.type === 'unknown' ? resolution.name : asTyped?.name;
    const skillArgs = resolution.type === 'found' || resolution.type === 'unknown' ? resolution.args : asTyped?.args;
    const request = interpretRequest({
      prompt,
      skill: skill && !/\s/.test(skill) && (resolution.type !== 'none' || /^[\w.:-]+$/.test(skill)) ? skill : undefined,
      args: skill ? skillArgs : undefined,
      hasJsonSchema: schema !== undefined,
    });

    const session = new AgentSession({
      cwd: this.cwd,
      env: this.env,
      args,
      prompt,
      command: resolution,
      expandedPrompt: expanded,
      request,
      sessionId: plan.sessionId,
      permissionMode,
      policy: {
        mode: permissionMode,
        allow: args.allowedTools.map(parseRule),
        deny: args.disallowedTools.map(parseRule),
        cwd: this.cwd,
        workingDirs: [this.cwd, ...args.addDirs.map((d) => path.resolve(this.cwd, d))],
      },
      tools,
      jsonSchema: schema,
      model,
      emit: (m) => sink.emit(m),
      transcript,
      partialMessages: args.includePartialMessages && args.outputFormat === 'stream-json',
    });

    let outcome: AgentOutcome;
    try {
      outcome = await this.behaviour.run(session);
    } catch (e) {
      if (e instanceof RunStop) outcome = { type: 'error', subtype: e.subtype, errors: e.errors, terminalReason: e.terminalReason };
      else outcome = { type: 'error', subtype: 'error_during_execution', errors: [e instanceof Error ? e.message : String(e)] };
    }
    session.closeMessage('end_turn');

    const durationMs = Date.now() - started;
    const base = {
      durationMs,
      durationApiMs: Math.min(session.apiMs, durationMs),
      sessionId: plan.sessionId,
      costUsd: session.costUsd,
      tokens: tokensForCost(session.costUsd),
      modelUsageKey: session.costUsd > 0 || session.numTurns > 0 ? session.model : undefined,
      permissionDenials: session.permissionDenials,
    };
    let info: ResultInfo;
    switch (outcome.type) {
      case 'unknown_command': {
        const text = outcome.message ?? (resolution.type === 'unknown' ? resolution.message : MESSAGES.unknownCommand(request.skill ?? skill ?? ''));
        transcript.entry({ type: 'system', subtype: 'local_command', content: prompt.trim().split(/\s/)[0], level: 'info', isMeta: false });
        transcript.entry({
          type: 'system',
          subtype: 'local_command',
          content: `<local-command-stdout>${text}</local-command-stdout>`,
          level: 'info',
          isMeta: false,
        });
        sink.emit(syntheticAssistantMessage(text, plan.sessionId));
        info = {
          ...base,
          subtype: 'success',
          isError: false,
          numTurns: 0,
          costUsd: 0,
          tokens: { inputTokens: 0, outputTokens: 0 },
          modelUsageKey: undefined,
          result: text,
          stopReason: null,
          localCommand: true,
        };
        break;
      }
      case 'api_error': {
        const text = apiErrorStatusText(outcome);
        const synthetic = syntheticAssistantMessage(text, plan.sessionId, outcome.error ?? 'unknown');
        sink.emit(synthetic);
        transcript.entry({ type: 'assistant', message: synthetic.message, isApiErrorMessage: true, uuid: synthetic.uuid });
        info = {
          ...base,
          subtype: 'success',
          isError: true,
          numTurns: session.numTurns + 1,
          result: text,
          apiErrorStatus: outcome.status,
          stopReason: 'stop_sequence',
        };
        break;
      }
      case 'error':
        info = {
          ...base,
          subtype: outcome.subtype,
          isError: true,
          numTurns: Math.max(1, session.numTurns),
          stopReason: outcome.subtype === 'error_max_budget_usd' ? 'end_turn' : outcome.subtype === 'error_max_turns' ? 'tool_use' : null,
          errors: outcome.errors,
          terminalReason: outcome.terminalReason,
        };
        break;
      default:
        info = {
          ...base,
          subtype: 'success',
          isError: false,
          numTurns: session.numTurns,
          result: outcome.text,
          apiErrorStatus: null,
          stopReason: outcome.stopReason ?? 'end_turn',
          ttftMs: session.firstMessageMs === undefined ? undefined : Math.min(session.firstMessageMs + 25, durationMs),
          hasStructuredOutput: session.structured !== undefined,
          structuredOutput: session.structured?.value,
        };
    }
    const result = resultMessage(info);
    transcript.lastPrompt(prompt);
    sink.finish(result, { maxTurns: args.maxTurns, maxBudgetUsd: args.maxBudgetUsd });
    const exitCode = result.is_error === true ? 1 : 0;
    this.behaviour.onFinish?.({ exitCode, result, session });
    return { exitCode };
  }
}

/**
 * Run one `claude`-compatible invocation with the given behaviour; resolves to the process exit code.
 * With `handleSignals`, SIGTERM exits 143 and SIGINT exits 0 immediately (no result line), like the real CLI.
 */
export async function runClaudeCompatible(opts: RunClaudeOptions): Promise<number> {
  const behaviour = opts.behaviour;
  const onTerm = () => {
    behaviour.onSignal?.('SIGTERM', 143);
    process.exit(143);
  };
  const onInt = () => {
    behaviour.onSignal?.('SIGINT', 0);
    process.exit(0);
  };
  if (opts.handleSignals) {
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  }
  try {
    return await new Runner(opts).run();
  } finally {
    if (opts.handleSignals) {
      process.removeListener('SIGTERM', onTerm);
      process.removeListener('SIGINT', onInt);
    }
  }
}
