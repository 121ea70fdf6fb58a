// The modules and node:test files the simulated agent writes for JS tasks: derived from the task, and really
// run with `node --test` in a temp project (CommonJS and ESM), with and without the scripted fault.
import assert from 'node:assert/strict';
import {
  FAULTY_SLUG_LINE,
  isJsModuleTarget,
  jsModuleSpec,
  renderModule,
  renderModuleTest,
  SLUG_LINE,
  specFromModule,
  taskTitle,
  testPathFor,
} from '../../../src/simulated/jsModule';
import { cleanupTempDirs } from './helpers';
import { nodeTest, testCounts, workspace, type Workspace } from './inProcess';

function writeModule(ws: Workspace, file: string, task: { id: string; text: string }, opts: { faulty?: boolean; type?: string } = {}) {
  const spec = jsModuleSpec(file, task, opts.type);
  ws.write(spec.modulePath, renderModule(spec, { faulty: opts.faulty }));
  ws.write(spec.testPath, renderModuleTest(spec));
  return spec;
}

describe('simulated agent: JS modules and their tests', () => {
  after(cleanupTempDirs);

  it('derives the module from the task: title, class for models, function otherwise, safe names, test path', () => {
    const album = jsModuleSpec('src/models/album.js', { id: 'T005', text: '[P] [US1] Create the album model in src/models/album.js' }, undefined);
    assert.deepEqual(
      { title: album.title, shape: album.shape, name: album.name, testPath: album.testPath, esm: album.esm },
      { title: 'Create the album model', shape: 'class', name: 'Album', testPath: 'test/models/album.test.js', esm: false },
    );
    const service = jsModuleSpec(
      'src/services/photo-import.js',
      { id: 'T009', text: 'Implement the import in src/services/photo-import.js (depends on T005)' },
      undefined,
    );
    assert.deepEqual([service.title, service.shape, service.name], ['Implement the import', 'function', 'photoImport']);
    assert.equal(jsModuleSpec('src/delete.js', { id: 'T1', text: 'x' }, undefined).name, 'deleteModule');
    assert.equal(jsModuleSpec('src/2fa.js', { id: 'T1', text: 'x' }, undefined).name, '_2fa');
    assert.equal(jsModuleSpec('lib/util.mjs', { id: 'T1', text: 'x' }, undefined).esm, true);
    assert.equal(jsModuleSpec('src/a.js', { id: 'T1', text: 'x' }, 'module').esm, true);
    assert.equal(jsModuleSpec('src/a.cjs', { id: 'T1', text: 'x' }, 'module').esm, false);
    assert.equal(testPathFor('lib/util.mjs'), 'test/lib/util.test.mjs');
    assert.equal(taskTitle('src/x.js', 'src/x.js'), 'x');
  });

  it('takes JS source files only: not tests, configs or files under test folders', () => {
    for (const yes of ['src/a.js', 'src/ui/grid.cjs', 'lib/b.mjs', 'server.js']) assert.ok(isJsModuleTarget(yes), yes);
    for (const no of ['src/a.ts', 'test/a.js', 'src/__tests__/a.js', 'src/a.test.js', 'src/a.spec.js', 'vitest.config.js', 'test-utils.js', 'docs/a.md']) {
      assert.ok(!isJsModuleTarget(no), no);
    }
  });

  it('writes modules whose tests pass under node --test: CommonJS, ESM (.mjs) and "type": "module"', () => {
    const cjs = workspace({ 'package.json': '{ "scripts": { "test": "node --test" } }\n' });
    writeModule(cjs, 'src/models/album.js', { id: 'T005', text: 'Create the album model in src/models/album.js' });
    writeModule(cjs, 'src/services/albumService.js', { id: 'T008', text: 'Implement the album service in src/services/albumService.js' });
    // quotes, backslashes, a comment terminator and non-ASCII letters survive as literals
    writeModule(cjs, 'src/ui/odd.js', { id: 'T013', text: `Handle "quotes", it's a \\ path */ and Café in src/ui/odd.js` });
    writeModule(cjs, 'lib/esm.mjs', { id: 'T014', text: 'An ESM helper in lib/esm.mjs' });
    const run = nodeTest(cjs.cwd);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(testCounts(run.output), { pass: 2 + 3 + 3 + 3, fail: 0 });

    const esm = workspace({ 'package.json': '{ "type": "module", "scripts": { "test": "node --test" } }\n' });
    writeModule(esm, 'src/models/tag.js', { id: 'T007', text: 'Create the tag model in src/models/tag.js' }, { type: 'module' });
    writeModule(esm, 'src/search.js', { id: 'T016', text: 'Add search in src/search.js' }, { type: 'module' });
    assert.match(esm.read('src/search.js'), /^export function search\(items\)/m);
    const esmRun = nodeTest(esm.cwd);
    assert.equal(esmRun.code, 0, esmRun.output);
    assert.deepEqual(testCounts(esmRun.output), { pass: 5, fail: 0 });
  });

  it('a faulty module fails its own tests, named by its path and task; the fix is one line, rebuilt from the first line', () => {
    const ws = workspace({ 'package.json': '{ "scripts": { "test": "node --test" } }\n' });
    const spec = writeModule(
      ws,
      'src/services/photoImport.js',
      { id: 'T009', text: 'Implement the photo import service in src/services/photoImport.js' },
      { faulty: true },
    );
    writeModule(ws, 'src/models/album.js', { id: 'T005', text: 'Create the album model in src/models/album.js' }, { faulty: true });
    const run = nodeTest(ws.cwd);
    assert.equal(run.code, 1);
    const failing = [...run.output.matchAll(/^not ok \d+ - (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(failing.sort(), [
      'src/models/album.js (T005): new Album() keeps its trimmed name and a lower-case slug',
      'src/models/album.js (T005): slugify lower-cases words and drops punctuation',
      'src/services/photoImport.js (T009): photoImport() lists each item once, by its lower-case slug',
      'src/services/photoImport.js (T009): slugify lower-cases words',
    ]);
    const faulty = ws.read(spec.modulePath);
    assert.deepEqual(specFromModule(spec.modulePath, faulty, undefined), spec, 'the first line records the task');
    assert.equal(renderModule(spec, { faulty: true }), faulty);
    const fixed = renderModule(spec);
    assert.equal(faulty.replace(FAULTY_SLUG_LINE, SLUG_LINE), fixed);
    assert.equal(specFromModule('src/x.js', 'module.exports = {};\n', undefined), undefined, 'not written by the simulated agent');
  });
});
