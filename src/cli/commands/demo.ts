// `specflow-orchestrate demo [--dir DIR] [--fresh]`: the main job on the embedded default — writes the demo
// project and completes its phase with the simulated agent (no account, no network), with live progress. A
// scripted fault (SPECFLOW_SIMULATED_FAULTS, default T009:test) makes one task's test fail so the run shows the
// test gate turning red and a healer fixing it; the run ends merged, and the last line names the report.
import { existsSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DEMO_FAULTS } from '../../core/demo/demoFiles';
import { writeDemoProject } from '../../core/demo/demoProject';
import { latestReportPath } from '../../core/demo/demoReport';
import { parseCommand } from '../args';
import type { CliIo } from '../io';
import { UsageError } from '../usageError';
import { startCommand } from './orchestrate';

/** Writes the demo project into `dir` and completes it with the simulated agent at `simulated`. */
export async function runDemo(
  dir: string,
  simulated: string,
  io: CliIo,
  opts: { keepState?: boolean; writeOnly?: boolean; json?: boolean } = {},
): Promise<number> {
  // Each demo starts from the same 20 open tasks unless asked to keep the previous run.
  if (!opts.keepState) rmSync(dir, { recursive: true, force: true });
  writeDemoProject(dir);
  if (opts.writeOnly) {
    io.out(`SpecFlow demo project written to ${dir}`);
    return 0;
  }
  process.env.SPECFLOW_SIMULATED_DELAY_MS ??= '250';
  // An empty SPECFLOW_SIMULATED_FAULTS turns the scripted fault off.
  process.env.SPECFLOW_SIMULATED_FAULTS ??= DEMO_FAULTS;
  const faults = process.env.SPECFLOW_SIMULATED_FAULTS;
  if (!opts.json) {
    io.out(`SpecFlow demo: ${dir}\nAgent: the simulated agent (no AI, no network) at ${simulated}`);
    if (faults)
      io.out(`Scripted fault: SPECFLOW_SIMULATED_FAULTS=${faults} (a task's test fails once; watch the test gate heal it). Set it empty for a clean run.`);
    io.out('');
  }
  const code = await startCommand(['--project', dir, '--claude', simulated, '--auto-merge', ...(opts.json ? ['--json'] : [])], io);
  if (!opts.json) {
    io.out(`\nThe cost above is simulated ($0.01 per task): no model was called. Open ${dir} in VS Code to see the run in the SpecFlow view.`);
    const report = latestReportPath(dir);
    if (report) io.out(`Report: ${relative(dir, report)} (in ${dir})`);
  }
  return code;
}

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, {
    dir: { type: 'string' },
    'keep-state': { type: 'boolean', default: false },
    'write-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const simulated = join(__dirname, 'simulated-claude.js');
  if (!existsSync(simulated)) throw new UsageError(`simulated agent not found at ${simulated}: run npm run build`);
  return runDemo(resolve(values.dir ?? 'demo-project'), simulated, io, {
    keepState: values['keep-state'],
    writeOnly: values['write-only'],
    json: values.json,
  });
}
