// Finds SpecFlow / spec-kit projects under a folder: the folder itself or a subfolder a few levels down
// (monorepos) holding `.specflow/`, `.specify/`, `specs/*/tasks.md`, or a Kiro (`.kiro/specs/*/tasks.md`) or
// OpenSpec (`openspec/changes/*/tasks.md`) spec. Plain Node, so the CLI could use it too.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findLayoutSpecs } from '../status/specLayouts';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', 'build', '.vscode-test', 'target', 'vendor', '.venv', '__pycache__', 'coverage']);

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isProjectRoot(dir: string): boolean {
  if (isDir(join(dir, '.specflow')) || isDir(join(dir, '.specify'))) return true;
  const specs = join(dir, 'specs');
  if (isDir(specs)) {
    try {
      if (readdirSync(specs).some((f) => existsSync(join(specs, f, 'tasks.md')))) return true;
    } catch {
      // unreadable specs/: maybe a Kiro or OpenSpec project still
    }
  }
  return findLayoutSpecs(dir).length > 0;
}

/** Project roots under `root`, at most `depth` levels down; a project's own subfolders are not searched. */
export function discoverProjects(root: string, depth = 3): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number) => {
    if (isProjectRoot(dir)) {
      found.push(dir);
      return;
    }
    if (level >= depth) return;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      if (name.startsWith('.') || SKIP.has(name)) continue;
      const sub = join(dir, name);
      if (isDir(sub)) walk(sub, level + 1);
    }
  };
  walk(root, 0);
  return found;
}
