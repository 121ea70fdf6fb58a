// start, resume and merge (foreground, until the run rests), and status, list, cancel.
import { stateFile } from '../../core/store/paths';
import { isLockLive, readLock } from '../../core/store/ownershipLock';
import { isActive } from '../../core/model/statusPolicy';
import type { OrchestrationExecution } from '../../core/model/execution';
import { runBrief } from '../../core/service/runBrief';
import { type ProjectOrchestrator, type DriveHandle } from '../../core/service/projectOrchestrator';
import { parseCommand } from '../args';
import { openOrchestrator } from '../openOrchestrator';
import { ExitCode } from '../exitCodes';
import { exitCodeFor } from '../exitFor';
import type { CliIo } from '../io';
import { configFromFlags, configOptions, outputOptions, projectOptions } from '../options';
import { ProgressRenderer, summary } from '../progressRenderer';
import { runOutput } from '../runOutput';
import { reportPaths } from '../../core/report/reportFiles';
import { UsageError } from '../usageError';

type Values = Record<string, string | boolean | string[] | undefined>;

/** Runs a drive in the foreground. Ctrl-C cancels the run (resumable); a closed terminal (SIGHUP) or
 * SIGTERM detaches, leaving the agent working for the next `start`/`resume` to re-attach to. */
async function foreground(values: Values, io: CliIo, begin: (o: ProjectOrchestrator) => Promise<DriveHandle>): Promise<number> {
  const orchestrator = openOrchestrator(values, io);
  const output = runOutput(values, io, orchestrator.projectPath, orchestrator.events);
  const handle = await begin(orchestrator);
  let interrupted = 0;
  const onInt = () => {
    interrupted++;
    if (interrupted === 1) {
      io.err('\nspecflow: cancelling (the run can be resumed); press Ctrl-C again to leave the agent running and exit');
      void orchestrator.cancel(handle.execution.id).catch(() => undefined);
    } else {
      void orchestrator.detachAll().finally(() => process.exit(ExitCode.failed));
    }
  };
  const onDetach = () => {
    void orchestrator.detachAll().finally(() => process.exit(ExitCode.failed));
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onDetach);
  process.on('SIGHUP', onDetach);
  try {
    const exec = await handle.done;
    await output.finish(exec);
    if (values.json) io.out(JSON.stringify(exec, null, 2));
    else io.out(summary(exec, stateFile(orchestrator.projectPath, exec.id), reportPaths(orchestrator.projectPath, exec.id).markdownPath));
    return exitCodeFor(exec.status);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onDetach);
    process.off('SIGHUP', onDetach);
  }
}

export async function startCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { ...projectOptions, ...configOptions, ...outputOptions });
  if (values.id) throw new UsageError('start creates a new orchestration: --id is for status, cancel, resume and merge');
  const config = configFromFlags(values);
  return foreground(values, io, (o) => o.start(config));
}

export async function resumeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { ...projectOptions, ...configOptions, ...outputOptions });
  const patch = configFromFlags(values);
  return foreground(values, io, (o) => o.resume(values.id, patch));
}

export async function mergeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { ...projectOptions, ...outputOptions });
  return foreground(values, io, (o) => o.merge(values.id));
}

export async function statusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, projectOptions);
  const orchestrator = openOrchestrator(values, io);
  const exec = await orchestrator.get(values.id);
  if (values.json) io.out(JSON.stringify(exec, null, 2));
  else {
    const r = new ProgressRenderer(io, { live: false, quiet: true });
    io.out(`${exec.id}  ${exec.status}\n${r.line(exec)}`);
    const owner = await ownerNote(orchestrator.projectPath, exec);
    if (owner) io.out(owner);
    for (const b of exec.batches)
      io.out(`  ${String(b.index).padStart(2)}. ${b.status.padEnd(9)} ${b.name} (${b.taskIds.length} tasks, $${b.costUsd.toFixed(2)})`);
  }
  return ExitCode.ok;
}

/** Who drives an active run: a live owner, or nobody (an orphan that `resume` adopts). */
async function ownerNote(projectPath: string, exec: OrchestrationExecution): Promise<string | undefined> {
  if (!isActive(exec.status)) return undefined;
  const lock = await readLock(projectPath);
  if (lock && lock.orchestrationId === exec.id && isLockLive(lock)) return `  driven by ${lock.owner} (pid ${lock.pid} on ${lock.host})`;
  return `  its owner is gone (${lock ? `pid ${lock.pid} stopped heartbeating` : 'no lock'}): \`specflow-orchestrate resume --project ${JSON.stringify(projectPath)}\` continues it, re-attaching to its agent`;
}

export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, projectOptions);
  const all = await openOrchestrator(values, io).list();
  if (values.json) io.out(JSON.stringify(all.map(runBrief), null, 2));
  else if (!all.length) io.out('no orchestrations');
  else
    for (const e of all)
      io.out(`${e.id}  ${e.status.padEnd(15)} ${e.phase.padEnd(9)} ${e.taskProgress.completed}/${e.taskProgress.total} tasks  $${e.totalCostUsd.toFixed(2)}`);
  return ExitCode.ok;
}

export async function cancelCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, projectOptions);
  const exec = await openOrchestrator(values, io).cancel(values.id);
  if (values.json) io.out(JSON.stringify(exec, null, 2));
  else io.out(`orchestration ${exec.id}: ${exec.status}`);
  return exec.status === 'cancelled' ? ExitCode.ok : exitCodeFor(exec.status);
}
