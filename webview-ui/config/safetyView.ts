// The modal's "Test gate and checkpoints" lines, from the host's pre-flight: the gate command and where it
// came from (or why there is none), how each batch is checkpointed, and the user's own changes that stay
// out of batch commits.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PreflightView } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { actionLink, icon } from '../shared/dom';
import { plural } from '../shared/format';

type Gate = NonNullable<PreflightView['gate']>;
type Checkpoints = NonNullable<PreflightView['checkpoints']>;

/** User paths listed by name; the rest are counted (all of them are in the tooltip). */
const LISTED_PATHS = 3;

const GATE_SOURCES: Record<Gate['source'], string> = { detected: 'detected', config: 'from the options', none: '' };

function gateLine(g: Gate, a: Actions): TemplateResult {
  const change = actionLink('edit-gate', 'Change', () => a.editOption('gate'));
  if (g.error) {
    return html`<li class="safety-line is-error" id="gate-line">
      ${icon('error')} <span><strong>Test gate:</strong> ${g.error} <span class="notice-tag">(blocks Start)</span></span> ${change}
    </li>`;
  }
  if (!g.command) {
    return html`<li class="safety-line" id="gate-line">
      ${icon('circle-slash')} <span><strong>Test gate:</strong> none — SpecFlow will not run the tests after each batch</span> ${change}
    </li>`;
  }
  return html`<li class="safety-line" id="gate-line">
    ${icon('beaker')}
    <span><strong>Test gate:</strong> <code class="command">${g.command}</code> <span class="muted">(${GATE_SOURCES[g.source]})</span></span> ${change}
  </li>`;
}

function modeText(c: Checkpoints, notGit: boolean): string {
  if (c.mode === 'commit') return 'A commit per batch on the current branch, so each batch can be reverted';
  if (c.mode === 'refs') return 'Private refs per batch (no commits), so each batch can be reverted';
  if (notGit) return 'Not a git repository: checkpoints are off';
  return c.reason && c.reason !== 'checkpoints are off' ? `Checkpoints are off: ${c.reason}` : 'Checkpoints are off: batches cannot be reverted from SpecFlow';
}

function userPathsLine(paths: readonly string[]): TemplateResult {
  const shown = paths.slice(0, LISTED_PATHS).join(', ') + (paths.length > LISTED_PATHS ? `, and ${paths.length - LISTED_PATHS} more` : '');
  return html`<li class="safety-line is-warning" id="user-paths" title=${paths.join('\n')}>
    ${icon('warning')} <span>${plural(paths.length, 'file')} you changed ${paths.length === 1 ? 'stays' : 'stay'} out of batch commits: ${shown}</span>
  </li>`;
}

function checkpointLines(c: Checkpoints, warnings: PreflightView['warnings']): TemplateResult[] {
  const notGit = warnings.some((w) => w.code === 'not_git');
  const lines: TemplateResult[] = [
    html`<li class="safety-line" id="checkpoints-line">
      ${icon(c.mode === 'off' ? 'circle-slash' : 'git-commit')} <span><strong>Checkpoints:</strong> ${modeText(c, notGit)}</span>
    </li>`,
  ];
  const listsUserPaths = c.mode === 'commit' && c.userPaths.length > 0;
  if (listsUserPaths) lines.push(userPathsLine(c.userPaths));
  // Other tree warnings (a detached HEAD…); the one that lists the user's files is the line above.
  for (const w of warnings.filter((x) => x.code === 'dirty_tree' && !(listsUserPaths && /stay out of the batch commits/.test(x.message)))) {
    lines.push(html`<li class="safety-line is-warning">${icon('warning')} <span>${w.message}</span></li>`);
  }
  return lines;
}

export function safetyView(p: PreflightView | undefined, a: Actions): TemplateResult | typeof nothing {
  if (!p || (!p.gate && !p.checkpoints)) return nothing;
  return html`<section class="card-section safety" aria-labelledby="safety-h">
    <h2 id="safety-h">Test gate and checkpoints</h2>
    <ul class="safety-lines">
      ${p.gate ? gateLine(p.gate, a) : nothing} ${p.checkpoints ? checkpointLines(p.checkpoints, p.warnings) : nothing}
    </ul>
  </section>`;
}
