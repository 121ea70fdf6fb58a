// The demo project's files: a tiny Node project (package.json whose `npm test` is `node --test`, no
// dependencies, one starter test) and a SpecFlow feature — spec, plan and a tasks.md with 4 sections and 20
// tasks, each naming the file it creates, with runs of [P] tasks on different files for parallel waves.

export const DEMO_FEATURE = 'specs/001-photo-albums';
/** The feature branch the demo works on; merge merges it into main. */
export const DEMO_BRANCH = '001-photo-albums';

const SECTIONS: [string, string[]][] = [
  [
    'Phase 1: Setup',
    [
      'Create the shared text helpers in src/lib/text.js',
      '[P] Create the configuration defaults in src/config/defaults.js',
      '[P] Create the event log in src/lib/eventLog.js',
      '[P] Document the project layout in docs/architecture.md',
    ],
  ],
  [
    'Phase 2: Core Models & Services (US1)',
    [
      '[P] [US1] Create the album model in src/models/album.js',
      '[P] [US1] Create the photo model in src/models/photo.js',
      '[P] [US1] Create the tag model in src/models/tag.js',
      '[US1] Implement the album service in src/services/albumService.js',
      '[US1] Implement the photo import service in src/services/photoImport.js',
      '[US1] Persist albums in src/storage/albumStore.js',
    ],
  ],
  [
    'Phase 3: User Interface (US2)',
    [
      '[US2] Render the album grid in src/ui/albumGrid.js',
      '[P] [US2] Build the cover picker in src/ui/coverPicker.js',
      '[P] [US2] Handle dragging photos between albums in src/ui/dragDrop.js',
      '[P] [US2] Show the empty-state message in src/ui/emptyState.js',
      '[US2] Add keyboard shortcuts in src/ui/shortcuts.js',
    ],
  ],
  [
    'Phase 4: Polish & Cross-Cutting Concerns',
    [
      '[P] Add album search in src/services/search.js',
      '[P] Export an album as JSON in src/services/exportAlbum.js',
      'Speed up album loading in src/services/albumService.js',
      '[P] Write the user guide in docs/albums.md',
      'Run the quickstart validation',
    ],
  ],
];

/** The task whose module the demo's scripted fault breaks (SPECFLOW_SIMULATED_FAULTS), so the gate heals it. */
export const DEMO_FAULTS = 'T009:test';

export function demoTasksMd(): string {
  const lines = [
    '# Tasks: Photo Albums',
    '',
    '**Input**: Design documents from `/specs/001-photo-albums/`',
    '',
    '**Format**: `[ID] [P?] [Story] Description` — [P] tasks touch different files and can run in parallel.',
    '',
  ];
  let n = 1;
  for (const [name, tasks] of SECTIONS) {
    lines.push(`## ${name}`, '');
    for (const t of tasks) lines.push(`- [ ] T${String(n++).padStart(3, '0')} ${t}`);
    lines.push('');
  }
  return lines.join('\n');
}

const SPEC = `# Feature Specification: Photo Albums

Users organise photos into albums, tag them, pick a cover, drag photos between albums and search them.

## User Scenarios

- **US1**: As a user I can create albums, import photos into them and tag them; albums are kept between sessions.
- **US2**: As a user I see my albums as a grid, pick a cover, drag photos between albums and use the keyboard.

## Requirements

- **FR-001**: Albums, photos and tags have a name and a URL-safe slug.
- **FR-002**: Importing photos lists each photo once.
- **FR-003**: Every module has tests that \`npm test\` runs.
`;

const PLAN = `# Implementation Plan: Photo Albums

## Technical Context

- Node.js 20+, plain CommonJS modules, no dependencies.
- Source in \`src/\` (lib, config, models, services, storage, ui); tests in \`test/\`, mirroring \`src/\`.
- Tests use \`node:test\`; \`npm test\` runs \`node --test\`, and SpecFlow runs it as its test gate after every batch.

## Phases

1. Setup: shared helpers and configuration.
2. Core models and services (US1).
3. User interface (US2).
4. Polish: search, export, performance, documentation.
`;

const README = `# SpecFlow demo project: Photo Albums

Written by SpecFlow. Run "Complete Phase" on it (or \`specflow-orchestrate demo\`): the simulated agent (no AI, no
network) implements \`specs/001-photo-albums/tasks.md\` batch by batch on the branch \`001-photo-albums\`, writing
a small module and its test per task. SpecFlow runs \`npm test\` as its test gate after every batch, commits each
batch, and finally merges the branch into \`main\`. The report lands in \`.specflow/reports/\`.
`;

const PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'photo-albums-demo',
    version: '0.1.0',
    private: true,
    description: 'The SpecFlow demo project (a tiny Node project the simulated agent completes).',
    scripts: { test: 'node --test' },
  },
  null,
  2,
)}\n`;

const INDEX_JS = `'use strict';

/** The photo albums app: what it is called and its version. */
module.exports = { name: 'photo-albums', version: '0.1.0' };
`;

const STARTER_TEST = `'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const app = require('../src/index.js');
const pkg = require('../package.json');

test('the app names itself and matches package.json', () => {
  assert.equal(app.name, 'photo-albums');
  assert.equal(app.version, pkg.version);
});

test('npm test runs node --test', () => {
  assert.equal(pkg.scripts.test, 'node --test');
});
`;

const SKILL = (step: string) => `---
description: SpecFlow ${step} step (demo skill file; the real ones come with SpecFlow or spec-kit)
---
Run the ${step} step of the current SpecFlow phase.

$ARGUMENTS
`;

/** Every file of the demo project, by project-relative path. */
export function demoFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': PACKAGE_JSON,
    // .vscode/: "Try Demo Project" writes its settings there after the first commit
    '.gitignore': 'node_modules/\n.vscode/\n',
    'README.md': README,
    'src/index.js': INDEX_JS,
    'test/project.test.js': STARTER_TEST,
    [`${DEMO_FEATURE}/spec.md`]: SPEC,
    [`${DEMO_FEATURE}/plan.md`]: PLAN,
    [`${DEMO_FEATURE}/tasks.md`]: demoTasksMd(),
  };
  for (const step of ['design', 'analyze', 'implement', 'verify', 'merge']) files[`.claude/commands/flow.${step}.md`] = SKILL(step);
  return files;
}
