// The one door to git for checkpoints: argv only (never a shell), output kept byte-exact because NUL-separated
// lists and file contents must survive unchanged, and no git variables inherited from a caller that itself runs
// inside git (a hook), so every command talks to the repository it was pointed at.

interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface GitOptions {
  /** Extra environment (GIT_INDEX_FILE, identity fallback). */
  env?: Record<string, string>;
  /** Written to git's stdin (pathspec lists); stdin is closed otherwise. */
  input?: string;
  /** Snapshots and private refs are SpecFlow's bookkeeping: the user's hooks must not see them. */
  noHooks?: boolean;
}

/** Long enough for a pre-commit hook that runs a test suite; a hook stuck on a prompt must not hold a run forever. */
const TIMEOUT_MS = 10 * 60_000;

/** git could not be run, or it refused: the message is git's own, for the user. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

const INHERITED_GIT_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE'];

function childEnv(extra: Record<string, string> | undefined): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of INHERITED_GIT_VARS) delete env[name];
  return { ...env, ...extra };
}

/** Runs git and returns whatever it said, never throwing for a non-zero exit (only when git cannot run). */
export async function runGit(cwd: string, args: readonly string[], opts: GitOptions = {}): Promise<GitResult> {
  const pre = ['-c', 'core.quotePath=false', ...(opts.noHooks ? ['-c', 'core.hooksPath='] : [])];
  const common = {
    cwd,
    env: childEnv(opts.env),
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    timeout: TIMEOUT_MS,
  } as const;
  // execa is ESM-only: imported on first use so this module also loads under a CommonJS require (the unit
  // tests' tsx hook); the esbuild bundles inline it all the same.
  const { execa } = await import('execa');
  const result =
    opts.input === undefined
      ? await execa('git', [...pre, ...args], { ...common, stdin: 'ignore' })
      : await execa('git', [...pre, ...args], { ...common, input: opts.input });
  if (result.exitCode === undefined) {
    throw new GitError(`could not run git ${args[0] ?? ''}: ${result.shortMessage}`);
  }
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Runs git and returns its stdout; a non-zero exit becomes a GitError carrying git's message. */
export async function git(cwd: string, args: readonly string[], opts: GitOptions = {}): Promise<string> {
  const result = await runGit(cwd, args, opts);
  if (result.exitCode !== 0) throw new GitError(gitMessage(result) || `git ${args[0] ?? ''} failed (exit ${result.exitCode})`, result.exitCode);
  return result.stdout;
}

/** What git said about a failure, trimmed for a one-glance error (hooks write to either stream). */
export function gitMessage(result: GitResult): string {
  return [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join('\n');
}

/** Splits `-z` output; the trailing NUL leaves no empty entry. */
export function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Root-relative paths as a NUL-separated `--pathspec-from-file` list, each taken literally (`*`, `:` and all). */
export function literalPathspecs(paths: readonly string[]): string {
  return paths.map((p) => `:(top,literal)${p}\0`).join('');
}

export const PATHSPEC_STDIN = ['--pathspec-from-file=-', '--pathspec-file-nul'] as const;

const FALLBACK = { NAME: 'SpecFlow', EMAIL: 'specflow@localhost' } as const;

/**
 * Identity for commits SpecFlow makes: nothing when the user has one (config or environment), else a fixed
 * "SpecFlow <specflow@localhost>" per missing field, so a fresh machine or CI container can still checkpoint.
 */
export function identityEnv(cwd: string): Promise<Record<string, string>> {
  // asked for every commit (a wave makes dozens): read git's config once per folder and process
  let known = identities.get(cwd);
  if (!known) {
    known = readIdentityEnv(cwd);
    identities.set(cwd, known);
    known.catch(() => identities.delete(cwd));
  }
  return known;
}

const identities = new Map<string, Promise<Record<string, string>>>();

async function readIdentityEnv(cwd: string): Promise<Record<string, string>> {
  const result = await runGit(cwd, ['config', '-z', '--get-regexp', '^(user|author|committer)\\.(name|email)$']);
  const configured = new Set<string>();
  for (const entry of splitNul(result.stdout)) {
    const [key = '', value = ''] = entry.split('\n', 2);
    if (value.trim()) configured.add(key.toLowerCase());
  }
  const env: Record<string, string> = {};
  for (const role of ['AUTHOR', 'COMMITTER'] as const) {
    for (const field of ['NAME', 'EMAIL'] as const) {
      const lower = field.toLowerCase();
      const fromEnv = process.env[`GIT_${role}_${field}`] || (field === 'EMAIL' ? process.env.EMAIL : undefined);
      if (fromEnv || configured.has(`user.${lower}`) || configured.has(`${role.toLowerCase()}.${lower}`)) continue;
      env[`GIT_${role}_${field}`] = FALLBACK[field];
    }
  }
  return env;
}
