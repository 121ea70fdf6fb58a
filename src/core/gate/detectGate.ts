// Finds the project's own test command, to offer as the gate for the user to confirm. Reads files only.
// Candidates come in the order a user most likely means: a package.json "test" script first (it usually wraps
// whatever else there is), then pytest, cargo, go and make.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectPytest } from './detectPytest';
import type { GateSpec } from '../model/gate';
import { formatArgv } from './parseGateCommand';

type GateSource = 'package.json' | 'pytest' | 'cargo' | 'go' | 'make';

export type GateCandidate = GateSpec & { source: GateSource; reason: string };

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function candidate(argv: string[], source: GateSource, reason: string): GateCandidate {
  return { command: formatArgv(argv), argv, source, reason };
}

function shorten(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}

/** The package manager the project uses: its `packageManager` field (corepack), else its lockfile, else npm. */
function packageManager(dir: string, declared: unknown): { tool: string; why: string } {
  const name = typeof declared === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(declared)?.[1] : undefined;
  if (name) return { tool: name, why: `"packageManager" is ${declared as string}` };
  for (const [file, tool] of [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['bun.lock', 'bun'],
    ['bun.lockb', 'bun'],
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm'],
  ] as const) {
    if (existsSync(join(dir, file))) return { tool, why: `${file} → ${tool}` };
  }
  return { tool: 'npm', why: 'no lockfile → npm' };
}

function fromPackageJson(dir: string): GateCandidate | undefined {
  const text = readText(join(dir, 'package.json'));
  if (text === undefined) return undefined;
  let pkg: { scripts?: Record<string, unknown>; packageManager?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return undefined;
  }
  const script = pkg.scripts?.['test'];
  // `npm init` writes a test script that only fails: it is not a test suite.
  if (typeof script !== 'string' || !script.trim() || /no test specified/i.test(script)) return undefined;
  const pm = packageManager(dir, pkg.packageManager);
  // `bun test` would run bun's own runner instead of the script.
  const argv = pm.tool === 'bun' ? ['bun', 'run', 'test'] : [pm.tool, 'test'];
  return candidate(argv, 'package.json', `package.json has a "test" script (${shorten(script)}); ${pm.why}`);
}

function hasMakeTestTarget(dir: string): string | undefined {
  for (const name of ['GNUmakefile', 'makefile', 'Makefile']) {
    const text = readText(join(dir, name));
    if (text === undefined) continue;
    for (const line of text.split('\n')) {
      // "test:" or "check test:", not a variable "test := …" and not a recipe line (tab-indented).
      const targets = /^([^\t#:=][^:=]*):(?!=)/.exec(line)?.[1];
      if (targets?.split(/\s+/).includes('test')) return name;
    }
  }
  return undefined;
}

/** Every test command the project offers, most likely first; empty when there is none. */
export function detectGate(projectDir: string): GateCandidate[] {
  const found: GateCandidate[] = [];
  const npm = fromPackageJson(projectDir);
  if (npm) found.push(npm);
  const pytest = detectPytest(projectDir);
  if (pytest) found.push(candidate(pytest.argv, 'pytest', pytest.reason));
  if (existsSync(join(projectDir, 'Cargo.toml'))) found.push(candidate(['cargo', 'test'], 'cargo', 'Cargo.toml exists (a Rust crate)'));
  if (existsSync(join(projectDir, 'go.mod'))) found.push(candidate(['go', 'test', './...'], 'go', 'go.mod exists (a Go module)'));
  const makefile = hasMakeTestTarget(projectDir);
  if (makefile) found.push(candidate(['make', 'test'], 'make', `${makefile} has a "test" target`));
  return found;
}
