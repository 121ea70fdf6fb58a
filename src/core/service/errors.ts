// Errors the CLI and the extension turn into exit codes and messages.
import type { OrchestrationExecution } from '../model/execution';

/** Input the user must fix (bad config, no project, unknown id): CLI exit 2. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export class ClaudeNotFoundError extends InputError {
  constructor(requested?: string) {
    super(
      requested
        ? `claude CLI not found at ${requested}: set --claude or SPECFLOW_CLAUDE_PATH to the claude executable`
        : 'claude CLI not found: set --claude or SPECFLOW_CLAUDE_PATH',
    );
    this.name = 'ClaudeNotFoundError';
  }
}

/** FR-024 / US5-3: one orchestration per project. CLI exit 3. */
export class AlreadyInProgressError extends Error {
  constructor(
    readonly existingId: string,
    readonly existingStatus: string,
    readonly projectPath: string,
    detail?: string,
  ) {
    super(
      `Orchestration already in progress (id ${existingId}, ${existingStatus}${detail ? `, ${detail}` : ''}). ` +
        `Cancel it with: specflow-orchestrate cancel --project ${JSON.stringify(projectPath)} --id ${existingId}`,
    );
    this.name = 'AlreadyInProgressError';
  }
}

/** The requested action does not fit the run's state (merge when not merge-ready, resume when completed…). */
export class StateConflictError extends InputError {
  constructor(
    message: string,
    readonly execution?: OrchestrationExecution,
  ) {
    super(message);
    this.name = 'StateConflictError';
  }
}
