import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretRequest, kindForSkill } from '../../../src/simulated/request';
import { minimalValue } from '../../../src/simulated/schemaAnswer';
import { projectSlug } from '../../../src/simulated/sessions';
import { discoverCommands, expandCommand, resolveSlashCommand, substituteArguments, type SlashCommandDef } from '../../../src/simulated/skills';
import { checkedLine, countTasks, findTask } from '../../../src/simulated/tasksFile';
import { cleanupTempDirs, tempDir } from './helpers';

describe('simulated claude: slash commands and skills', () => {
  after(cleanupTempDirs);

  it('substitutes $ARGUMENTS, $ARGUMENTS[n], $n (0-based), named arguments and \\$', () => {
    assert.equal(substituteArguments('do $ARGUMENTS now', 'add login page'), 'do add login page now');
    assert.equal(substituteArguments('$0|$1|$ARGUMENTS[2]|$3.', 'add "login page" x'), 'add|login page|x|.');
    assert.equal(substituteArguments('file $file in $dir', 'a.ts src', ['file', 'dir']), 'file a.ts in src');
    assert.equal(substituteArguments('price \\$ARGUMENTS and $ARGUMENTS', 'x'), 'price $ARGUMENTS and x');
    assert.equal(substituteArguments('No placeholder.', 'add login'), 'No placeholder.\n\nARGUMENTS: add login');
    assert.equal(substituteArguments('No placeholder.', ''), 'No placeholder.');
    assert.equal(substituteArguments('[$ARGUMENTS]', ''), '[]');
  });

  it('discovers project commands (sub-directories become namespaces), skills and user commands', () => {
    const root = tempDir();
    const cwd = path.join(root, 'proj');
    const home = path.join(root, 'home');
    fs.mkdirSync(path.join(cwd, '.claude', 'commands', 'flow'), { recursive: true });
    fs.mkdirSync(path.join(cwd, '.claude', 'skills', 'speckit-plan'), { recursive: true });
    fs.mkdirSync(path.join(home, '.claude', 'commands'), { recursive: true });
    fs.writeFileSync(path.join(cwd, '.claude', 'commands', 'flow.implement.md'), '---\ndescription: impl\n---\nBody $ARGUMENTS\n');
    fs.writeFileSync(path.join(cwd, '.claude', 'commands', 'flow', 'plan.md'), 'Plan it.\n');
    fs.writeFileSync(path.join(cwd, '.claude', 'skills', 'speckit-plan', 'SKILL.md'), '---\nname: speckit-plan\n---\nSkill body\n');
    fs.writeFileSync(path.join(home, '.claude', 'commands', 'mine.md'), 'Mine.\n');
    const env = { HOME: home };
    const names = discoverCommands(cwd, env).map((d) => d.name);
    assert.deepEqual(names.slice(0, 4), ['flow:plan', 'flow.implement', 'speckit-plan', 'mine']);
    assert.ok(names.includes('verify') && names.includes('compact'));
    const userOnly = discoverCommands(cwd, env, ['user']).map((d) => d.name);
    assert.ok(!userOnly.includes('flow.implement') && userOnly.includes('mine'));

    const defs = discoverCommands(cwd, env);
    const impl = defs.find((d) => d.name === 'flow.implement')!;
    assert.equal(expandCommand(impl, 'T001 T002'), 'Body T001 T002\n');
    const skill = defs.find((d) => d.name === 'speckit-plan')!;
    assert.equal(
      expandCommand(skill, 'x'),
      `Base directory for this skill: ${path.join(cwd, '.claude', 'skills', 'speckit-plan')}\n\nSkill body\n\n\nARGUMENTS: x`,
    );
  });

  it('resolves prompts like the real CLI: found, unknown (with suggestion), or plain text', () => {
    const defs: SlashCommandDef[] = [
      { name: 'flow.implement', source: 'project', type: 'command' },
      { name: 'flow:plan', source: 'project', type: 'command' },
      { name: 'verify', source: 'builtin', type: 'skill' },
    ];
    const found = resolveSlashCommand('/flow.implement  multi\nline args ', defs, false);
    assert.equal(found.type, 'found');
    assert.equal(found.type === 'found' && found.args, 'multi\nline args');
    assert.deepEqual(resolveSlashCommand('/nope do it', defs, false), {
      type: 'unknown',
      name: 'nope',
      args: 'do it',
      message: 'Unknown command: /nope',
    });
    const typo = resolveSlashCommand('/verfy x', defs, false);
    assert.equal(typo.type === 'unknown' && typo.message, 'Unknown command: /verfy. Did you mean /verify?');
    // A name with a dot that is not installed goes to the model as text (real 2.1.197 behaviour).
    assert.equal(resolveSlashCommand('/flow.nope x', defs, false).type, 'none');
    // An existing absolute path is a prompt, not a command.
    assert.equal(resolveSlashCommand('/tmp is a directory', defs, false).type, 'none');
    // `/ns sub args` falls back to `ns:sub`.
    const ns = resolveSlashCommand('/flow plan more', defs, false);
    assert.equal(ns.type === 'found' && `${ns.name}|${ns.args}`, 'flow:plan|more');
    assert.equal(resolveSlashCommand('/flow.implement x', defs, true).type, 'none');
  });

  it('computes the transcript slug from the real path', () => {
    const dir = tempDir();
    const weird = path.join(dir, 'My Proj_v1.2');
    fs.mkdirSync(weird);
    assert.equal(projectSlug(weird), weird.replace(/[^a-zA-Z0-9]/g, '-'));
    const link = path.join(dir, 'link');
    fs.symlinkSync(weird, link);
    assert.equal(projectSlug(link), projectSlug(weird));
    const long = `/${'a'.repeat(250)}`;
    assert.match(projectSlug(long), /^-a{199}-[0-9a-z]+$/);
  });
});

