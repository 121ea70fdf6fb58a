// package.json contributes ↔ the code: every command is known, titled, categorised, and has an icon
// where it appears inline; every menu entry names a contributed command; settings match the config schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { CommandId } from '../../../src/extension/commandIds';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';

// The parts of package.json these tests read (a missing part fails the parse, naming it).
const MenuEntrySchema = z.object({ command: z.string().optional(), submenu: z.string().optional(), when: z.string().optional(), group: z.string().optional() });
const MenuSchema = z.array(MenuEntrySchema);
const PackageJsonSchema = z.object({
  contributes: z.object({
    commands: z.array(z.object({ command: z.string(), title: z.string(), category: z.string(), icon: z.string().optional() })),
    menus: z.object({ 'view/item/context': MenuSchema, 'view/title': MenuSchema, commandPalette: MenuSchema }).catchall(MenuSchema),
    submenus: z.array(z.object({ id: z.string() })),
    configuration: z.object({ properties: z.record(z.string(), z.object({ default: z.unknown(), markdownDescription: z.string().optional() })) }),
  }),
  capabilities: z.object({ untrustedWorkspaces: z.object({ supported: z.union([z.boolean(), z.string()]) }) }),
  activationEvents: z.array(z.string()),
});

const pkg = PackageJsonSchema.parse(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')));
const commands = pkg.contributes.commands;

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
    const inline = [...pkg.contributes.menus['view/item/context'], ...pkg.contributes.menus['view/title']].filter((m) =>
      /^(inline|navigation)/.test(m.group ?? ''),
    );
    for (const m of inline) assert.ok(m.command && byId.get(m.command)?.icon, `${m.command} needs an icon`);
    assert.equal(byId.get('specflow.completePhase')!.icon, '$(rocket)');
  });
  it('every menu entry names a contributed command or submenu and has a when clause in views', () => {
    const ids = new Set(commands.map((c) => c.command));
    const submenus = new Set(pkg.contributes.submenus.map((s) => s.id));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) {
        assert.ok(e.command ? ids.has(e.command) : submenus.has(e.submenu!), `${menu}: ${e.command ?? e.submenu}`);
        if (menu.startsWith('view/')) assert.ok(e.when, `${menu}: ${e.command} has a when clause`);
      }
    }
  });
  it('hides the API and internal commands from the palette', () => {
    const hidden = pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command);
    for (const id of Object.values(CommandId).filter((c) => c.startsWith('specflow.api.') || c === 'specflow.openRunLog')) assert.ok(hidden.includes(id), id);
  });
  it('defaults in settings equal the config schema defaults', () => {
    const props = pkg.contributes.configuration.properties;
    for (const [k, v] of Object.entries(DEFAULT_CONFIG)) {
      if (k === 'budget') {
        for (const [bk, bv] of Object.entries(DEFAULT_CONFIG.budget)) assert.equal(props[`specflow.defaults.budget.${bk}`]?.default, bv, bk);
      } else {
        const prop = props[`specflow.defaults.${k}`];
        if (prop) assert.deepEqual(prop.default, v, k);
      }
    }
    for (const p of Object.values(props)) assert.ok(p.markdownDescription, 'every setting has a markdownDescription');
  });
  it('declares limited support for untrusted workspaces and lazy activation', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(!pkg.activationEvents.includes('*') && !pkg.activationEvents.includes('onStartupFinished'));
  });
});
