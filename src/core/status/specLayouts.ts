// Specs kept outside spec-kit's `specs/NNN-name/`: Kiro (`.kiro/specs/<feature>/`: requirements.md,
// design.md, tasks.md) and OpenSpec (`openspec/changes/<change>/`: proposal.md, design.md, tasks.md).
// Neither has skills SpecFlow could call, so their runs use plain prompts.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type SpecLayout = 'spec-kit' | 'kiro' | 'openspec';

interface LayoutRoot {
  layout: Exclude<SpecLayout, 'spec-kit'>;
  /** Path segments from the project root to the folder of specs. */
  root: readonly string[];
  /** The files that say the spec has been written (what design would make). */
  specFiles: readonly string[];
  /** Folders under the root that are not specs (OpenSpec keeps finished changes in `archive/`). */
  skip: readonly string[];
}

const ROOTS: readonly LayoutRoot[] = [
  { layout: 'kiro', root: ['.kiro', 'specs'], specFiles: ['requirements.md', 'design.md'], skip: [] },
  { layout: 'openspec', root: ['openspec', 'changes'], specFiles: ['proposal.md'], skip: ['archive'] },
];

export interface LayoutSpec {
  layout: Exclude<SpecLayout, 'spec-kit'>;
  dir: string;
  /** Last change to its tasks.md, so the spec being worked on wins. */
  tasksMtimeMs: number;
}

function tasksMtime(dir: string): number | undefined {
  try {
    return statSync(join(dir, 'tasks.md')).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Kiro and OpenSpec specs of a project that have a tasks.md, newest tasks.md first. */
export function findLayoutSpecs(projectPath: string): LayoutSpec[] {
  const found: LayoutSpec[] = [];
  for (const r of ROOTS) {
    const root = join(projectPath, ...r.root);
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.startsWith('.') || r.skip.includes(name)) continue;
      const dir = join(root, name);
      const mtime = tasksMtime(dir);
      if (mtime !== undefined) found.push({ layout: r.layout, dir, tasksMtimeMs: mtime });
    }
  }
  return found.sort((a, b) => b.tasksMtimeMs - a.tasksMtimeMs || a.dir.localeCompare(b.dir));
}

/** Which layout a feature directory belongs to, from where it sits in the project. */
export function layoutOf(projectPath: string, featureDir: string | null | undefined): SpecLayout {
  if (!featureDir) return 'spec-kit';
  const parts = relative(projectPath, featureDir).split(sep);
  for (const r of ROOTS) {
    if (parts.length === r.root.length + 1 && r.root.every((seg, i) => parts[i] === seg)) return r.layout;
  }
  return 'spec-kit';
}

/** True when the layout's own spec files exist (spec.md counts for every layout). */
export function hasLayoutSpec(featureDir: string, layout: SpecLayout): boolean {
  if (existsSync(join(featureDir, 'spec.md'))) return true;
  const root = ROOTS.find((r) => r.layout === layout);
  return Boolean(root && root.specFiles.some((f) => existsSync(join(featureDir, f))));
}

export function layoutLabel(layout: SpecLayout): string {
  return layout === 'kiro' ? 'Kiro spec' : layout === 'openspec' ? 'OpenSpec change' : 'spec-kit feature';
}
