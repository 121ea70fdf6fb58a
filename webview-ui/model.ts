// The webview's whole state as one value (what the views render from) and the actions the views may call.
import type { ActivityView, PanelState } from '../src/protocol/messages';
import type { FormValues, LogFilter, UiState } from './uiState';

export interface StartFailure {
  message?: string;
  issues: string[];
}

export interface Model {
  /** The host's last `state` snapshot; undefined until the first one arrives. */
  panel?: PanelState;
  /** Date.now() when that snapshot arrived: elapsed and ETA tick from it. */
  receivedAt: number;
  /** Latest agent activity (from the snapshot, or a newer `activity` message). */
  activity?: ActivityView;
  /** Persisted through getState/setState. */
  ui: UiState;
  /** Start was posted and neither `startResult` nor a progress snapshot has answered yet. */
  startPending: boolean;
  startFailure?: StartFailure;
  /** The inline "Cancel this run?" step is shown. */
  confirmingCancel: boolean;
  /** Clock for elapsed/ETA, advanced every second while a run is active. */
  now: number;
}

export interface Actions {
  setForm(patch: Partial<FormValues>): void;
  setAdvancedOpen(open: boolean): void;
  /** Opens the advanced options and focuses the batch size (from the no-sections warning). */
  editBatchSize(): void;
  start(): void;
  dismiss(): void;
  pause(): void;
  resume(): void;
  merge(): void;
  newRun(): void;
  exportLog(): void;
  askCancel(): void;
  confirmCancel(): void;
  keepRunning(): void;
  openFile(path: string): void;
  setLogFilter(patch: Partial<LogFilter>): void;
  toggleLogEntry(seq: number, open: boolean): void;
}
