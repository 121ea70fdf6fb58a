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

/** A project folder with a feature dir, spec/plan, the given tasks.md, skill files, and a git repo. */
function project(dir, feature, tasks, { spec = true } = {}) {
  write(path.join(dir, 'specs', feature, 'tasks.md'), tasks);
  if (spec) write(path.join(dir, 'specs', feature, 'spec.md'), `# ${feature}\n\nA feature.\n`);
  write(path.join(dir, 'specs', feature, 'plan.md'), '# Plan\n');
  for (const s of SKILLS) write(path.join(dir, '.claude', 'commands', `flow.${s}.md`), `---\ndescription: ${s}\n---\nRun ${s}.\n\n$ARGUMENTS\n`);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.com',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.com',
  };
  execFileSync('git', ['init', '-q'], { cwd: dir, env });
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-qm', 'fixture'], { cwd: dir, env });
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

module.exports = { project, sectioned, flat, multiRoot };
