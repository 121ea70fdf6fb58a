// The webview's whole state as one value (what the views render from) and the actions the views may call.
import type { ActivityView, PanelState } from '../src/protocol/messages';
import type { FieldKey } from './config/formModel';
import type { Cap, RaiseForm } from './progress/raiseBudgetModel';
import type { FormValues, LogFilter, UiState } from './uiState';

export interface StartFailure {
  message?: string;
  issues: string[];
}

export interface Model {
  /** The host's last `state` snapshot; undefined until the first one arrives. */
  panel?: PanelState;
  /** Date.now() when that snapshot arrived: active time and ETA tick from it. */
  receivedAt: number;
  /** Latest agent activity (from the snapshot, or a newer `activity` message). */
  activity?: ActivityView;
  /** Each running agent's latest activity by execution id (the groups of a wave show theirs). */
  agents: Record<string, ActivityView>;
  /** Persisted through getState/setState. */
  ui: UiState;
  /** Start was posted and neither `startResult` nor a progress snapshot has answered yet. */
  startPending: boolean;
  startFailure?: StartFailure;
  /** A preview of changed plan options is waiting to be sent or answered. */
  previewPending: boolean;
  /** The inline "Cancel this run?" step is shown. */
  confirmingCancel: boolean;
  /** The "Raise budget and resume" form of a run stopped by a budget cap. */
  raise?: RaiseForm;
  /** What was just copied to the clipboard (the report's next-step command), for a short "Copied". */
  copied?: string;
  /** Clock for active time, ETA and countdowns, advanced every second while one of them moves. */
  now: number;
}

/** What the views may do. Properties (not methods), so a view can pass one on as a callback. */
export interface Actions {
  setForm: (patch: Partial<FormValues>) => void;
  setAdvancedOpen: (open: boolean) => void;
  /** Opens the advanced options and focuses one of them (from a line of the preview: batch size, gate…). */
  editOption: (key: FieldKey) => void;
  start: () => void;
  dismiss: () => void;
  pause: () => void;
  resume: () => void;
  merge: () => void;
  newRun: () => void;
  exportLog: () => void;
  askCancel: () => void;
  confirmCancel: () => void;
  keepRunning: () => void;
  openFile: (path: string) => void;
  setLogFilter: (patch: Partial<LogFilter>) => void;
  toggleLogEntry: (seq: number, open: boolean) => void;
  /** Undo one batch from its checkpoint (the host confirms). */
  revertBatch: (batch: number) => void;
  /** VS Code's diff of one batch. */
  openChanges: (batch: number) => void;
  showReport: () => void;
  showProgress: () => void;
  setRaise: (cap: Cap, value: string) => void;
  /** Resume with the raised caps of the form. */
  raiseAndResume: () => void;
  copyText: (text: string) => void;
}
