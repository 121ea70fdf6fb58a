// The shipped webview bundle (`node esbuild.mjs --production`) stays within its budget and holds nothing of
// the engine: from src/core only the browser-safe model schemas the protocol reuses. webview.test.ts runs
// that very build in Chromium too.
import assert from 'node:assert/strict';
import { productionBundle } from './productionBundle';

const BUDGET_BYTES = 300 * 1024;

describe('webview bundle', function () {
  it(`fits in ${BUDGET_BYTES / 1024} KB minified (without the vendored @vscode-elements bundle)`, async function () {
    const { bytes } = await productionBundle();
    assert.ok(bytes <= BUDGET_BYTES, `dist/webview/main.js would be ${(bytes / 1024).toFixed(1)} KB`);
  });

  it('imports no engine code: from src/core only the model schemas that src/protocol re-exports', async function () {
    const { inputs, text } = await productionBundle();
    const core = inputs.filter((p) => p.startsWith('src/core/'));
    assert.ok(core.length > 0, 'the protocol reuses the core model schemas');
    assert.deepEqual(
      core.filter((p) => !p.startsWith('src/core/model/')),
      [],
      'engine, tasks, report or service code in the webview bundle',
    );
    assert.deepEqual(
      inputs.filter((p) => p.startsWith('src/') && !p.startsWith('src/core/model/') && !p.startsWith('src/protocol/')),
      [],
      'host code in the webview bundle',
    );
    // Markers of code the webview used to carry or must never carry: the fallback batch names of the planner,
    // the report's SVG renderer, the engine's progress wording.
    for (const marker of ['Tasks ${', 'sf-timeline', 'Auto-healing batch']) assert.equal(text.includes(marker), false, `the bundle holds "${marker}"`);
  });
});
