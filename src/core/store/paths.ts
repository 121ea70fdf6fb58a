// Where SpecFlow keeps its files inside a project (⚑ "Files in the project"). Ids are validated before
// they become part of a path.
import { join, relative } from 'node:path';
import { assertValidId } from '../model/ids';

export function workflowsDir(projectPath: string): string {
  return join(projectPath, '.specflow', 'workflows');
}

export function stateFile(projectPath: string, id: string): string {
  return join(workflowsDir(projectPath), `orchestration-${assertValidId(id)}.json`);
}

/** Old decision-log entries rotated out of the state file, one JSON object per line. */
export function archivedLogFile(projectPath: string, id: string): string {
  return join(workflowsDir(projectPath), `orchestration-${assertValidId(id)}.log.jsonl`);
}

export function lockFile(projectPath: string): string {
  return join(workflowsDir(projectPath), 'orchestration.lock');
}

/** Requests (cancel, pause, resume) from a process that is not the owner. */
export function controlFile(projectPath: string, id: string): string {
  return join(workflowsDir(projectPath), `control-${assertValidId(id)}.json`);
}

export function runsDir(projectPath: string): string {
  return join(workflowsDir(projectPath), 'runs');
}

export function runLogFile(projectPath: string, executionId: string): string {
  return join(runsDir(projectPath), `${assertValidId(executionId)}.jsonl`);
}

export function runStderrFile(projectPath: string, executionId: string): string {
  return join(runsDir(projectPath), `${assertValidId(executionId)}.stderr.log`);
}

export const STATE_FILE_PATTERN = /^orchestration-(.+)\.json$/;

export function projectRelative(projectPath: string, path: string): string {
  return relative(projectPath, path) || '.';
}

/** The run's test-gate output (every gate run of the run, appended, each with a header). */
export function gateLogFile(projectPath: string, orchestrationId: string): string {
  return join(runsDir(projectPath), `${assertValidId(orchestrationId)}.gate.log`);
}
