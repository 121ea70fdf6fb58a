// What the agent is doing right now: current tool and target, recently touched files, its last words,
// and a clear label when the agent is SpecFlow's simulated one (no AI). All of it is agent output: text only.
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ActivityView } from '../../src/protocol/messages';
import type { Actions } from '../model';
import { icon } from '../shared/dom';
import { plural } from '../shared/format';

const MAX_FILES = 8;

export function activityPanel(activity: ActivityView | undefined, a: Actions): TemplateResult | typeof nothing {
  if (!activity) return nothing;
  const files = activity.recentFiles.slice(-MAX_FILES).reverse();
  return html`<section class="section activity" aria-labelledby="activity-h" id="activity">
    <h2 id="activity-h">
      Agent activity ${activity.simulated ? html`<span class="sim-label" id="simulated-label">${icon('beaker')} Simulated agent (no AI)</span>` : nothing}
    </h2>
    <p class="activity-meta muted">
      <span>${activity.kind}</span>
      ${activity.model ? html` · <span>model ${activity.model}</span>` : nothing} · <span>${plural(activity.toolCalls, 'tool call')}</span>
    </p>
    <p class="current-tool" id="current-tool">
      ${
        activity.currentTool
          ? html`${icon('tools')}
              <span class="tool-name">${activity.currentTool.name}</span>
              ${activity.currentTool.target ? html`<span class="tool-target">${activity.currentTool.target}</span>` : nothing}`
          : html`<span class="muted">No tool running</span>`
      }
    </p>
    ${
      files.length
        ? html`<h3 class="subhead">Recently touched files</h3>
            <ul class="file-list">
              ${files.map(
                (f) =>
                  html`<li>
                    <a
                      href="#"
                      class="file-link"
                      title="Open ${f}"
                      @click=${(e: Event) => {
                        e.preventDefault();
                        a.openFile(f);
                      }}
                      >${icon('file')} <span>${f}</span></a
                    >
                  </li>`,
              )}
            </ul>`
        : nothing
    }
    ${
      activity.lastAssistantText
        ? html`<h3 class="subhead">Last message</h3>
            <blockquote class="assistant-text" id="assistant-text">${activity.lastAssistantText}</blockquote>`
        : nothing
    }
  </section>`;
}
