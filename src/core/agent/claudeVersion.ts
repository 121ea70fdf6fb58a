// Which claude we drive, and whether it is new enough for the flags SpecFlow passes
// (--max-budget-usd, --fallback-model, --json-schema, --tools, stream-json init fields).
import { loadExeca } from '../process/execa';
import { resolveExecutable } from './resolveExecutable';

/** The oldest Claude Code version whose headless contract SpecFlow was checked against. */
export const MIN_CLAUDE_VERSION = '2.1.0';
/** The version the test tier pins (package.json devDependency). */
export const TESTED_CLAUDE_VERSION = '2.1.197';

export function parseVersion(text: string): string | undefined {
  return text.match(/(\d+\.\d+\.\d+)/)?.[1];
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export interface ClaudeInfo {
  path: string;
  version?: string;
  /** Set when the version is older than supported or cannot be read. */
  warning?: string;
}

export async function resolveClaude(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ requested?: string; path?: string }> {
  const requested = explicit || env.SPECFLOW_CLAUDE_PATH || undefined;
  const path = await resolveExecutable(requested ?? 'claude', env);
  return { ...(requested ? { requested } : {}), ...(path ? { path } : {}) };
}

export async function inspectClaude(path: string): Promise<ClaudeInfo> {
  try {
    const execa = await loadExeca();
    const { stdout } = await execa(path, ['--version'], { timeout: 15_000, stdin: 'ignore' });
    const version = parseVersion(stdout);
    if (!version) return { path, warning: `could not read the claude version from "${stdout.trim().slice(0, 80)}"` };
    if (compareVersions(version, MIN_CLAUDE_VERSION) < 0) {
      return {
        path,
        version,
        warning: `claude ${version} is older than ${MIN_CLAUDE_VERSION}, the oldest version SpecFlow supports: update Claude Code (claude update)`,
      };
    }
    return { path, version };
  } catch (e) {
    return { path, warning: `claude --version failed: ${String((e as { shortMessage?: string }).shortMessage ?? (e as Error).message).split('\n')[0]}` };
  }
}
