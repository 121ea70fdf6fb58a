// Sessions and transcripts: `${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/<slug(realpath cwd)>/<id>.jsonl`
// (reference §7), with the --session-id / --resume / --continue / --fork-session rules of §4 and §9.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliUsageError, type CliArgs } from './args';
import { MESSAGES } from './constants';
import type { Json } from './output';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function claudeConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.CLAUDE_CONFIG_DIR) return env.CLAUDE_CONFIG_DIR;
  return path.join(env.HOME || os.homedir(), '.claude');
}

function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = ((h << 5) - h + s.charCodeAt(i)) | 0;
  return h;
}

/** `realpath(cwd).replace(/[^a-zA-Z0-9]/g, "-")`, shortened with a hash past 200 characters. */
export function projectSlug(cwd: string): string {
  let real = cwd;
  try {
    real = fs.realpathSync(cwd);
  } catch {
    // keep the given path
  }
  const slug = real.replace(/[^a-zA-Z0-9]/g, '-');
  if (slug.length <= 200) return slug;
  return `${slug.slice(0, 200)}-${Math.abs(javaHash(real)).toString(36)}`;
}

export function projectDir(env: NodeJS.ProcessEnv, cwd: string): string {
  return path.join(claudeConfigDir(env), 'projects', projectSlug(cwd));
}

export function transcriptPath(env: NodeJS.ProcessEnv, cwd: string, sessionId: string): string {
  return path.join(projectDir(env, cwd), `${sessionId}.jsonl`);
}

/** Validation of --session-id (first of the real CLI's post-parse checks). */
export function checkSessionIdFlag(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): void {
  if (args.sessionId === undefined) return;
  if (!isUuid(args.sessionId)) throw new CliUsageError(MESSAGES.invalidSessionId);
  const resuming = args.resume !== undefined || args.continue;
  if (resuming && !args.forkSession) throw new CliUsageError(MESSAGES.sessionIdWithResume);
  if (!resuming && fs.existsSync(transcriptPath(env, cwd, args.sessionId))) {
    throw new CliUsageError(MESSAGES.sessionIdInUse(args.sessionId));
  }
}

/** A --resume id that does not exist: the CLI prints the message and, in stream-json, an error result. */
export class ConversationNotFoundError extends Error {
  constructor(readonly sessionId: string) {
    super(MESSAGES.noConversation(sessionId));
  }
}

export interface SessionPlan {
  sessionId: string;
  /** null with --no-session-persistence */
  transcriptPath: string | null;
  /** The transcript we continue from (resume/continue), if any. */
  resumedFrom: string | undefined;
  resumedSessionId: string | undefined;
  forked: boolean;
}

function mostRecentTranscript(dir: string): string | undefined {
  let best: { file: string; mtime: number } | undefined;
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const name of entries) {
    if (!name.endsWith('.jsonl')) continue;
    const file = path.join(dir, name);
    try {
      const mtime = fs.statSync(file).mtimeMs;
      if (!best || mtime > best.mtime) best = { file, mtime };
    } catch {
      // vanished
    }
  }
  return best?.file;
}

/** Work out the session id and transcript file; throws for an unknown --resume. */
export function planSession(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): SessionPlan {
  const dir = projectDir(env, cwd);
  let resumedFrom: string | undefined;
  let resumedSessionId: string | undefined;
  if (args.resume !== undefined) {
    if (args.resume === true) throw new CliUsageError(MESSAGES.resumeNeedsValue);
    if (!isUuid(args.resume)) throw new CliUsageError(MESSAGES.resumeNotFoundTitle(args.resume));
    const file = path.join(dir, `${args.resume}.jsonl`);
    if (!fs.existsSync(file)) throw new ConversationNotFoundError(args.resume);
    resumedFrom = file;
    resumedSessionId = args.resume;
  } else if (args.continue) {
    const file = mostRecentTranscript(dir);
    if (file) {
      resumedFrom = file;
      resumedSessionId = path.basename(file, '.jsonl');
    }
  }
  let sessionId: string;
  let forked = false;
  if (resumedSessionId && !args.forkSession) sessionId = resumedSessionId;
  else {
    sessionId = args.sessionId ?? randomUUID();
    forked = resumedSessionId !== undefined;
  }
  return {
    sessionId,
    transcriptPath: args.sessionPersistence ? path.join(dir, `${sessionId}.jsonl`) : null,
    resumedFrom,
    resumedSessionId,
    forked,
  };
}

function gitBranch(cwd: string): string {
  try {
    const head = fs.readFileSync(path.join(cwd, '.git', 'HEAD'), 'utf8').trim();
    const m = /^ref: refs\/heads\/(.+)$/.exec(head);
    return m?.[1] ?? 'HEAD';
  } catch {
    return 'HEAD';
  }
}

/**
 * Append-only transcript writer. Entries are written synchronously as they happen, so a crash leaves a
 * partial transcript like the real CLI's. Resume appends to the same file; a fork copies the history first.
 */
export class Transcript {
  private lastUuid: string | null = null;
  private readonly base: Json;

  constructor(
    public file: string | null,
    sessionId: string,
    cwd: string,
    version: string,
    plan?: SessionPlan,
  ) {
    this.base = {
      userType: 'external',
      entrypoint: 'sdk-cli',
      cwd,
      sessionId,
      version,
      gitBranch: gitBranch(cwd),
    };
    if (!file) return;
    try {
      this.open(file, sessionId, plan);
    } catch {
      // An unwritable config dir never fails the run; the transcript is just not written.
      this.file = null;
    }
  }

  private open(file: string, sessionId: string, plan?: SessionPlan): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.mkdirSync(path.join(path.dirname(file), 'memory'), { recursive: true });
    if (plan?.resumedFrom) {
      const copy = plan.forked && path.resolve(plan.resumedFrom) !== path.resolve(file);
      const history = fs.readFileSync(plan.resumedFrom, 'utf8');
      for (const line of history.split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as Json;
          if (typeof entry.uuid === 'string') this.lastUuid = entry.uuid;
          if (copy) {
            if ('sessionId' in entry) entry.sessionId = sessionId;
            fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
          }
        } catch {
          // ignore a torn line
        }
      }
    }
  }

  private write(entry: Json): void {
    if (!this.file) return;
    try {
      fs.appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    } catch {
      // a transcript failure never fails the run
    }
  }

  queue(operation: 'enqueue' | 'dequeue', content?: string): void {
    const entry: Json = { type: 'queue-operation', operation, timestamp: new Date().toISOString(), sessionId: this.base.sessionId };
    if (content !== undefined) entry.content = content;
    this.write(entry);
  }

  /** A chained entry (user/assistant/system); returns its uuid. */
  entry(fields: Json): string {
    const uuid = typeof fields.uuid === 'string' ? fields.uuid : randomUUID();
    this.write({
      parentUuid: this.lastUuid,
      isSidechain: false,
      ...fields,
      uuid,
      timestamp: new Date().toISOString(),
      ...this.base,
    });
    this.lastUuid = uuid;
    return uuid;
  }

  lastPrompt(prompt: string): void {
    this.write({ type: 'last-prompt', lastPrompt: prompt, leafUuid: this.lastUuid, sessionId: this.base.sessionId });
  }
}
