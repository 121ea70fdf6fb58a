// Design → Analyze → Implement → Verify → Merge (FR-060): one step per phase with its state; the current
// one is highlighted and marked aria-current="step".
import { html, type TemplateResult } from 'lit/html.js';
import type { ProgressView } from '../../src/protocol/messages';
import { icon } from '../shared/dom';

type PhaseState = ProgressView['phases'][number]['state'];

const PHASE_ICONS: Record<PhaseState, string> = {
  done: 'pass-filled',
  current: 'circle-large-filled',
  pending: 'circle-large-outline',
  skipped: 'debug-step-over',
  failed: 'error',
};

const STATE_TEXT: Record<PhaseState, string> = {
  done: 'done',
  current: 'current',
  pending: 'pending',
  skipped: 'skipped',
  failed: 'failed',
};

export function phaseBar(phases: ProgressView['phases']): TemplateResult {
  return html`<nav class="phase-bar-wrap" aria-label="Phases">
    <ol class="phase-bar">
      ${phases.map(
        (p) =>
          html`<li class="phase phase-${p.state}" data-phase=${p.phase} data-state=${p.state} aria-current=${p.state === 'current' ? 'step' : 'false'}>
            ${icon(PHASE_ICONS[p.state])}
            <span class="phase-label">${p.label}</span>
            <span class="visually-hidden">(${STATE_TEXT[p.state]})</span>
          </li>`,
      )}
    </ol>
  </nav>`;
}
