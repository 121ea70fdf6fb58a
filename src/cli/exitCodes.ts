// ⚑ Exit codes of specflow-orchestrate (architecture doc); tests outside this tree rely on them.
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  alreadyRunning: 3,
  pausedOrWaiting: 4,
  budgetExceeded: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
