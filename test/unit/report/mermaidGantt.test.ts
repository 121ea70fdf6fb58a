import assert from 'node:assert/strict';
import type { Report } from '../../../src/core/model/report';
import { renderMarkdown } from '../../../src/core/report/markdown';
import { renderMermaidGantt } from '../../../src/core/report/mermaidGantt';
import { CASES, reportOf } from './cases';

const DATE = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`;
/** A task line as Mermaid's gantt grammar reads it: a name without `:#;`, then `:` and comma-separated data. */
const BAR = new RegExp(String.raw`^ {4}([^:#;\n]+) :((?:(?:done|active|crit|milestone), )*)([A-Za-z0-9_]+), (${DATE}), (${DATE})$`);
/** Words Mermaid's lexer reads as keywords at the start of a line. */
const KEYWORDS =
  /^(gantt|dateformat|axisformat|tickinterval|includes|excludes|todaymarker|weekday|title|section|click|call|href|acc|inclusiveenddates|topaxis|\d{4}-\d\d-\d\d)/i;

interface Parsed {
  header: string[];
  sections: { name: string; bars: RegExpExecArray[] }[];
}

/** The block from the Markdown, checked line by line against the gantt syntax. */
function parseGantt(markdown: string): Parsed {
  const block = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(block, 'a ```mermaid block');
  const lines = block[1]!.split('\n');
  assert.equal(lines[0], 'gantt');
  const parsed: Parsed = { header: [], sections: [] };
  for (const line of lines.slice(1)) {
    const section = /^ {4}section ([^#:;\n]+)$/.exec(line);
    const bar = BAR.exec(line);
    if (section) parsed.sections.push({ name: section[1]!, bars: [] });
    else if (bar) {
      assert.ok(parsed.sections.length, `a bar before any section: ${line}`);
      assert.doesNotMatch(bar[1]!, KEYWORDS, `a bar name that Mermaid would read as a keyword: ${line}`);
      assert.ok(Date.parse(bar[5]!.replace(' ', 'T') + 'Z') > Date.parse(bar[4]!.replace(' ', 'T') + 'Z'), `a bar that ends after it starts: ${line}`);
      parsed.sections.at(-1)!.bars.push(bar);
    } else {
      assert.ok(!parsed.sections.length, `a line that is neither a section nor a bar: ${JSON.stringify(line)}`);
      parsed.header.push(line.trim());
    }
  }
  const ids = parsed.sections.flatMap((s) => s.bars.map((b) => b[3]));
  assert.equal(new Set(ids).size, ids.length, 'task ids are unique');
  return parsed;
}

describe('renderMermaidGantt', () => {
  for (const c of CASES) {
    it(`${c.name}: valid gantt syntax, a section per batch that ran`, () => {
      const report = reportOf(c.name);
      const g = parseGantt(renderMarkdown(report, { svgFileName: 'x.svg' }));
      assert.ok(g.header.includes('dateFormat YYYY-MM-DD HH:mm:ss'));
      assert.ok(g.header.includes('axisFormat %H:%M'));
      assert.ok(g.header.some((h) => /^title [^#;]+$/.test(h)));
      const ran = report.batches.filter((b) => b.startedAt);
      assert.deepEqual(
        g.sections.filter((s) => /^\d+ · /.test(s.name)).map((s) => Number(s.name.split(' ')[0])),
        ran.map((b) => b.index),
      );
    });
  }

  it('completed run: batch 2 has a heal bar, batch 3 a usage-limit wait bar; names are cleaned for Mermaid', () => {
    const g = parseGantt(renderMarkdown(reportOf('completed'), { svgFileName: 'x.svg' }));
    const names = (i: number) => g.sections.find((s) => s.name.startsWith(`${i} · `))!.bars.map((b) => `${b[1]}|${b[2]}${b[3]}`);
    assert.deepEqual(names(2), ['Batch 2 · gate ✓ 35 passed|done, b2', 'Heal 1|crit, b2h1']);
    assert.deepEqual(names(3), ['Batch 3 · gate ✓ 41 passed|done, b3', 'Wait · usage limit|b3w1']);
    assert.ok(
      g.sections.some((s) => s.name === '3 · Phase 3∶ Checkout UI <Cart & "Pay">'),
      'the colon of the name is not a separator',
    );
    assert.deepEqual(
      g.sections[0]!.bars.map((b) => b[1]),
      ['Step analyze', 'Step verify · gate ✓ 44 passed', 'Step merge'],
    );
  });

  it('paused run: the wait going on is a bar to the report time, its end in words; waits outside batches have their section', () => {
    const g = parseGantt(renderMarkdown(reportOf('paused-usage-limit'), { svgFileName: 'x.svg' }));
    const b2 = g.sections.find((s) => s.name.startsWith('2 · '))!.bars;
    assert.equal(b2[1]![1], 'Wait · usage limit, still waiting until 07∶00 UTC');
    assert.deepEqual([b2[1]![4], b2[1]![5]], ['2026-01-01 22:40:31', '2026-01-01 22:41:00']);
    assert.deepEqual(
      g.sections.find((s) => s.name === 'Waits')!.bars.map((b) => b[1]),
      ['Wait · user pause'],
    );
  });

  it('characters Mermaid chokes on (# ; : newlines) never reach a name', () => {
    const report = reportOf('completed');
    const odd: Report = { ...report, projectName: 'shop; #1', batches: report.batches.map((b, i) => (i === 0 ? { ...b, name: 'Fix #12; then: go\nnow' } : b)) };
    const g = parseGantt(renderMermaidGantt(odd));
    assert.equal(g.sections[1]!.name, '1 · Fix ＃12, then∶ go now');
    assert.ok(g.header.includes('title shop, ＃1 · run 20260101-220000-a1b2c3 (UTC)'));
  });

  it('parallel lanes are bars of their batch', () => {
    const report = reportOf('completed');
    const lanes = [
      { index: 1, name: 'cart: model', status: 'completed', startedAt: '2026-01-01T22:12:41.000Z', endedAt: '2026-01-01T22:20:00.000Z' },
      { index: 2, name: 'price', status: 'running', startedAt: '2026-01-01T22:12:41.000Z' },
    ];
    const withLanes: Report = { ...report, batches: report.batches.map((b) => (b.index === 2 ? { ...b, lanes } : b)) };
    const bars = parseGantt(renderMermaidGantt(withLanes)).sections.find((s) => s.name.startsWith('2 · '))!.bars;
    assert.deepEqual(
      bars.map((b) => [b[1], b[3], b[5]]),
      [
        ['Batch 2 · gate ✓ 35 passed', 'b2', '2026-01-01 22:31:50'],
        ['Lane 1 · cart∶ model', 'b2l1', '2026-01-01 22:20:00'],
        ['Lane 2 · price', 'b2l2', '2026-01-01 22:31:50'],
        ['Heal 1', 'b2h1', '2026-01-01 22:31:05'],
      ],
    );
  });

  it('nothing ran yet: no block', () => {
    const report = reportOf('failed');
    const idle: Report = { ...report, steps: [], waits: [], batches: report.batches.map((b) => ({ ...b, startedAt: undefined, heals: [], waits: [] })) };
    assert.equal(renderMermaidGantt(idle), '');
    assert.doesNotMatch(renderMarkdown(idle, { svgFileName: 'x.svg' }), /```mermaid/);
  });
});
