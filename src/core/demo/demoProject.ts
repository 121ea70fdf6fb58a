// The embedded default project (demoFiles.ts) written to disk as a git repository: everything committed on
// `main`, then the feature branch checked out, so SpecFlow's checkpoints commit each batch on the branch and the
// merge step merges it into main. The simulated agent completes it with no account and no network.
// Used by `npm run demo`, `specflow-orchestrate demo` and "SpecFlow: Try Demo Project".
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_BRANCH, demoFiles } from './demoFiles';

const FALLBACK_IDENTITY = { name: 'SpecFlow Demo', email: 'demo@specflow.local' };

function gitOk(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** `-c user.name=… -c user.email=…` for what neither the environment nor git's config provides. */
function identityArgs(dir: string): string[] {
  const env = process.env;
  const args: string[] = [];
  if (!(env.GIT_AUTHOR_NAME && env.GIT_COMMITTER_NAME) && !gitOk(dir, ['config', '--get', 'user.name'])) args.push('-c', `user.name=${FALLBACK_IDENTITY.name}`);
  if (!(env.GIT_AUTHOR_EMAIL && env.GIT_COMMITTER_EMAIL) && !env.EMAIL && !gitOk(dir, ['config', '--get', 'user.email']))
    args.push('-c', `user.email=${FALLBACK_IDENTITY.email}`);
  return args;
}

/** init on main, one commit of everything, then the feature branch. The user's hooks and signing stay out of it. */
function initRepository(dir: string): void {
  const git = (args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git(['init', '-q']);
  // `git init -b` needs git 2.28; pointing the unborn HEAD at main works everywhere.
  git(['symbolic-ref', 'HEAD', 'refs/heads/main']);
  git(['add', '-A']);
  git([...identityArgs(dir), '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'Photo albums: spec, plan and tasks (SpecFlow demo)']);
  git(['checkout', '-q', '-b', DEMO_BRANCH]);
}

/** Writes the demo project into `dir` (created if needed). Existing files are kept unless `reset`. */
export function writeDemoProject(dir: string, opts: { reset?: boolean; git?: boolean } = {}): void {
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(demoFiles())) {
    const path = join(dir, rel);
    if (!opts.reset && existsSync(path)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  if (opts.git !== false && !existsSync(join(dir, '.git'))) {
    try {
      initRepository(dir);
    } catch {
      // git is optional: without it there are no checkpoints and the simulated merge just reports
    }
  }
}
