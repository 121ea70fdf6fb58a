import { type RunStatus } from '../core/model/statuses';
import { ExitCode } from './exitCodes';

export function exitCodeFor(status: RunStatus): ExitCode {
  switch (status) {
    case 'completed':
    case 'merge_ready':
      return ExitCode.ok;
    case 'paused':
    case 'waiting':
      return ExitCode.pausedOrWaiting;
    case 'budget_exceeded':
      return ExitCode.budgetExceeded;
    default:
      return ExitCode.failed;
  }
}
