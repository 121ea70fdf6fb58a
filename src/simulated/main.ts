// Entry point of dist/simulated-claude.js: a `claude`-compatible executable that does real file work but no AI.
// Also exports the library API (lib.ts) reused by the test fake (test/fixtures/fakeClaude).
import type { Behaviour } from './behaviour';
import { runClaudeCompatible, type RunClaudeOptions } from './run';
import { createSimulatedBehaviour } from './simulatedBehaviour';

export * from './lib';

/**
 * Run as an executable: process argv/env/cwd/stdio, real signal semantics, and exit with the CLI's code
 * once stdout has drained.
 */
export async function runAsProcess(behaviour: Behaviour, overrides: Partial<RunClaudeOptions> = {}): Promise<never> {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  let code: number;
  try {
    code = await runClaudeCompatible({
      argv: process.argv.slice(2),
      env: process.env,
      cwd: process.cwd(),
      stdin: process.stdin,
      behaviour,
      handleSignals: true,
      ...overrides,
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 1;
  }
  return exitAfterFlush(code);
}

export function exitAfterFlush(code: number): Promise<never> {
  return new Promise<never>(() => {
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}

// Run only as the entry of its own bundle (or of this file under tsx), never when bundled into another entry.
if (require.main === module && /(simulated-claude(\.js)?|[\\/]simulated[\\/]main\.[cm]?[jt]s)$/.test(__filename)) {
  void runAsProcess(createSimulatedBehaviour());
}
