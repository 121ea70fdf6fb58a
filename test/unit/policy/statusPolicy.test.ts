// The one status policy, and the places that must follow it: the tree's menus (package.json `when`
// clauses over the contextValue tokens) and the lifecycle's transition table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOWED_RUN_TRANSITIONS } from '../../../src/core/engine/lifecycle';
import {
  allowedActions,
  canCancel,
  canMerge,
  canPause,
  canResume,
  holdsProject,
  isActive,
  isTerminal,
  type OwnerState,
} from '../../../src/core/model/statusPolicy';
import { RUN_STATUSES, type RunStatus } from '../../../src/core/model/statuses';
import { projectContextValue } from '../../../src/extension/runActions';
import type { ProjectState } from '../../../src/extension/services/orchestratorService';

interface MenuEntry {
  command?: string;
  when: string;
  group: string;
}
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };
const itemMenu = pkg.contributes.menus['view/item/context']!;

/** Evaluates the only shapes our item-menu `when` clauses use: `view == x && viewItem =~ /re/` or `viewItem == v`. */
function shown(entry: MenuEntry, contextValue: string): boolean {
  const re = entry.when.match(/viewItem =~ \/(.+)\/$/);
  if (re) return new RegExp(re[1]!).test(contextValue);
  const eq = entry.when.match(/viewItem == (\S+)$/);
  return eq ? eq[1] === contextValue : false;
}

function stateWith(status: RunStatus | undefined, owner: OwnerState): ProjectState {
  return { current: status ? { status } : undefined, owner } as unknown as ProjectState;
}

function commandsFor(contextValue: string, group: RegExp): string[] {
  return itemMenu.filter((m) => m.command && group.test(m.group) && shown(m, contextValue)).map((m) => m.command!);
}

describe('status policy', () => {
  it('answers every question for every status, consistently', () => {
    for (const s of RUN_STATUSES) {
      if (isTerminal(s)) assert.ok(!canResume(s, 'gone') && !canCancel(s) && !canMerge(s) && !canPause(s) && !holdsProject(s), s);
      if (isActive(s)) assert.ok(holdsProject(s) && canCancel(s) && canPause(s), `${s}: an active run holds the project and can be paused or cancelled`);
      if (canMerge(s)) assert.ok(holdsProject(s), `${s}: mergeable runs hold the project`);
    }
    assert.deepEqual(
      RUN_STATUSES.filter((s) => isTerminal(s)),
      ['completed'],
    );
  });

  it('offers Resume for an active run only when its owner is gone (an orphan to adopt)', () => {
    assert.ok(!canResume('running', 'live'));
    assert.ok(!canResume('running', 'unknown'));
    assert.ok(canResume('running', 'gone'));
    assert.ok(canResume('failed', 'unknown'));
    assert.ok(!canResume('merge_ready', 'gone'));
  });

  it('lets the lifecycle leave every non-terminal status and never leave completed', () => {
    for (const s of RUN_STATUSES) {
      const out = ALLOWED_RUN_TRANSITIONS[s].filter((t) => t !== s);
      assert.equal(out.length === 0, isTerminal(s), s);
    }
  });

  it('shows exactly the run actions the policy allows in the project context menu, for every status and owner', () => {
    const byAction = { pause: 'specflow.pause', resume: 'specflow.resume', cancel: 'specflow.cancel', merge: 'specflow.merge' } as const;
    for (const status of [undefined, ...RUN_STATUSES]) {
      for (const owner of ['live', 'gone', 'unknown'] as const) {
        const cv = projectContextValue(stateWith(status, owner));
        const menu = commandsFor(cv, /^1_run/);
        const expected = status ? allowedActions(status, owner).map((a) => byAction[a]) : [];
        for (const cmd of Object.values(byAction)) assert.equal(menu.includes(cmd), expected.includes(cmd), `${status ?? 'idle'}/${owner}: ${cmd} (${cv})`);
        assert.equal(menu.includes('specflow.openDecisionLog'), Boolean(status), `${status ?? 'idle'}: decision log`);
        const inline = commandsFor(cv, /^inline/);
        const canStart = !status || !holdsProject(status);
        assert.deepEqual(inline, canStart ? ['specflow.completePhase'] : ['specflow.showProgress'], `${status ?? 'idle'}: inline`);
      }
    }
  });
});
