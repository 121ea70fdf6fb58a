// The batch table's evidence cells: the test gate's badge (a link to its log), the checkpoint's commit with
// its +/− lines, and the row's actions (Open Changes, Revert). Text only: everything here comes from git,
// the gate's output or the agent.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ActivityView, ProgressView } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { plural } from '../shared/format';

export type Batch = ProgressView['batches'][number];
type Gate = NonNullable<Batch['gate']>;
type Checkpoint = NonNullable<Batch['checkpoint']>;

const VERDICTS: Record<Gate['verdict'], string> = {
  pass: 'The test gate passed',
  no_worse: 'The test gate is no worse than before the run',
  worse: 'The test gate is worse than before the run',
};

export function gateCell(b: Batch, a: Actions): TemplateResult {
  const g = b.gate;
  if (!g) return html`<span class="muted" aria-label="no gate result">—</span>`;
  return html`<a
    href="#"
    class="gate-badge gate-${g.verdict}"
    data-verdict=${g.verdict}
    title="${VERDICTS[g.verdict]}. Open the gate log (${g.logPath})"
    @click=${(e: Event) => {
      e.preventDefault();
      a.openFile(g.logPath);
    }}
    >${g.badge}<span class="visually-hidden">: ${VERDICTS[g.verdict]}</span></a
  >`;
}

function lines(cp: Checkpoint): TemplateResult {
  return html`<span class="diffstat" title=${plural(cp.files, 'file')}
    ><span class="adds">+${cp.additions}</span> <span class="dels">−${cp.deletions}</span></span
  >`;
}

export function commitCell(b: Batch): TemplateResult {
  const cp = b.checkpoint;
  if (!cp) return html`<span class="muted">—</span>`;
  if (cp.status === 'failed') {
    const error = cp.error ?? 'the checkpoint failed';
    return html`<span class="checkpoint-failed" tabindex="0" title=${error}
      >${icon('warning')} checkpoint failed<span class="visually-hidden">: ${error}</span></span
    >`;
  }
  if (!cp.commit) return html`<span class="muted">${cp.status === 'unchanged' ? 'no changes' : '—'}</span>`;
  const kind = cp.status === 'refs' ? 'Private ref (no commit)' : 'Commit';
  return html`<span class="commit ${cp.reverted ? 'is-reverted' : ''}">
    <code class="sha" title="${kind} ${cp.commit}">${cp.commit.slice(0, 7)}</code> ${lines(cp)}
    ${cp.reverted ? html`<span class="reverted-tag">${icon('discard')} reverted</span>` : nothing}
  </span>`;
}

/** A batch has something to diff once its checkpoint recorded the tree after it. */
function hasChanges(cp: Checkpoint | undefined): boolean {
  return Boolean(cp && (cp.commit || cp.files > 0));
}

export function actionsCell(b: Batch, a: Actions): TemplateResult {
  return html`<span class="row-actions">
    ${
      hasChanges(b.checkpoint)
        ? html`<button
            type="button"
            class="row-action open-changes"
            title="Open Changes: the diff of batch ${b.index}"
            aria-label="Open changes of batch ${b.index}"
            @click=${() => a.openChanges(b.index)}
          >
            ${icon('diff')}
          </button>`
        : nothing
    }
    ${
      b.canRevert
        ? html`<button
            type="button"
            class="row-action revert"
            title="Revert batch ${b.index}: undo its changes and uncheck its tasks"
            aria-label="Revert batch ${b.index}"
            @click=${() => a.revertBatch(b.index)}
          >
            ${icon('discard')}
          </button>`
        : nothing
    }
  </span>`;
}

const GROUP_ICONS: Record<string, string> = {
  pending: 'circle-large-outline',
  running: 'sync',
  done: 'pass-filled',
  committed: 'git-commit',
  merged: 'git-merge',
  rerun: 'debug-restart',
  failed: 'error',
};

/** What a group's agent is doing: its current tool and target, else its last words. */
function agentLine(a: ActivityView | undefined): string | undefined {
  if (!a) return undefined;
  if (a.currentTool) return `${a.currentTool.name}${a.currentTool.target ? ` ${a.currentTool.target}` : ''}`;
  return a.lastAssistantText?.split('\n')[0]?.slice(0, 120);
}

/** The groups of the batch's parallel waves, one sub-row each with its agent's live activity. */
export function groupRows(b: Batch, columns: number, agents: Record<string, ActivityView>): TemplateResult[] {
  return (b.groups ?? []).map((g) => {
    const line = g.status === 'running' && g.executionId ? agentLine(agents[g.executionId]) : undefined;
    return html`<tr class="group-row group-${g.status}" data-batch=${b.index} data-group=${g.index} data-wave=${g.wave}>
      <td></td>
      <td colspan=${columns - 1}>
        <span class="group-line">
          ${icon(GROUP_ICONS[g.status] ?? 'circle-large-outline', g.status === 'running' ? 'codicon-modifier-spin' : '')}
          <span class="group-name">Wave ${g.wave} · group ${g.index}</span>
          <span class="group-tasks">${g.taskIds.join(', ')}</span>
          <span class="group-status muted">${g.status}${g.healAttempts ? ` · ${g.healAttempts} heal${g.healAttempts > 1 ? 's' : ''}` : ''}</span>
          ${g.note ? html`<span class="group-note">${g.note}</span>` : nothing} ${line ? html`<span class="group-activity">${line}</span>` : nothing}
        </span>
      </td>
    </tr>`;
  });
}
