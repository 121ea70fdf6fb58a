// `specflow-orchestrate pause [--project DIR] [--id ID] [--json]`: asks the process that drives a run to pause
// it at the next step boundary (design, analyze, each batch, verify), so no agent's work is cut in half. The
// request goes through the control channel; this command does not wait for it. Exit 2 when the run is not
// running or healing (nothing to pause).
import { isLockLive, readLock } from '../../core/store/ownershipLock';
import { parseCommand } from '../args';
import { ExitCode } from '../exitCodes';
import type { CliIo } from '../io';
import { openOrchestrator } from '../openOrchestrator';
import { projectOptions } from '../options';

export async function pauseCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, projectOptions);
  const orchestrator = openOrchestrator(values, io);
  const exec = await orchestrator.pause(values.id);
  const lock = await readLock(orchestrator.projectPath);
  const owner = lock && lock.orchestrationId === exec.id && isLockLive(lock) ? lock : undefined;
  if (values.json) {
    const drivenBy = owner ? { owner: owner.owner, pid: owner.pid, host: owner.host } : null;
    io.out(JSON.stringify({ id: exec.id, status: exec.status, pauseRequested: true, drivenBy }, null, 2));
    return ExitCode.ok;
  }
  io.out(`Pause requested for orchestration ${exec.id}: it pauses when the current step or batch ends.`);
  if (owner) io.out(`  Driven by ${owner.owner} (pid ${owner.pid} on ${owner.host}); \`resume\` continues it afterwards.`);
  else io.out('  Nobody drives it right now (its owner is gone): the pause takes effect when a window or `resume` adopts it.');
  return ExitCode.ok;
}
