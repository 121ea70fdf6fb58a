// The CLI bundled from source into a temp dir (test/server/support.ts's cliBundle), for fault tests of
// commands and server behaviour that need no `npm run build` to be current: `pause`, and `serve` adopting
// orphans. Each process gets the project's fake-claude environment, so the suite's cleanup finds it.
import { spawnSync } from 'node:child_process';
import { runCliAsync, type CliResult } from '../support/cli';
import type { TestProject } from '../support/projects';
import { cliBundle, serve, type Served } from '../server/support';
import { claude } from './support';

/** `node <bundle> <args>` to its end. */
export function runSource(p: TestProject, args: string[], timeoutMs = 60_000): CliResult {
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { env: { ...process.env, ...p.env }, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `<verb> --project DIR --claude <fake> <args>` in the background (for a second process to act on). */
export function startSource(p: TestProject, args: string[] = [], verb = 'start') {
  return runCliAsync([verb, '--project', p.dir, ...claude, ...args], { env: p.env, cli: cliBundle() });
}

/** `serve --project DIR --port 0 --claude <fake>` for the project, once its banner is out. */
export function serveSource(p: TestProject): Promise<Served> {
  return serve([p.dir], p.env);
}
