// `specflow-orchestrate demo [--dir DIR] [--fresh]`: the main job on the embedded default — writes the demo
// project and completes its phase with the simulated agent (no account, no network), with live progress.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDemoProject } from '../../core/demo/demoProject';
import { parseCommand } from '../args';
import type { CliIo } from '../io';
import { UsageError } from '../usageError';
import { startCommand } from './orchestrate';

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    dir: { type: 'string' },
    'keep-state': { type: 'boolean', default: false },
    'write-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const dir = resolve(values.dir ?? 'demo-project');
  const simulated = join(__dirname, 'simulated-claude.js');
  if (!existsSync(simulated)) throw new UsageError(`simulated agent not found at ${simulated}: run npm run build`);
  // Each demo starts from the same 20 open tasks unless asked to keep the previous run.
  if (!values['keep-state']) rmSync(dir, { recursive: true, force: true });
  writeDemoProject(dir);
  if (values['write-only']) {
    io.out(`SpecFlow demo project written to ${dir}`);
    return 0;
  }
  if (!values.json) io.out(`SpecFlow demo: ${dir}\nAgent: the simulated agent (no AI, no network) at ${simulated}\n`);
  process.env.SPECFLOW_SIMULATED_DELAY_MS ??= '250';
  const code = await startCommand(['--project', dir, '--claude', simulated, '--auto-merge', ...(values.json ? ['--json'] : [])], io);
  if (!values.json) io.out(`\nThe cost above is simulated ($0.01 per task): no model was called. Open ${dir} in VS Code to see the run in the SpecFlow view.`);
  return code;
}
