// Notifications with actions when a run this window drives reaches a point that needs the user:
// complete, merge ready, waiting at a USER GATE, failed, budget exceeded.
import * as vscode from 'vscode';
import { type OrchestrationExecution } from '../../core/model/execution';
import { type RunStatus } from '../../core/model/statuses';
import { CommandId } from '../commandIds';
import { Disposable } from '../disposable';
import type { OrchestratorService } from './orchestratorService';

export class RunNotifications extends Disposable {
  private readonly seen = new Map<string, RunStatus>();

  constructor(private readonly service: OrchestratorService) {
    super();
    this._register(
      service.onDidChangeProject((state) => {
        const run = state.current;
        if (!run) return;
        const before = this.seen.get(run.id);
        this.seen.set(run.id, run.status);
        // Only the window that drives the run speaks up, so two windows never both notify.
        if (before === undefined || before === run.status || !state.driving) return;
        void this.notify(state.summary.path, state.summary.name, run);
      }),
    );
  }

  private async notify(projectPath: string, name: string, run: OrchestrationExecution): Promise<void> {
    const ref = { projectPath, id: run.id };
    const show = () => vscode.commands.executeCommand(CommandId.ShowProgress, ref);
    switch (run.status) {
      case 'completed': {
        const a = await vscode.window.showInformationMessage(
          `SpecFlow: ${name} — phase complete (${run.taskProgress.completed}/${run.taskProgress.total} tasks, $${run.totalCostUsd.toFixed(2)}).`,
          'Open Report',
          'Show Progress',
        );
        if (a === 'Open Report') await vscode.commands.executeCommand(CommandId.OpenReport, ref);
        if (a === 'Show Progress') await show();
        return;
      }
      case 'merge_ready': {
        const a = await vscode.window.showInformationMessage(
          `SpecFlow: ${name} — merge ready. Verify passed; review and merge when you are ready.`,
          'Merge',
          'Open Report',
          'Show Progress',
        );
        if (a === 'Merge') await vscode.commands.executeCommand(CommandId.Merge, ref);
        if (a === 'Open Report') await vscode.commands.executeCommand(CommandId.OpenReport, ref);
        if (a === 'Show Progress') await show();
        return;
      }
      case 'waiting': {
        const a = await vscode.window.showWarningMessage(
          `SpecFlow: ${name} is waiting at the USER GATE. Confirm the phase, then merge.`,
          'Merge',
          'Show Progress',
        );
        if (a === 'Merge') await vscode.commands.executeCommand(CommandId.Merge, ref);
        if (a === 'Show Progress') await show();
        return;
      }
      case 'failed': {
        const a = await vscode.window.showErrorMessage(`SpecFlow: ${name} failed — ${run.error?.message ?? 'see the decision log'}`, 'Show Details', 'Resume');
        if (a === 'Show Details') {
          await vscode.commands.executeCommand(CommandId.OpenDecisionLog, ref);
          const log = run.error?.logPaths.at(-1);
          if (log) await vscode.commands.executeCommand(CommandId.OpenRunLog, { projectPath, path: log });
        }
        if (a === 'Resume') await vscode.commands.executeCommand(CommandId.Resume, ref);
        return;
      }
      case 'budget_exceeded': {
        const a = await vscode.window.showWarningMessage(
          `SpecFlow: ${name} stopped at its budget ($${run.totalCostUsd.toFixed(2)} of $${run.config.budget.totalUsd.toFixed(2)}). ${run.error?.message ?? ''}`,
          'Raise Budget…',
          'Show Progress',
        );
        if (a === 'Raise Budget…') await this.raiseBudget(projectPath, run);
        if (a === 'Show Progress') await show();
        return;
      }
      default:
        return;
    }
  }

  /** Offers the cap that actually stopped the run (the total, the batch's budget, the heal or decision cap). */
  private async raiseBudget(projectPath: string, run: OrchestrationExecution): Promise<void> {
    const stoppedBy = run.error?.details.cap;
    const cap: keyof OrchestrationExecution['config']['budget'] =
      stoppedBy === 'perBatchUsd' || stoppedBy === 'healUsd' || stoppedBy === 'decisionUsd' ? stoppedBy : 'totalUsd';
    const current = run.config.budget[cap];
    const spent = cap === 'totalUsd' ? run.totalCostUsd : cap === 'perBatchUsd' ? (run.batches.find((b) => b.status === 'failed')?.costUsd ?? 0) : 0;
    const answer = await vscode.window.showInputBox({
      title: `SpecFlow: Raise the ${CAP_NAMES[cap]} and resume`,
      prompt: `It stopped the run at $${current.toFixed(2)}${spent ? ` ($${spent.toFixed(2)} spent)` : ''}. New ${CAP_NAMES[cap]} in US dollars:`,
      value: String(Math.ceil(current * 1.5 * 100) / 100),
      validateInput: (v) => (Number(v) > Math.max(current, spent) ? undefined : `Enter a number above $${Math.max(current, spent).toFixed(2)}`),
    });
    if (!answer) return;
    try {
      await this.service.resume(projectPath, run.id, { budget: { ...run.config.budget, [cap]: Number(answer) } });
    } catch (e) {
      void vscode.window.showErrorMessage(`SpecFlow: ${(e as Error).message}`);
    }
  }
}

const CAP_NAMES = { totalUsd: 'total budget', perBatchUsd: 'per-batch budget', healUsd: 'heal budget', decisionUsd: 'decision budget' } as const;
