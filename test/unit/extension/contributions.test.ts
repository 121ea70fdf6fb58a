// package.json contributes ↔ the code: every command is known, titled, categorised, and has an icon
// where it appears inline; every menu entry names a contributed command; settings match the config schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandId } from '../../../src/extension/commandIds';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const commands: { command: string; title: string; category: string; icon?: string }[] = pkg.contributes.commands;

describe('package.json contributions', () => {
  it('contributes exactly the commands the code registers', () => {
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(CommandId).sort());
  });
  it('gives every command a title and the SpecFlow category', () => {
    for (const c of commands) {
      assert.ok(c.title.length > 2, c.command);
      assert.equal(c.category, 'SpecFlow', c.command);
    }
  });
  it('has an icon for every command shown inline or in a view title, and Complete Phase uses the rocket', () => {
    const byId = new Map(commands.map((c) => [c.command, c]));
    const inline = [...pkg.contributes.menus['view/item/context'], ...pkg.contributes.menus['view/title']].filter((m: { group: string }) =>
      /^(inline|navigation)/.test(m.group),
    );
    for (const m of inline) assert.ok(byId.get(m.command)?.icon, `${m.command} needs an icon`);
    assert.equal(byId.get('specflow.completePhase')!.icon, '$(rocket)');
  });
  it('every menu entry names a contributed command or submenu and has a when clause in views', () => {
    const ids = new Set(commands.map((c) => c.command));
    const submenus = new Set(pkg.contributes.submenus.map((s: { id: string }) => s.id));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus) as [string, { command?: string; submenu?: string; when?: string }[]][]) {
      for (const e of entries) {
        assert.ok(e.command ? ids.has(e.command) : submenus.has(e.submenu!), `${menu}: ${e.command ?? e.submenu}`);
        if (menu.startsWith('view/')) assert.ok(e.when, `${menu}: ${e.command} has a when clause`);
      }
    }
  });
  it('hides the API and internal commands from the palette', () => {
    const hidden = pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    for (const id of Object.values(CommandId).filter((c) => c.startsWith('specflow.api.') || c === 'specflow.openRunLog')) assert.ok(hidden.includes(id), id);
  });
  it('defaults in settings equal the config schema defaults', () => {
    const props = pkg.contributes.configuration.properties;
    for (const [k, v] of Object.entries(DEFAULT_CONFIG)) {
      if (k === 'budget') {
        for (const [bk, bv] of Object.entries(v as Record<string, number>)) assert.equal(props[`specflow.defaults.budget.${bk}`].default, bv, bk);
      } else if (props[`specflow.defaults.${k}`]) assert.deepEqual(props[`specflow.defaults.${k}`].default, v, k);
    }
    for (const p of Object.values(props) as { markdownDescription?: string }[]) assert.ok(p.markdownDescription, 'every setting has a markdownDescription');
  });
  it('declares limited support for untrusted workspaces and lazy activation', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(!pkg.activationEvents.includes('*') && !pkg.activationEvents.includes('onStartupFinished'));
  });
});
