// Commit messages for batch checkpoints and their reverts: a subject a human scans in `git log --oneline`, and
// trailers (`git interpret-trailers`, `%(trailers)`) that tools read back.

export interface BatchMessageInput {
  runId: string;
  /** 1-based, as shown to the user. */
  batchIndex: number;
  batchTotal: number;
  batchName: string;
  taskIds: readonly string[];
}

/** `T004–T006` (first and last, en dash), `T004` alone, or '' for no tasks. */
export function taskRange(taskIds: readonly string[]): string {
  const first = taskIds[0];
  const last = taskIds[taskIds.length - 1];
  if (first === undefined || last === undefined) return '';
  return taskIds.length === 1 ? first : `${first}–${last}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `specflow: batch 2 of 4 — Core Components (T004–T006)`. */
export function batchSubject(input: BatchMessageInput): string {
  const name = oneLine(input.batchName);
  const range = taskRange(input.taskIds);
  return `specflow: batch ${input.batchIndex} of ${input.batchTotal}${name ? ` — ${name}` : ''}${range ? ` (${range})` : ''}`;
}

/** Subject, blank line, then the SpecFlow-Run / SpecFlow-Batch / SpecFlow-Tasks trailers. */
export function batchMessage(input: BatchMessageInput): string {
  const trailers = [`SpecFlow-Run: ${input.runId}`, `SpecFlow-Batch: ${input.batchIndex}`];
  if (input.taskIds.length > 0) trailers.push(`SpecFlow-Tasks: ${input.taskIds.join(' ')}`);
  return `${batchSubject(input)}\n\n${trailers.join('\n')}\n`;
}

interface RevertMessageInput {
  runId: string;
  batchIndex: number;
  /** The batch commit being undone and its subject; absent when the batch was never committed. */
  reverted?: { sha: string; subject: string };
}

/** `Revert "<batch subject>"`, `This reverts commit <sha>.`, then SpecFlow-Run and SpecFlow-Revert-Batch trailers. */
export function revertMessage(input: RevertMessageInput): string {
  const trailers = `SpecFlow-Run: ${input.runId}\nSpecFlow-Revert-Batch: ${input.batchIndex}\n`;
  if (!input.reverted) return `Revert "specflow: batch ${input.batchIndex}"\n\n${trailers}`;
  return `Revert "${input.reverted.subject}"\n\nThis reverts commit ${input.reverted.sha}.\n\n${trailers}`;
}
