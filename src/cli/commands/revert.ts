// `specflow-orchestrate revert --batch N [--project DIR] [--id ID] [--json]`: undo one batch — its changes
// and its checkmarks — from its git checkpoint. Exit 3 while a run is active; exit 1 on a conflict with
// later changes (naming the files), with nothing changed.
import { intOption, parseCommand } from '../args';
import { ExitCode } from '../exitCodes';
import type { CliIo } from '../io';
import { openOrchestrator } from '../openOrchestrator';
import { projectOptions } from '../options';
import { UsageError } from '../usageError';

export async function revertCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { ...projectOptions, batch: { type: 'string' } });
  const batch = intOption('batch', values.batch, 1);
  if (batch === undefined) throw new UsageError('revert needs --batch N (the batch to undo)');
  const { execution, outcome } = await openOrchestrator(values, io).revertBatch(batch, values.id);
  if (values.json) {
    io.out(JSON.stringify({ id: execution.id, status: execution.status, ...outcome }, null, 2));
    return ExitCode.ok;
  }
  io.out(`Batch ${batch} of orchestration ${execution.id} reverted.`);
  io.out(`  Restored ${outcome.restored.length} file(s)${outcome.restored.length ? `: ${outcome.restored.join(', ')}` : ''}`);
  io.out(`  Unchecked ${outcome.unchecked.length} task(s)${outcome.unchecked.length ? `: ${outcome.unchecked.join(', ')}` : ''}`);
  if (outcome.commitSha) io.out(`  Revert commit: ${outcome.commitSha}`);
  io.out(`  The working tree before the revert is saved under ${outcome.savedRef}`);
  io.out(
    `  The run is now ${execution.status}${execution.status === 'completed' ? '; a new run picks the unchecked tasks up' : '; resume runs the batch again'}.`,
  );
  return ExitCode.ok;
}
