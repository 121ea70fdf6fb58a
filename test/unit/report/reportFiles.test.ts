import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidIdError } from '../../../src/core/model/ids';
import { readReport, ReportFileError, reportPaths, writeReport } from '../../../src/core/report/reportFiles';
import { reportOf } from './cases';

describe('report files', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'specflow-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const id = '20260101-220000-a1b2c3';

  it('writes .md, .json and .svg under .specflow/reports (creating it) and reads the JSON back', async () => {
    const report = reportOf('completed');
    const paths = await writeReport(dir, report);
    assert.deepEqual(paths, reportPaths(dir, id));
    assert.equal(paths.markdownPath, join(dir, '.specflow', 'reports', `orchestration-${id}.md`));
    assert.deepEqual(readdirSync(join(dir, '.specflow', 'reports')).sort(), [`orchestration-${id}.json`, `orchestration-${id}.md`, `orchestration-${id}.svg`]);
    assert.ok(readFileSync(paths.markdownPath, 'utf8').includes(`![Timeline](orchestration-${id}.svg)`), 'the Markdown shows the picture beside it');
    assert.match(readFileSync(paths.svgPath, 'utf8'), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.deepEqual(await readReport(dir, id), report);
  });

  it('rewrites a report in place, leaving no temporary files', async () => {
    await writeReport(dir, reportOf('completed'));
    const later = { ...reportOf('completed'), generatedAt: '2026-01-02T08:00:00.000Z' };
    await writeReport(dir, later);
    assert.equal((await readReport(dir, id)).generatedAt, '2026-01-02T08:00:00.000Z');
    assert.equal(readdirSync(join(dir, '.specflow', 'reports')).length, 3);
  });

  it('refuses an id that could leave the reports folder, and an invalid report', async () => {
    assert.throws(() => reportPaths(dir, '../../etc/passwd'), InvalidIdError);
    await assert.rejects(readReport(dir, '../x'), InvalidIdError);
    await assert.rejects(writeReport(dir, { ...reportOf('completed'), id: '../x' }), /not a valid SpecFlow id/);
    assert.ok(!existsSync(join(dir, '.specflow')), 'nothing written');
  });

  it('says clearly when the report is missing, damaged, or not a report', async () => {
    const file = reportPaths(dir, id).jsonPath;
    await assert.rejects(readReport(dir, id), (e: unknown) => {
      assert.ok(e instanceof ReportFileError);
      assert.equal(e.reason, 'missing');
      assert.equal(e.message, `No report for run ${id} yet: ${file} does not exist (a report is written when a run completes, pauses or stops)`);
      return true;
    });
    await writeReport(dir, reportOf('completed'));
    writeFileSync(file, '{"schemaVersion": 1, "id": ');
    await assert.rejects(readReport(dir, id), (e: unknown) => {
      assert.ok(e instanceof ReportFileError);
      assert.deepEqual([e.reason, e.file], ['corrupt', file]);
      assert.match(e.message, new RegExp(`^The report ${file} is damaged: it is not valid JSON \\(`));
      return true;
    });
    writeFileSync(file, JSON.stringify({ ...reportOf('completed'), summary: { line: 7 } }));
    await assert.rejects(readReport(dir, id), (e: unknown) => {
      assert.ok(e instanceof ReportFileError);
      assert.equal(e.reason, 'schema');
      assert.match(e.message, /cannot be used: it does not match the report schema \(summary\.line: /);
      return true;
    });
    writeFileSync(file, JSON.stringify({ ...reportOf('completed'), schemaVersion: 9 }));
    await assert.rejects(readReport(dir, id), /written by a newer SpecFlow \(report version 9; this version reads 1\)/);
  });
});
