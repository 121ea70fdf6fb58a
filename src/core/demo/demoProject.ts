// The embedded default project: a small SpecFlow feature (spec, plan, a tasks.md with 4 sections and 20
// tasks, the /flow.* skill files) that the simulated agent can complete with no account and no network.
// Used by `npm run demo`, `specflow-orchestrate demo` and "SpecFlow: Try Demo Project".
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_FEATURE = 'specs/001-photo-albums';

const SECTIONS: [string, string[]][] = [
  [
    'Phase 1: Setup',
    [
      'Create the project structure in src/',
      'Add the album types in src/types.ts',
      '[P] Configure the test runner in vitest.config.ts',
      '[P] Add a README section for albums in docs/albums.md',
    ],
  ],
  [
    'Phase 2: Core Components',
    [
      '[US1] Create the Album model in src/models/album.ts',
      '[US1] Create the Photo model in src/models/photo.ts',
      '[US1] Implement AlbumService.create in src/services/albumService.ts',
      '[US1] Implement AlbumService.addPhoto in src/services/albumService.ts',
      '[P] [US1] Unit tests for AlbumService in tests/albumService.test.ts',
      '[US1] Persist albums in src/storage/albumStore.ts',
    ],
  ],
  [
    'Phase 3: User Interface',
    [
      '[US2] Render the album grid in src/ui/albumGrid.ts',
      '[US2] Drag photos into albums in src/ui/dragDrop.ts',
      '[P] [US2] Album cover picker in src/ui/coverPicker.ts',
      '[US2] Empty-state message in src/ui/emptyState.ts',
      '[P] [US2] UI tests in tests/ui.test.ts',
    ],
  ],
  [
    'Phase 4: Polish & Cross-Cutting Concerns',
    [
      '[P] Keyboard shortcuts in src/ui/shortcuts.ts',
      'Performance pass on album loading in src/services/albumService.ts',
      '[P] Documentation updates in docs/albums.md',
      'Accessibility review of the grid in src/ui/albumGrid.ts',
      'Run the quickstart validation',
    ],
  ],
];

export function demoTasksMd(): string {
  const lines = [
    '# Tasks: Photo Albums',
    '',
    '**Input**: Design documents from `/specs/001-photo-albums/`',
    '',
    '## Format: `[ID] [P?] [Story] Description`',
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

const SKILL = (step: string) => `---
description: SpecFlow ${step} step (demo skill file; the real ones come with SpecFlow or spec-kit)
---
Run the ${step} step of the current SpecFlow phase.

$ARGUMENTS
`;

/** Writes the demo project into `dir` (created if needed). Existing files are kept unless `reset`. */
export function writeDemoProject(dir: string, opts: { reset?: boolean; git?: boolean } = {}): void {
  const feature = join(dir, DEMO_FEATURE);
  mkdirSync(feature, { recursive: true });
  mkdirSync(join(dir, '.claude', 'commands'), { recursive: true });
  const files: Record<string, string> = {
    [join(feature, 'spec.md')]: '# Feature Specification: Photo Albums\n\nUsers organise photos into albums, pick a cover, and drag photos between albums.\n',
    [join(feature, 'plan.md')]: '# Implementation Plan: Photo Albums\n\nTypeScript, a small service layer, DOM UI, tests with vitest.\n',
    [join(feature, 'tasks.md')]: demoTasksMd(),
    [join(dir, 'README.md')]: '# SpecFlow demo project\n\nWritten by SpecFlow. Run "Complete Phase" on it; the simulated agent (no AI) does the work.\n',
  };
  for (const step of ['design', 'analyze', 'implement', 'verify', 'merge']) files[join(dir, '.claude', 'commands', `flow.${step}.md`)] = SKILL(step);
  for (const [path, content] of Object.entries(files)) if (opts.reset || !existsSync(path)) writeFileSync(path, content);
  if (opts.git !== false && !existsSync(join(dir, '.git'))) {
    try {
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: 'SpecFlow Demo',
        GIT_AUTHOR_EMAIL: 'demo@specflow.invalid',
        GIT_COMMITTER_NAME: 'SpecFlow Demo',
        GIT_COMMITTER_EMAIL: 'demo@specflow.invalid',
      };
      execFileSync('git', ['init', '-q'], { cwd: dir, env });
      execFileSync('git', ['add', '-A'], { cwd: dir, env });
      execFileSync('git', ['commit', '-qm', 'SpecFlow demo project'], { cwd: dir, env });
    } catch {
      // git is optional: the simulated merge then just reports
    }
  }
}
