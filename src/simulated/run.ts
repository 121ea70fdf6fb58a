// The headless `claude -p` contract (reference §9): parse and validate the command line in the real CLI's order,
// set up the session, print `system/init`, let a Behaviour do the turn, print exactly one result, exit 1 iff
// is_error. SIGTERM → exit 143 and SIGINT → exit 0, both without a result line.
import * as path from 'node:path';
import * as readline from 'node:readline';
import { RunStop, AgentSession, type AgentOutcome } from './agent';
import { CliUsageError, effectivePermissionMode, parseArgs, type CliArgs } from './args';
import type { Behaviour } from './behaviour';
import { BUILTIN_AGENTS, CLAUDE_CODE_VERSION, DEFAULT_MODEL_DISPLAY, DEFAULT_TOOLS, MESSAGES, resolveModelAlias, type PermissionMode } from './constants';
import { HELP_TEXT } from './helpText';
import { initMessage, OutputSink, resultMessage, type Json, type Writable } from './output';
import { resultInfoFor } from './outcomeResult';
import { parseRule } from './permissions';
import type { SpecFlowRequest } from './request';
import { checkSessionIdFlag, ConversationNotFoundError, planSession, projectDir, Transcript, type SessionPlan } from './sessions';
import { discoverCommands, resolveSlashCommand, skillNames, type SlashCommandDef, type SlashResolution } from './skills';
import { readStdinText, streamInputPrompt } from './stdinInput';
import { recordPrompt } from './turnPrompt';

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

/** The line printed for `--resume <unknown id>` with stream-json output, before exiting 1. */
function conversationNotFoundResult(e: ConversationNotFoundError): Json {
  return resultMessage({
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
  });
}

/** What a turn runs on: the command line, the session, where its lines go, and the prompt. */
interface TurnInput {
  args: CliArgs;
  plan: SessionPlan;
  transcript: Transcript;
  sink: OutputSink;
  prompt: string;
  schema: unknown;
}

