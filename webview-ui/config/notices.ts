// The pre-flight warnings the modal lists (claude missing, untrusted workspace, skill files missing, all
// tasks done…) and why Start is disabled. Pure.
import type { PanelState } from '../../src/protocol/messages';

export interface Notice {
  code: string;
  message: string;
  blocking: boolean;
}

export const UNTRUSTED_MESSAGE =
  'This workspace is not trusted: SpecFlow starts Claude Code with edit permissions only in a trusted workspace (Manage Workspace Trust)';

/**
 * Warnings another part of the modal shows in place: the batch preview (no sections), the gate line (a gate
 * that cannot run) and the checkpoints lines (no git, files the user changed, a detached HEAD).
 */
function shownInPlace(code: string, preflight: PanelState['preflight']): boolean {
  if (code === 'no_sections') return true;
  if (code === 'gate') return Boolean(preflight?.gate);
  return (code === 'not_git' || code === 'dirty_tree') && Boolean(preflight?.checkpoints);
}

/** Every pre-flight warning, with the untrusted workspace added when the host did not say it; blocking ones first. */
export function allNotices(panel: Pick<PanelState, 'trusted' | 'preflight'>): Notice[] {
  const list: Notice[] = (panel.preflight?.warnings ?? []).map((w) => ({ ...w }));
  if (!panel.trusted && !list.some((w) => w.code === 'untrusted')) list.unshift({ code: 'untrusted', message: UNTRUSTED_MESSAGE, blocking: true });
  return [...list.filter((w) => w.blocking), ...list.filter((w) => !w.blocking)];
}

/** The notices listed at the top of the modal: those no other part shows. */
export function listedNotices(all: readonly Notice[], preflight: PanelState['preflight']): Notice[] {
  return all.filter((n) => !shownInPlace(n.code, preflight));
}

export interface StartGate {
  enabled: boolean;
  /** Shown next to Start when it is disabled. */
  reason?: string;
}

export function startGate(opts: { busy?: string | undefined; pending: boolean; notices: Notice[]; invalidFields: number; otherErrors: number }): StartGate {
  if (opts.pending) return { enabled: false, reason: 'Starting…' };
  if (opts.busy) return { enabled: false, reason: opts.busy };
  const blocking = opts.notices.find((n) => n.blocking);
  if (blocking) return { enabled: false, reason: `Cannot start: ${blocking.message}` };
  const bad = opts.invalidFields + opts.otherErrors;
  if (bad) return { enabled: false, reason: `Cannot start: fix the ${bad === 1 ? 'option' : `${bad} options`} marked above` };
  return { enabled: true };
}
