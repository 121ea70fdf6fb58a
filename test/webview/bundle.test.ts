// The shipped webview bundle (`node esbuild.mjs --production`) stays within its budget; webview.test.ts
// runs that very build in Chromium too.
import assert from 'node:assert/strict';
import { productionBundle } from './productionBundle';

const BUDGET_BYTES = 300 * 1024;

describe('webview bundle', function () {
  it(`fits in ${BUDGET_BYTES / 1024} KB minified (without the vendored @vscode-elements bundle)`, async function () {
    const { bytes } = await productionBundle();
    assert.ok(bytes <= BUDGET_BYTES, `dist/webview/main.js would be ${(bytes / 1024).toFixed(1)} KB`);
  });
});
