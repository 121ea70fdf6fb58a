// The packaged extension: `vsce package` (production build), installed into code-server like a user's
// VS Code would; it activates and its tree shows the project, and its walkthrough is there with its media —
// proof the vsix holds everything it needs.
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const fixtures = require('../fixtures');
const { scenario, showProject, panel, rowDescription, ROOT } = require('./session');
const wb = require('../harness/workbench');
const { STEP_TITLES, openWalkthrough, stepStates, mediaShows } = require('./walkthrough');

function packageVsix() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specflow-vsix-')), 'specflow.vsix');
  try {
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', out], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } finally {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' }); // back to the development build
  }
  return out;
}

async function run() {
  const vsix = packageVsix();
  const size = fs.statSync(vsix).size;
  const result = await scenario(
    'd-vsix',
    (dir) =>
      fixtures.project(
        dir + '/packaged',
        '004-pack',
        fixtures.sectioned([
          ['Phase 1: Setup', 2],
          ['Phase 2: Core', 2],
        ]),
      ),
    { vsix },
    async (s) => {
      const { page } = s;
      await s.step(
        `the vsix (${Math.round(size / 1024)} KB) installs, activates, and its tree shows the project`,
        async () => {
          assert.ok(size < 2 * 1024 * 1024, `vsix is ${size} bytes`);
          await showProject(page, 'packaged');
          assert.match(await rowDescription(page, 'packaged'), /004-pack · 0\/4/);
        },
        'vsix-tree',
      );
      await s.step(
        'the packaged webview renders the modal',
        async () => {
          await wb.contextMenu(page, wb.treeRow(page, 'packaged'));
          await wb.clickContextMenuItem(page, 'Complete Phase');
          const view = await panel(page, 'packaged');
          await view.locator('#plan-text', { hasText: 'Detected 2 batches from tasks.md' }).waitFor();
        },
        'vsix-modal',
      );
      await s.step(
        'the installed extension\'s walkthrough "Get started with SpecFlow" is listed and renders its five steps and media',
        async () => {
          await wb.runCommand(page, 'View: Close All Editors');
          await openWalkthrough(page);
          assert.deepEqual(
            (await stepStates(page)).map((x) => x.title),
            STEP_TITLES,
          );
          await mediaShows(page, 'Claude Code, where your files are'); // media/walkthrough/claude-code.md is in the vsix
        },
        'vsix-walkthrough',
      );
    },
  );
  fs.rmSync(path.dirname(vsix), { recursive: true, force: true });
  return result;
}

module.exports = { run };
