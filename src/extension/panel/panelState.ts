// What the panel shows, as the protocol's PanelState: the modal's preflight (the engine's own plan, gate and
// checkpoints), the run's progress with the actions the status policy allows, or the run's report.
import type { OrchestrationExecution } from '../../core/model/execution';
import type { Report } from '../../core/model/report';
import { canCancel, canMerge, canPause, canResume, holdsProject, type OwnerState } from '../../core/model/statusPolicy';
import type { Preflight } from '../../core/service/preflight';
import { layoutLabel } from '../../core/status/specLayouts';
import type { PreflightView, RunActions } from '../../protocol/messages';

export function runActions(run: OrchestrationExecution, owner: OwnerState): RunActions {
  return {
    pause: canPause(run.status),
    resume: canResume(run.status, owner),
    cancel: canCancel(run.status),
    merge: canMerge(run.status),
    newRun: !holdsProject(run.status),
  };
}

const UNTRUSTED = 'This workspace is not trusted: SpecFlow will not start agents here. Trust the workspace to run Complete Phase.';

export function toPreflightView(pre: Preflight, trusted: boolean): PreflightView {
  const warnings = pre.warnings.map((w) => ({ code: w.code, message: w.message, blocking: w.blocking }));
  if (!trusted) warnings.unshift({ code: 'untrusted', message: UNTRUSTED, blocking: true });
  const plan = pre.plan;
  return {
    ...(pre.planText ? { planText: pre.planText } : {}),
    ...(plan ? { format: plan.format } : {}),
    ...(pre.layout !== 'spec-kit'
      ? { layout: `${layoutLabel(pre.layout)} · ${pre.skillProfile === 'plain' ? 'plain prompts, no skills needed' : `${pre.skillProfile} skills`}` }
      : {}),
    fallback: plan?.fallback ?? false,
    totalTasks: plan?.totalTasks ?? 0,
    completedTasks: plan?.completedTasks ?? 0,
    openTasks: plan?.openTasks ?? 0,
    optionalTasks: plan?.optionalTasks ?? 0,
    skippedOptionalTasks: plan?.skippedOptionalTasks ?? 0,
    checklistItems: plan?.checklistItems ?? 0,
    batches: (plan?.batches ?? []).map((b) => ({
      index: b.index,
      name: b.name,
      taskCount: b.taskIds.length,
      ...(b.split ? { split: { part: b.split.part, of: b.split.of } } : {}),
      ...(pre.waves?.[b.index] ? { waves: pre.waves[b.index] } : {}),
    })),
    warnings,
    gate: { ...(pre.gate.spec ? { command: pre.gate.spec.command } : {}), source: pre.gate.source, ...(pre.gate.error ? { error: pre.gate.error } : {}) },
    checkpoints: { mode: pre.checkpoints.mode, ...(pre.checkpoints.reason ? { reason: pre.checkpoints.reason } : {}), userPaths: pre.checkpoints.userPaths },
    ...(pre.featureDir ? { featureDir: pre.featureDir } : {}),
    ...(pre.tasksPath ? { tasksPath: pre.tasksPath } : {}),
    ...(pre.claude?.path ? { claudePath: pre.claude.path } : {}),
    ...(pre.claude?.version ? { claudeVersion: pre.claude.version } : {}),
  };
}

/** When the preflight itself fails (a broken project): the error, blocking Start. */
export function failedPreflight(message: string): PreflightView {
  return {
    fallback: false,
    totalTasks: 0,
    completedTasks: 0,
    openTasks: 0,
    optionalTasks: 0,
    skippedOptionalTasks: 0,
    checklistItems: 0,
    batches: [],
    warnings: [{ code: 'error', message, blocking: true }],
  };
}

export interface LoadedReport {
  report: Report;
  svg?: string;
}
