// One icon and colour per run/batch status, shared by the tree and the status bar.
import * as vscode from 'vscode';
import { type BatchStatus, type RunStatus } from '../../core/model/statuses';

export const RUN_ICONS: Record<RunStatus | 'idle', [string, string?]> = {
  idle: ['rocket'],
  running: ['sync~spin', 'charts.blue'],
  healing: ['tools', 'charts.orange'],
  paused: ['debug-pause', 'charts.yellow'],
  waiting: ['person', 'charts.yellow'],
  merge_ready: ['git-merge', 'charts.green'],
  completed: ['pass-filled', 'charts.green'],
  failed: ['error', 'charts.red'],
  cancelled: ['circle-slash'],
  budget_exceeded: ['warning', 'charts.red'],
};

export const BATCH_ICONS: Record<BatchStatus, [string, string?]> = {
  pending: ['circle-large-outline'],
  running: ['sync~spin', 'charts.blue'],
  completed: ['pass', 'charts.green'],
  healed: ['pass', 'charts.orange'],
  failed: ['error', 'charts.red'],
  cancelled: ['circle-slash'],
};

export function themeIcon([id, color]: [string, string?]): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}
