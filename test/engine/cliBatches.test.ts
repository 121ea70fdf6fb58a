// `specflow-orchestrate batches`, run as the built executable on the shipped examples.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { ROOT, runCli } from '../support/cli';

const example = (name: string) => join(ROOT, 'examples', name);

/** The ⚑ `batches --json` contract these tests read (its first five names; the rest are additions). */
const BatchesJsonSchema = z.object({
  totalTasks: z.number(),
  completedTasks: z.number(),
  fallback: z.boolean(),
  warnings: z.array(z.string()),
  batches: z.array(z.object({ index: z.number(), name: z.string(), taskIds: z.array(z.string()) })),
});
const batchesJson = (stdout: string) => BatchesJsonSchema.parse(JSON.parse(stdout));

describe('cli: batches', () => {
  it('prints the contract shape for a spec-kit file with ## Phase N: sections', () => {
    const r = runCli(['batches', example('spec-kit-tasks.md'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    // the key order is part of the contract: read it from the text, before the schema rebuilds the object
    assert.deepEqual(Object.keys(JSON.parse(r.stdout) as object).slice(0, 5), ['totalTasks', 'completedTasks', 'fallback', 'warnings', 'batches']);
    const out = batchesJson(r.stdout);
    assert.equal(out.totalTasks, 13);
    assert.equal(out.completedTasks, 2);
    assert.equal(out.fallback, false);
    assert.deepEqual(out.warnings, []);
    assert.deepEqual(
      out.batches.map((b) => [b.index, b.name, b.taskIds]),
      [
        [1, 'Phase 1: Setup (Shared Infrastructure)', ['T003']],
        [2, 'Phase 2: Foundational (Blocking Prerequisites)', ['T004', 'T005', 'T006']],
        [3, 'Phase 3: User Story 1 - Organise photos into albums (Priority: P1) 🎯 MVP', ['T007', 'T008', 'T009', 'T010', 'T011']],
        [4, 'Phase 4: Polish & Cross-Cutting Concerns', ['T012', 'T013']],
      ],
    );
  });

  it('cuts a flat 40-task list with 10 done into 2 fallback batches of 15', () => {
    const out = batchesJson(runCli(['batches', example('flat-40-tasks.md'), '--json']).stdout);
    assert.equal(out.fallback, true);
    assert.equal(out.totalTasks, 40);
    assert.equal(out.completedTasks, 10);
    assert.deepEqual(
      out.batches.map((b) => [b.taskIds.length, b.taskIds[0], b.taskIds.at(-1)]),
      [
        [15, 'T011', 'T025'],
        [15, 'T026', 'T040'],
      ],
    );
  });

  it('honours --batch-size in fallback mode', () => {
    const out = batchesJson(runCli(['batches', example('flat-40-tasks.md'), '--batch-size', '7', '--json']).stdout);
    assert.deepEqual(
      out.batches.map((b) => b.taskIds.length),
      [7, 7, 7, 7, 2],
    );
  });

  it('reads a CRLF file with a BOM', () => {
    const out = batchesJson(runCli(['batches', example('crlf-bom-tasks.md'), '--json']).stdout);
    assert.deepEqual(
      out.batches.map((b) => [b.name, b.taskIds]),
      [
        ['Phase 1: Setup', ['T002']],
        ['Phase 2: Core', ['T003', 'T004']],
      ],
    );
    assert.equal(out.completedTasks, 1);
  });

  it('plans 0 batches when every task is done', () => {
    const out = batchesJson(runCli(['batches', example('all-done-tasks.md'), '--json']).stdout);
    assert.deepEqual(out.batches, []);
    assert.equal(out.totalTasks, out.completedTasks);
  });

  it('prints a readable table without --json', () => {
    const r = runCli(['batches', example('spec-kit-tasks.md')]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Detected 4 batches from tasks\.md/);
    assert.match(r.stdout, /Phase 2: Foundational/);
  });

  describe('bad input: exit 2, one line on stderr, no stack trace', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'specflow-cli-'));
      writeFileSync(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
      writeFileSync(join(dir, 'latin1.md'), Buffer.from([0x2d, 0x20, 0x5b, 0x20, 0x5d, 0x20, 0xe9, 0xff]));
      writeFileSync(join(dir, 'secret.md'), '- [ ] T001');
      chmodSync(join(dir, 'secret.md'), 0o000);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const cases: [string, () => string[], RegExp][] = [
      ['a missing file', () => ['batches', join(dir, 'nope.md')], /tasks file not found: .*nope\.md/],
      ['a directory', () => ['batches', dir], /is a directory, not a tasks\.md file/],
      ['a binary file', () => ['batches', join(dir, 'binary.md')], /looks like a binary file/],
      ['invalid UTF-8', () => ['batches', join(dir, 'latin1.md')], /is not valid UTF-8 text/],
      ['--batch-size 0', () => ['batches', example('flat-40-tasks.md'), '--batch-size', '0'], /--batch-size must be at least 1 \(got 0\)/],
      ['a negative --batch-size', () => ['batches', example('flat-40-tasks.md'), '--batch-size', '-4'], /--batch-size must be at least 1 \(got -4\)/],
      ['a non-numeric --batch-size', () => ['batches', example('flat-40-tasks.md'), '--batch-size=ten'], /--batch-size must be a whole number \(got "ten"\)/],
      ['a missing file argument', () => ['batches'], /missing <tasks\.md>/],
      ['an unknown option', () => ['batches', example('flat-40-tasks.md'), '--nope'], /Unknown option '--nope'/],
    ];
    for (const [label, args, message] of cases) {
      it(label, () => {
        const r = runCli(args());
        assert.equal(r.code, 2, r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
      });
    }

    it('an unreadable file (permission denied, when not root)', function () {
      if (process.getuid?.() === 0) {
        // root reads everything: prove the message path with a file root cannot read as a tasks file instead
        const r = runCli(['batches', '/proc/self/mem']);
        assert.equal(r.code, 2);
        assert.equal(r.stderr.trim().split('\n').length, 1);
        return;
      }
      const r = runCli(['batches', join(dir, 'secret.md')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /permission denied/);
    });
  });
});
