// The four runs of the report tests, each with what tasks.md still holds and the moment the report is written.
import type { OrchestrationExecution } from '../../../src/core/model/execution';
import { buildReport } from '../../../src/core/report/buildReport';
import type { RemainingTasks } from '../../../src/core/report/left';
import type { Report } from '../../../src/core/model/report';
import { completedRemaining, completedRun } from './completedRun';
import { at } from './fixtureParts';
import { failedRemaining, failedRun, noGitRun, pausedRemaining, pausedRun } from './otherRuns';

export interface ReportCase {
  name: string;
  orch: () => OrchestrationExecution;
  remaining: RemainingTasks;
  now: string;
}

export const CASES: ReportCase[] = [
  { name: 'completed', orch: completedRun, remaining: completedRemaining, now: at(96, 5) },
  { name: 'failed', orch: failedRun, remaining: failedRemaining, now: at(29, 45) },
  { name: 'paused-usage-limit', orch: pausedRun, remaining: pausedRemaining, now: at(41) },
  { name: 'no-git-no-gate', orch: noGitRun, remaining: { open: [], blocked: [], deferred: [] }, now: at(45, 10) },
];

export function reportOf(name: string): Report {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no report case ${name}`);
  return buildReport(c.orch(), { remaining: c.remaining, now: new Date(c.now) });
}
