// Golden tests: the Markdown and JSON of each run compared with test/unit/report/golden/. After a deliberate
// change, UPDATE_GOLDEN=1 rewrites them (then read the diff: it is the review). The JSON goldens end in
// `.golden` so that Prettier leaves their bytes alone (Markdown is ignored by .prettierignore already).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReportSchema } from '../../../src/core/model/report';
import { buildReport } from '../../../src/core/report/buildReport';
import { renderMarkdown } from '../../../src/core/report/markdown';
import { CASES } from './cases';

const GOLDEN = join(__dirname, 'golden');

function expectGolden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing: run the tests with UPDATE_GOLDEN=1 to write it, then review it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${file} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after a deliberate change)`);
}

describe('report golden files', () => {
  for (const c of CASES) {
    it(`${c.name}: Markdown and JSON`, () => {
      const report = buildReport(c.orch(), { remaining: c.remaining, now: new Date(c.now) });
      const json = JSON.stringify(report, null, 2) + '\n';
      assert.deepEqual(ReportSchema.parse(JSON.parse(json)), report, 'the JSON reads back as the same report');
      expectGolden(`${c.name}.json.golden`, json);
      expectGolden(`${c.name}.md`, renderMarkdown(report, { svgFileName: `orchestration-${report.id}.svg` }));
    });
  }

  it('is deterministic: the same state and time give the same report', () => {
    const c = CASES[0]!;
    const a = buildReport(c.orch(), { remaining: c.remaining, now: new Date(c.now) });
    const b = buildReport(c.orch(), { remaining: c.remaining, now: new Date(c.now) });
    assert.equal(JSON.stringify(a), JSON.stringify(b));
  });
});
