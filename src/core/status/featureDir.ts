// Finds the active feature directory the way SpecFlow and spec-kit do, from files only.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { findLayoutSpecs } from './specLayouts';

/** `001-name` (spec-kit), `0010-name` (SpecFlow ABBC) or `20261125-151604-name` (spec-kit --timestamp). */
const FEATURE_DIR = /^(\d{3,}|\d{8}-\d{6})-/;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export interface SpecflowStateFacts {
  phaseNumber: string | null;
  phaseName: string | null;
  branch: string | null;
  phaseStatus: string | null;
  hasUserGate: boolean;
  userGateStatus: string | null;
  stepCurrent: string | null;
  stepIndex: number;
  stepStatus: string | null;
  analyzeCompletedAt: string | null;
}

/** `.specflow/orchestration-state.json` (SpecFlow schema 3.0), when the project has one. */
export function readSpecflowState(projectPath: string): SpecflowStateFacts | undefined {
  const raw = readJson(join(projectPath, '.specflow', 'orchestration-state.json')) as
    { orchestration?: { phase?: Record<string, unknown>; step?: Record<string, unknown>; analyze?: Record<string, unknown> } } | undefined;
  const phase = raw?.orchestration?.phase;
  if (!raw || !phase) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  const step = raw.orchestration?.step ?? {};
  return {
    phaseNumber: str(phase.number),
    phaseName: str(phase.name),
    branch: str(phase.branch),
    phaseStatus: str(phase.status),
    hasUserGate: phase.hasUserGate === true,
    userGateStatus: str(phase.userGateStatus),
    stepCurrent: str(step.current),
    stepIndex: typeof step.index === 'number' ? step.index : 0,
    stepStatus: str(step.status),
    analyzeCompletedAt: str(raw.orchestration?.analyze?.completedAt),
  };
}

export function findFeatureDir(projectPath: string, state = readSpecflowState(projectPath)): string | null {
  // spec-kit's pointer to the active feature
  const pointer = readJson(join(projectPath, '.specify', 'feature.json')) as { feature_directory?: unknown } | undefined;
  if (typeof pointer?.feature_directory === 'string' && pointer.feature_directory) {
    const dir = isAbsolute(pointer.feature_directory) ? pointer.feature_directory : join(projectPath, pointer.feature_directory);
    if (isDir(dir)) return dir;
  }
  const specs = join(projectPath, 'specs');
  let entries: string[] = [];
  try {
    entries = readdirSync(specs).filter((n) => FEATURE_DIR.test(n) && isDir(join(specs, n)));
  } catch {
    // no specs/ folder
  }
  // SpecFlow's current phase names its folder
  if (state?.phaseNumber) {
    const match = entries.find((n) => n.startsWith(`${state.phaseNumber}-`));
    if (match) return join(specs, match);
  }
  if (entries.length > 0) {
    // the newest feature: highest number, or latest timestamp
    const key = (n: string) => BigInt(n.match(/^(\d{8}-\d{6}|\d+)/)![1]!.replace('-', ''));
    entries.sort((a, b) => (key(a) === key(b) ? a.localeCompare(b) : key(a) < key(b) ? -1 : 1));
    return join(specs, entries[entries.length - 1]!);
  }
  // Kiro's and OpenSpec's specs, the one whose tasks.md changed last
  const layoutSpec = findLayoutSpecs(projectPath)[0];
  if (layoutSpec) return layoutSpec.dir;
  // a single-feature project that keeps spec.md / tasks.md at its root
  if (['tasks.md', 'spec.md', 'plan.md'].some((f) => existsSync(join(projectPath, f)))) return projectPath;
  return null;
}

/** True when ROADMAP.md marks the phase with **USER GATE** on its row. */
export function roadmapHasUserGate(projectPath: string, phaseNumber: string | null): boolean {
  if (!phaseNumber) return false;
  let text: string;
  try {
    text = readFileSync(join(projectPath, 'ROADMAP.md'), 'utf8');
  } catch {
    return false;
  }
  return text.split(/\r?\n/).some((l) => new RegExp(`^\\|\\s*${phaseNumber}\\s*\\|`).test(l) && /\*\*USER GATE\*\*/.test(l));
}