describe('simulated claude: reading SpecFlow prompts and tasks files', () => {
  it('classifies skills into step kinds', () => {
    assert.equal(kindForSkill('flow.implement'), 'implement');
    assert.equal(kindForSkill('speckit.implement'), 'implement');
    assert.equal(kindForSkill('flow.design'), 'design');
    assert.equal(kindForSkill('speckit.plan'), 'design');
    assert.equal(kindForSkill('speckit-tasks'), 'design');
    assert.equal(kindForSkill('speckit.analyze'), 'analyze');
    assert.equal(kindForSkill('flow.verify'), 'verify');
    assert.equal(kindForSkill('flow.merge'), 'merge');
    assert.equal(kindForSkill('speckit.taskstoissues'), 'other');
  });

  it('parses the task block, section, healer and decision prompts', () => {
    const r = interpretRequest({
      prompt: '',
      skill: 'flow.implement',
      args: [
        'Feature directory: specs/001-demo',
        'Tasks file: specs/001-demo/tasks.md',
        'Implement batch 2 of 3: Phase 2: Core',
        'Do ONLY these tasks, in this order, and nothing else:',
        '- T013 Create the user model in src/models/user.ts',
        '- T014a [P] Add the user service',
        '- L42 a checkbox without id',
        '',
        '- T999 not part of the block',
        'Additional context from the user:',
        'be careful',
      ].join('\n'),
      hasJsonSchema: false,
    });
    assert.equal(r.kind, 'implement');
    assert.equal(r.featureDir, 'specs/001-demo');
    assert.equal(r.tasksFile, 'specs/001-demo/tasks.md');
    assert.deepEqual(
      r.tasks.map((t) => t.id),
      ['T013', 'T014a', 'L42'],
    );
    assert.equal(r.tasks[2]!.line, 42);
    assert.equal(r.section, 'Phase 2: Core');
    assert.equal(r.additionalContext, 'be careful');

    const heal = interpretRequest({
      prompt:
        'SpecFlow healer: the batch failed (heal attempt 2 of 3)\nTasks file: specs/x/tasks.md\nDo ONLY these tasks, in this order, and nothing else:\n- T002 b\n',
      skill: undefined,
      args: undefined,
      hasJsonSchema: false,
    });
    assert.equal(heal.kind, 'heal');
    assert.equal(heal.healAttempt, 2);
    assert.equal(heal.featureDir, 'specs/x');
    assert.deepEqual(
      heal.tasks.map((t) => t.id),
      ['T002'],
    );

    assert.equal(interpretRequest({ prompt: 'SpecFlow decision: go?', skill: undefined, args: undefined, hasJsonSchema: true }).kind, 'decision');
    assert.equal(interpretRequest({ prompt: 'hello', skill: undefined, args: undefined, hasJsonSchema: false }).kind, 'other');
  });

  it('finds and checks tasks with any bullet, by id or by line', () => {
    const content = '\uFEFF# T\r\n- [ ] T001 a\r\n* [x] T002 b\r\n+ [ ] **T003** c\r\n12. [ ] T004 d\r\n- [ ] no id\r\n- [~] T005 deferred\r\n';
    assert.equal(findTask(content, 'T001')!.line, 2);
    assert.equal(findTask(content, 'T002')!.checked, true);
    assert.equal(findTask(content, 'T003')!.line, 4);
    assert.equal(findTask(content, 'T004')!.line, 5);
    assert.equal(findTask(content, 'L6')!.id, undefined);
    assert.equal(findTask(content, 'T00'), undefined);
    assert.equal(checkedLine('12. [ ] T004 d'), '12. [x] T004 d');
    assert.equal(checkedLine('  + [ ] **T003** c'), '  + [x] **T003** c');
    const counts = countTasks(content);
    assert.equal(counts.total, 6);
    assert.equal(counts.done, 1);
  });

  it('answers a JSON schema with a minimal valid value', () => {
    const schema = {
      type: 'object',
      properties: {
        action: { type: 'string', enum: ['continue', 'heal', 'stop'] },
        confidence: { type: 'number', minimum: 0.5 },
        count: { type: 'integer', exclusiveMinimum: 0 },
        reason: { type: 'string', minLength: 12 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        ok: { type: 'boolean' },
        kind: { const: 'x' },
        maybe: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 3 }] },
        ref: { $ref: '#/$defs/thing' },
      },
      required: ['action', 'reason'],
      $defs: { thing: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } },
    };
    assert.deepEqual(minimalValue(schema), {
      action: 'continue',
      confidence: 0.5,
      count: 1,
      reason: 'simulatedxxx',
      tags: ['simulated'],
      ok: false,
      kind: 'x',
      maybe: 'sim',
      ref: { id: '00000000-0000-4000-8000-000000000000' },
    });
  });
});
