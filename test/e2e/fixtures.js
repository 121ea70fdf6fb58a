// Fixture workspaces for the real-editor tests: SpecFlow projects on disk, written fresh per run.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const SKILLS = ['design', 'analyze', 'implement', 'verify', 'merge'];

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const ROOT = path.resolve(__dirname, '../..');
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'e2e',
  GIT_AUTHOR_EMAIL: 'e2e@example.com',
  GIT_COMMITTER_NAME: 'e2e',
  GIT_COMMITTER_EMAIL: 'e2e@example.com',
};

function commitAll(dir) {
  const env = { ...process.env, ...GIT_ENV };
  execFileSync('git', ['init', '-q'], { cwd: dir, env });
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-qm', 'fixture'], { cwd: dir, env });
}

/** A project folder with a feature dir, spec/plan, the given tasks.md, skill files, and a git repo. `files`: more files to write first. */
function project(dir, feature, tasks, { spec = true, files = {} } = {}) {
  for (const [rel, text] of Object.entries(files)) write(path.join(dir, rel), text);
  write(path.join(dir, 'specs', feature, 'tasks.md'), tasks);
  if (spec) write(path.join(dir, 'specs', feature, 'spec.md'), `# ${feature}\n\nA feature.\n`);
  write(path.join(dir, 'specs', feature, 'plan.md'), '# Plan\n');
  for (const s of SKILLS) write(path.join(dir, '.claude', 'commands', `flow.${s}.md`), `---\ndescription: ${s}\n---\nRun ${s}.\n\n$ARGUMENTS\n`);
  commitAll(dir);
  return dir;
}

/** The product's own demo project (`specflow-orchestrate demo --write-only`): a git repo on a feature branch, a node --test gate, 20 tasks in 4 sections. */
function demo(dir) {
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'demo', '--write-only', '--dir', dir], { stdio: 'ignore' });
  return dir;
}

/**
 * A Kiro spec (.kiro/specs/<feature>/ with requirements.md, design.md and tasks.md, no skills): numbered tasks
 * with sub-tasks and _Requirements:_ lines, a done task, an in-progress `[-]` parent, two optional `- [ ]*`
 * tasks, and a section of `ruleCount` tasks that the 20-task cap splits in two.
 */
function kiro(dir, feature, { ruleCount = 22 } = {}) {
  const spec = path.join(dir, '.kiro', 'specs', feature);
  write(path.join(spec, 'requirements.md'), '# Requirements\n\n1.1 A visitor can create an account.\n3.x Each sign-up field is validated.\n');
  write(path.join(spec, 'design.md'), '# Design\n\nModels, validation rules and an accounts API.\n');
  const lines = [
    '# Implementation Plan',
    '',
    '## Foundation',
    '',
    '- [x] 1. Set up the project structure and core interfaces',
    '  - _Requirements: 1.1_',
    '- [-] 2. Implement the data models',
    '  - [ ] 2.1 Create the User model in src/models/user.js',
    '    - _Requirements: 1.2_',
    '  - [ ] 2.2 Create the Session model in src/models/session.js',
    '    - _Requirements: 2.1_',
    '  - [ ]* 2.3 Write property tests for the models',
    '    - _Requirements: 1.2_',
    '',
    '## Validation rules',
    '',
  ];
  for (let i = 1; i <= ruleCount; i++)
    lines.push(`- [ ] ${i + 2}. Rule ${i}: validate sign-up field ${i} in src/rules/rule${i}.js`, `  - _Requirements: 3.${i}_`);
  lines.push('', '## API', '', `- [ ] ${ruleCount + 3}. Expose the accounts API in src/api/accounts.js`, '  - _Requirements: 4.1_');
  lines.push(`- [ ]* ${ruleCount + 4}. Load test the sign-in endpoint`, '');
  write(path.join(spec, 'tasks.md'), lines.join('\n'));
  commitAll(dir);
  return dir;
}

function sectioned(sections) {
  const lines = ['# Tasks', '', '## Format: `[ID] [P?] [Story] Description`', ''];
  let n = 1;
  for (const [name, count, done = 0] of sections) {
    lines.push(`## ${name}`, '');
    for (let i = 0; i < count; i++, n++) lines.push(`- [${i < done ? 'x' : ' '}] T${String(n).padStart(3, '0')} Build part ${n} in src/part${n}.ts`);
    lines.push('');
  }
  return lines.join('\n');
}

function flat(count) {
  const lines = ['# Tasks', ''];
  for (let n = 1; n <= count; n++) lines.push(`- [ ] T${String(n).padStart(3, '0')} Step ${n}`);
  return lines.join('\n') + '\n';
}

/** Two projects in a multi-root workspace: alpha (2 sections, 8 tasks, 2 done) and beta (3 tasks, no sections). */
function multiRoot(root) {
  const alpha = project(
    path.join(root, 'alpha'),
    '001-albums',
    sectioned([
      ['Phase 1: Setup', 4, 2],
      ['Phase 2: Core Components', 4],
    ]),
  );
  const beta = project(path.join(root, 'beta'), '002-search', flat(3));
  const workspace = path.join(root, 'e2e.code-workspace');
  write(workspace, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }, null, 2));
  return { workspace, projects: { alpha, beta } };
}

/** A multi-root .code-workspace file in root naming the given folders (relative to root). */
function workspaceFile(root, folders, name = 'e2e') {
  const file = path.join(root, `${name}.code-workspace`);
  write(file, JSON.stringify({ folders: folders.map((f) => ({ path: path.relative(root, f) })) }, null, 2));
  return file;
}

module.exports = { project, sectioned, flat, multiRoot, demo, kiro, workspaceFile };