/** The session's model, tools and permission mode, as resolved for one turn. */
interface TurnSetup {
  resolution: SlashResolution;
  tools: string[];
  permissionMode: PermissionMode;
  model: string;
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
    const args = this.parse();
    if (typeof args === 'number') return args;
    const plan = this.plan(args);
    if (typeof plan === 'number') return plan;
    return args.inputFormat === 'text' ? this.runTextInput(args, plan) : this.runStreamInput(args, plan);
  }

  /** The command line, or the exit code of a run that ends here (--version, --help, a subcommand, a usage error). */
  private parse(): CliArgs | number {
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
      const help = HELP_TEXT + (this.behaviour.helpFooter ?? '');
      this.out.write(help.endsWith('\n') ? help : `${help}\n`);
      return 0;
    }
    if (parsed.type === 'subcommand') {
      return this.usageError(`error: the '${parsed.name}' command is not supported by this claude-compatible agent`);
    }
    return parsed.args;
  }

  /** The session to run in, or the exit code of a command line the real CLI refuses at this point. */
  private plan(args: CliArgs): SessionPlan | number {
    try {
      checkSessionIdFlag(args, this.env, this.cwd);
      if (args.inputFormat === 'stream-json' && args.outputFormat !== 'stream-json') {
        throw new CliUsageError(MESSAGES.inputFormatNeedsStreamJson);
      }
      const root = this.opts.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
      if (root && effectivePermissionMode(args) === 'bypassPermissions' && this.env.IS_SANDBOX !== '1') {
        throw new CliUsageError(MESSAGES.rootBypass);
      }
      return planSession(args, this.env, this.cwd);
    } catch (e) {
      if (e instanceof ConversationNotFoundError) {
        const code = this.usageError(e.message);
        if (args.outputFormat === 'stream-json') this.out.write(`${JSON.stringify(conversationNotFoundResult(e))}\n`);
        return code;
      }
      if (e instanceof CliUsageError) return this.usageError(e.message, e.exitCode);
      throw e;
    }
  }

  /** The parsed --json-schema (undefined without one), or the exit code of an invalid one. */
  private schema(args: CliArgs): { schema: unknown } | number {
    try {
      return { schema: args.jsonSchema === undefined ? undefined : JSON.parse(args.jsonSchema) };
    } catch (e) {
      return this.usageError(MESSAGES.jsonSchemaInvalid((e as Error).message));
    }
  }

  /** --input-format text: one turn on the prompt argument and piped stdin. */
  private async runTextInput(args: CliArgs, plan: SessionPlan): Promise<number> {
    const stdinText = await readStdinText(this.opts.stdin ?? null, this.opts.stdinTimeoutMs ?? 3000, this.err);
    const parts = [args.prompt, stdinText].filter((p): p is string => p !== undefined && p !== '');
    if (parts.length === 0) return this.usageError(MESSAGES.noInput);
    if (args.outputFormat === 'stream-json' && !args.verbose) return this.usageError(MESSAGES.streamJsonNeedsVerbose);
    const parsed = this.schema(args);
    if (typeof parsed === 'number') return parsed;
    const transcript = new Transcript(plan.transcriptPath, plan.sessionId, this.cwd, CLAUDE_CODE_VERSION, plan);
    const sink = new OutputSink(this.out, args.outputFormat, args.verbose);
    return this.turn({ args, plan, transcript, sink, prompt: parts.join('\n'), schema: parsed.schema });
  }

  /** --input-format stream-json: one turn per NDJSON user message on stdin; exit at EOF. */
  private async runStreamInput(args: CliArgs, plan: SessionPlan): Promise<number> {
    if (!args.verbose) return this.usageError(MESSAGES.streamJsonNeedsVerbose);
    const parsed = this.schema(args);
    if (typeof parsed === 'number') return parsed;
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
      const prompt = streamInputPrompt(msg);
      const sink = new OutputSink(this.out, 'stream-json', true);
      if (args.replayUserMessages) {
        sink.emit({
          ...msg,
          session_id: plan.sessionId,
          parent_tool_use_id: null,
          uuid: msg.uuid ?? undefined,
          timestamp: new Date().toISOString(),
          isReplay: true,
        });
      }
      exitCode = await this.turn({ args, plan, transcript, sink, prompt, schema: parsed.schema });
    }
    return exitCode;
  }

  /** One turn: `system/init`, the behaviour's work, the result line; resolves to the exit code. */
  private async turn(input: TurnInput): Promise<number> {
    const { args, plan, transcript, sink, prompt, schema } = input;
    const started = Date.now();
    const defs = discoverCommands(this.cwd, this.env, args.settingSources);
    const setup: TurnSetup = {
      resolution: resolveSlashCommand(prompt, defs, args.disableSlashCommands),
      tools: sessionTools(args),
      permissionMode: effectivePermissionMode(args),
      model: this.behaviour.resolveModel?.(args.model) ?? (args.model ? resolveModelAlias(args.model) : DEFAULT_MODEL_DISPLAY),
    };
    this.emitInit(input, setup, defs);
    transcript.queue('enqueue', prompt);
    transcript.queue('dequeue');
    const { expanded, skill, request } = recordPrompt(prompt, setup.resolution, transcript, schema);
    const session = this.newSession(input, setup, expanded, request);
    const outcome = await this.outcomeOf(session);
    session.closeMessage('end_turn');
    const info = resultInfoFor(outcome, {
      session,
      sessionId: plan.sessionId,
      durationMs: Date.now() - started,
      prompt,
      resolution: setup.resolution,
      request,
      skill,
      transcript,
      sink,
    });
    const result = resultMessage(info);
    transcript.lastPrompt(prompt);
    sink.finish(result, { maxTurns: args.maxTurns, maxBudgetUsd: args.maxBudgetUsd });
    const exitCode = result.is_error === true ? 1 : 0;
    this.behaviour.onFinish?.({ exitCode, result, session });
    return exitCode;
  }

  private emitInit({ plan, sink }: TurnInput, setup: TurnSetup, defs: SlashCommandDef[]): void {
    const apiKeySource = this.behaviour.apiKeySource?.(this.env) ?? (this.env.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY' : 'none');
    sink.emit(
      initMessage({
        cwd: this.cwd,
        sessionId: plan.sessionId,
        tools: setup.tools,
        model: setup.model,
        permissionMode: setup.permissionMode,
        slashCommands: defs.map((d) => d.name),
        skills: skillNames(defs),
        apiKeySource,
        version: this.behaviour.versionLabel ?? CLAUDE_CODE_VERSION,
        agents: [...BUILTIN_AGENTS],
        memoryDir: `${path.join(projectDir(this.env, this.cwd), 'memory')}/`,
      }),
    );
  }

  private newSession({ args, plan, transcript, sink, prompt, schema }: TurnInput, setup: TurnSetup, expanded: string, request: SpecFlowRequest): AgentSession {
    return new AgentSession({
      cwd: this.cwd,
      env: this.env,
      args,
      prompt,
      command: setup.resolution,
      expandedPrompt: expanded,
      request,
      sessionId: plan.sessionId,
      permissionMode: setup.permissionMode,
      policy: {
        mode: setup.permissionMode,
        allow: args.allowedTools.map(parseRule),
        deny: args.disallowedTools.map(parseRule),
        cwd: this.cwd,
        workingDirs: [this.cwd, ...args.addDirs.map((d) => path.resolve(this.cwd, d))],
      },
      tools: setup.tools,
      jsonSchema: schema,
      model: setup.model,
      emit: (m) => sink.emit(m),
      transcript,
      partialMessages: args.includePartialMessages && args.outputFormat === 'stream-json',
    });
  }

  /** The behaviour's outcome; a throw ends the run with an error result (RunStop says which). */
  private async outcomeOf(session: AgentSession): Promise<AgentOutcome> {
    try {
      return await this.behaviour.run(session);
    } catch (e) {
      if (e instanceof RunStop) return { type: 'error', subtype: e.subtype, errors: e.errors, terminalReason: e.terminalReason };
      return { type: 'error', subtype: 'error_during_execution', errors: [e instanceof Error ? e.message : String(e)] };
    }
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
