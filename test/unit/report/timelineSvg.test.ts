import assert from 'node:assert/strict';
import type { Report } from '../../../src/core/model/report';
import { buildReport } from '../../../src/core/report/buildReport';
import { renderTimelineSvg } from '../../../src/core/report/timelineSvg';
import { completedRemaining, completedRun } from './completedRun';
import { CASES, reportOf } from './cases';
import { at } from './fixtureParts';
import { all, byKind, parseSvg, textOf, type El } from './svgTree';

function rowOf(root: El, batch: number): El {
  const rows = all(root, (e) => byKind('batch')(e) && e.attrs['data-batch'] === String(batch));
  assert.equal(rows.length, 1, `one row for batch ${batch}`);
  return rows[0]!;
}

describe('renderTimelineSvg', () => {
  for (const c of CASES) {
    it(`${c.name}: a standalone SVG with one row per batch`, () => {
      const report = reportOf(c.name);
      const root = parseSvg(renderTimelineSvg(report));
      assert.equal(root.attrs.xmlns, 'http://www.w3.org/2000/svg');
      const [w, h] = [Number(root.attrs.width), Number(root.attrs.height)];
      assert.ok(w > 0 && h > 0);
      assert.equal(root.attrs.viewBox, `0 0 ${w} ${h}`);
      assert.deepEqual(
        all(root, byKind('batch')).map((r) => r.attrs['data-batch']),
        report.batches.map((b) => String(b.index)),
      );
      // a neutral background of its own, and dark colours under prefers-color-scheme
      assert.ok(all(root, (e) => e.tag === 'rect' && e.attrs.class === 'bg' && !!e.attrs.fill).length === 1);
      assert.match(textOf(all(root, (e) => e.tag === 'style')[0]!), /@media \(prefers-color-scheme: dark\)/);
      assert.ok(
        all(root, byKind('axis'))[0]!.children.some((e) => e.tag === 'text' && /^\d\d:\d\d$/.test(e.text)),
        'time ticks labelled HH:MM',
      );
    });
  }

  it('completed run: heal on batch 2, the usage-limit wait on batch 3, a passing gate mark on every batch', () => {
    const root = parseSvg(renderTimelineSvg(reportOf('completed')));
    assert.equal(all(rowOf(root, 2), byKind('heal')).length, 1);
    assert.equal(all(rowOf(root, 3), byKind('wait')).length, 1);
    for (const b of [1, 2, 3, 4]) {
      const marks = all(rowOf(root, b), byKind('gate'));
      assert.equal(marks.length, 1, `batch ${b} has its gate mark`);
      assert.match(marks[0]!.attrs.class!, /gate-pass/);
      assert.equal(all(rowOf(root, b), byKind('heal')).length, b === 2 ? 1 : 0);
      assert.equal(all(rowOf(root, b), byKind('wait')).length, b === 3 ? 1 : 0);
    }
    const verify = all(root, (e) => byKind('step')(e) && e.attrs['data-step'] === 'verify')[0]!;
    assert.equal(all(verify, byKind('gate')).length, 1, "verify's gate has its mark too");
    const wait = all(rowOf(root, 3), byKind('wait'))[0]!;
    assert.match(all(wait, (e) => e.tag === 'rect')[0]!.attrs.fill!, /^url\(#sf-hatch-/, 'waits are hatched');
  });

  it('escapes text: a batch named <Cart & "Pay"> is text, not markup', () => {
    const svg = renderTimelineSvg(reportOf('completed'));
    assert.ok(!svg.includes('<Cart'), 'no raw < from the name');
    assert.ok(svg.includes('&lt;Cart &amp; &quot;Pay&quot;&gt;'));
    const row = rowOf(parseSvg(svg), 3);
    assert.match(textOf(row), /<Cart & "Pay">/, 'the parsed label reads as written');
  });

  it('failed run: the failed batch is red with its heal and no gate mark; the pending batch has no bar', () => {
    const root = parseSvg(renderTimelineSvg(reportOf('failed')));
    const failed = rowOf(root, 2);
    assert.equal(all(failed, byKind('bar'))[0]!.attrs.fill, '#e5534b');
    assert.equal(all(failed, byKind('heal')).length, 1);
    assert.equal(all(failed, byKind('gate')).length, 0);
    assert.equal(all(rowOf(root, 3), byKind('bar')).length, 0);
    assert.match(textOf(rowOf(root, 3)), /not started/);
  });

  it('paused run: the ongoing usage-limit wait on batch 2, the user pause on a row of its own', () => {
    const root = parseSvg(renderTimelineSvg(reportOf('paused-usage-limit')));
    assert.equal(all(rowOf(root, 1), byKind('wait')).length, 1, 'the rate-limit wait from the log note');
    assert.equal(all(rowOf(root, 2), byKind('wait')).length, 1);
    const waits = all(root, byKind('waits'));
    assert.equal(waits.length, 1);
    assert.equal(all(waits[0]!, byKind('wait')).length, 1);
  });

  it('no git, no gate: no gate marks in the rows', () => {
    const root = parseSvg(renderTimelineSvg(reportOf('no-git-no-gate')));
    for (const row of all(root, byKind('batch'))) assert.equal(all(row, byKind('gate')).length, 0);
    assert.deepEqual(
      all(root, byKind('step')).map((r) => r.attrs['data-step']),
      ['design', 'verify'],
    );
  });

  it('draws parallel lanes as sub-rows when a batch has them', () => {
    const orch = completedRun();
    const unit = { step: 1, parallel: true, groupTotal: 2, healAttempts: 0, costUsd: 0, executionIds: [], status: 'merged' as const };
    orch.batches[1]!.units = [
      { ...unit, index: 1, group: 1, taskIds: ['T004', 'T005'], startedAt: at(12, 41), endedAt: at(20) },
      { ...unit, index: 2, group: 2, taskIds: ['T006'], startedAt: at(12, 41), endedAt: at(24, 30) },
      { ...unit, index: 3, step: 2, parallel: false, taskIds: ['T007'], status: 'done' },
    ];
    const report: Report = buildReport(orch, { remaining: completedRemaining, now: new Date(at(96, 5)) });
    assert.deepEqual(
      report.batches[1]!.lanes.map((l) => [l.name, l.durationMs]),
      [
        ['wave 1, group 1: T004, T005', 439_000],
        ['wave 1, group 2: T006', 709_000],
      ],
      'parallel units are lanes; the serial unit is the batch row itself',
    );
    const root = parseSvg(renderTimelineSvg(report));
    const lanes = all(root, byKind('lane'));
    assert.deepEqual(
      lanes.map((l) => [l.attrs['data-batch'], l.attrs['data-lane']]),
      [
        ['2', '1'],
        ['2', '2'],
      ],
    );
    assert.equal(all(lanes[1]!, byKind('lane-bar')).length, 1);
    assert.equal(report.batches[0]!.lanes.length, 0, 'no lanes where the state has none');
  });
});
