// Real git repositories in temp dirs for the checkpoint tests, with git's global and system config shut out so
// the machine's settings (identity, hooks, signing) cannot change what the tests see.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const RUN = '20260101-120000-abcdef';

const SHUT_OUT = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL', 'GIT_DIR', 'GIT_INDEX_FILE'];

/** Call inside a describe: isolates git config for its tests and restores the environment afterwards. */
export function hermeticGit(): void {
  const saved: Record<string, string | undefined> = {};
  let scratch = '';
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'specflow-gitcfg-'));
    writeFileSync(join(scratch, 'gitconfig'), '');
    for (const name of [...SHUT_OUT, 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM']) saved[name] = process.env[name];
    for (const name of SHUT_OUT) delete process.env[name];
    process.env.GIT_CONFIG_GLOBAL = join(scratch, 'gitconfig');
    process.env.GIT_CONFIG_NOSYSTEM = '1';
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(scratch, { recursive: true, force: true });
  });
}

export class Repo {
  readonly dir: string;

  constructor(opts: { identity?: boolean; initialCommit?: boolean } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'specflow-ckpt-'));
    this.git('init', '-q', '-b', 'main');
    if (opts.identity !== false) {
      this.git('config', 'user.name', 'Dev Eloper');
      this.git('config', 'user.email', 'dev@example.com');
    }
    if (opts.initialCommit !== false) {
      this.write('README.md', 'hello\n');
      this.write('.gitignore', 'build/\n');
      this.git('add', '-A');
      this.git('commit', '-q', '-m', 'initial');
    }
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'core.quotePath=false', ...args], { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  read(path: string): string | undefined {
    return existsSync(join(this.dir, path)) ? readFileSync(join(this.dir, path), 'utf8') : undefined;
  }

  remove(path: string): void {
    rmSync(join(this.dir, path));
  }

  hook(name: string, script: string): void {
    this.write(`.git/hooks/${name}`, `#!/bin/sh\n${script}\n`);
    chmodSync(join(this.dir, '.git', 'hooks', name), 0o755);
  }

  /** Everything a user could see of the index and working tree (porcelain status, staged diff, unstaged diff). */
  userView(): string {
    return [this.git('status', '--porcelain=v1', '--untracked-files=all'), this.git('diff', '--cached'), this.git('diff')].join('\n---\n');
  }

  commitCount(): number {
    return Number(this.git('rev-list', '--count', 'HEAD').trim());
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
