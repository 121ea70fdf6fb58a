// The one status policy: which run statuses may be resumed, cancelled, merged or paused, which hold the
// project (NG-008: a new start is refused), which have an owner driving them, and which are terminal.
// The engine, the CLI, the extension (tree, status bar, context keys, the `when` clauses through the
// capability tokens below) and the webview (through src/protocol) all ask here. Zod-free on purpose: the
// extension reads it during activation.
import { type RunStatus } from './statuses';

interface StatusTraits {
  /** An owner process drives the run right now (or should: its owner may have died). */
  active: boolean;
  /** A new start on the project is refused while the run is in this status. */
  holdsProject: boolean;
  resumable: boolean;
  cancellable: boolean;
  /** Merge may be asked for: at merge ready, or past a USER GATE. */
  mergeable: boolean;
  pausable: boolean;
  /** Nothing can continue the run; only a new start. */
  terminal: boolean;
}

const driving = { active: true, holdsProject: true, resumable: false, cancellable: true, mergeable: false, pausable: true, terminal: false };
const stopped = { active: false, holdsProject: false, resumable: true, cancellable: false, mergeable: false, pausable: false, terminal: false };

const POLICY: Record<RunStatus, StatusTraits> = {
  running: driving,
  healing: driving,
  paused: { active: false, holdsProject: true, resumable: true, cancellable: true, mergeable: false, pausable: false, terminal: false },
  waiting: { active: false, holdsProject: true, resumable: true, cancellable: true, mergeable: true, pausable: false, terminal: false },
  merge_ready: { active: false, holdsProject: true, resumable: false, cancellable: true, mergeable: true, pausable: false, terminal: false },
  failed: stopped,
  cancelled: stopped,
  budget_exceeded: stopped,
  completed: { active: false, holdsProject: false, resumable: false, cancellable: false, mergeable: false, pausable: false, terminal: true },
};

/** Whether the process that drives an active run is known to be alive. */
export type OwnerState = 'live' | 'gone' | 'unknown';

export function isActive(status: RunStatus): boolean {
  return POLICY[status].active;
}

export function holdsProject(status: RunStatus): boolean {
  return POLICY[status].holdsProject;
}

/** A stopped run may be resumed; so may an active one whose owner is gone (an orphan), to adopt it. */
export function canResume(status: RunStatus, owner: OwnerState = 'unknown'): boolean {
  return POLICY[status].resumable || (POLICY[status].active && owner === 'gone');
}

export function canCancel(status: RunStatus): boolean {
  return POLICY[status].cancellable;
}

export function canMerge(status: RunStatus): boolean {
  return POLICY[status].mergeable;
}

export function canPause(status: RunStatus): boolean {
  return POLICY[status].pausable;
}

export function isTerminal(status: RunStatus): boolean {
  return POLICY[status].terminal;
}

/** The actions a status allows, as tokens. The tree's contextValue carries them and package.json's `when`
 * clauses test the tokens (`viewItem =~ /:cancel\b/`), so no menu restates which status allows what. */
export type RunAction = 'pause' | 'resume' | 'cancel' | 'merge';

export function allowedActions(status: RunStatus, owner: OwnerState = 'unknown'): RunAction[] {
  const out: RunAction[] = [];
  if (canPause(status)) out.push('pause');
  if (canResume(status, owner)) out.push('resume');
  if (canCancel(status)) out.push('cancel');
  if (canMerge(status)) out.push('merge');
  return out;
}
