// Issue 7, fault 3: state files that cannot be used — truncated JSON, garbage bytes, a wrong schema, a
// future schema version, an empty file. Each gets a clear error naming the file (status --id, list), is
// kept under a `.corrupt-…` name with its bytes intact, and the project's other orchestrations carry on.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { callsForBatch, claude, corruptFileNames, killLeftovers, status, workflows } from './support';

export const corruptFigures = { cases: 0, reported: 0, keptIntact: 0 };

interface Case {
  name: string;
  reason: RegExp;
  bytes: (healthy: string, id: string) => Buffer;
}

const CASES: Case[] = [
  { name: 'truncated JSON', reason: /it is not valid JSON/, bytes: (h, id) => Buffer.from(withId(h, id).slice(0, Math.floor(h.length / 2))) },
  {
    name: 'garbage bytes',
    reason: /it is not valid JSON/,
    bytes: () => Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0x80, 0x81, 0x0a, 0xc3, 0x28, 0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]),
  },
  {
    name: 'a wrong schema',
    reason: /does not match the orchestration schema \(.*status/,
    bytes: (h, id) => Buffer.from(JSON.stringify({ ...JSON.parse(withId(h, id)), status: 'exploded', batches: 'none' }, null, 2)),
  },
  {
    name: 'a future schema version',
    reason: /written by a newer SpecFlow \(schema version 99; this version reads up to 2\)/,
    bytes: (h, id) => Buffer.from(JSON.stringify({ ...JSON.parse(withId(h, id)), schemaVersion: 99 }, null, 2)),
  },
  { name: 'an empty file', reason: /the file is empty/, bytes: () => Buffer.alloc(0) },
];

function withId(healthy: string, id: string): string {
  const exec = JSON.parse(healthy) as { id: string };
  return JSON.stringify({ ...exec, id }, null, 2);
}

/** Ids that sort before and after the healthy one, all valid. */
function fakeId(n: number, before: boolean): string {
  return `${before ? '20000101' : '29991231'}-0000${String(n).padStart(2, '0')}-${'abcdef'.slice(0, 5)}${n % 10}`;
}

describe('faults: corrupt state files', function () {
  this.timeout(120_000);
  let p: TestProject;
  let healthyId: string;
  let healthyFile: string;

  before(() => {
    // The healthy orchestration: paused after batch 1 of 2, so it can be resumed and then merged.
    p = makeProject({ tasks: sectionedTasks(4, 2) });
    const r = runCli(['start', '--project', p.dir, '--skip-analyze', '--pause-between-batches', '--no-decisions', ...claude], { env: p.env });
    assert.equal(r.code, 4, r.stderr);
    const [file] = readdirSync(workflows(p)).filter((f) => /^orchestration-.*\.json$/.test(f));
    healthyFile = join(workflows(p), file!);
    healthyId = file!.replace(/^orchestration-|\.json$/g, '');
  });

  after(function () {
    killLeftovers(p);
    console.log(
      `\n      corrupt state files: ${corruptFigures.reported}/${corruptFigures.cases} reported by name, ${corruptFigures.keptIntact}/${corruptFigures.cases} kept intact as .corrupt-…`,
    );
    p.cleanup();
  });

  CASES.forEach((c, i) => {
    it(`${c.name}: status --id and list name the file, keep its bytes as .corrupt-…, and leave the healthy run alone`, () => {
      const healthy = readFileSync(healthyFile, 'utf8');
      const before = corruptFileNames(p);
      corruptFigures.cases++;

      // status --id on the broken file: exit 2, the file's path and what is wrong with it.
      const id1 = fakeId(i, i % 2 === 0);
      const file1 = join(workflows(p), `orchestration-${id1}.json`);
      const bytes1 = c.bytes(healthy, id1);
      writeFileSync(file1, bytes1);
      const st = runCli(['status', '--project', p.dir, '--id', id1, '--json'], { env: p.env });
      assert.equal(st.code, 2, st.stdout);
      assert.equal(st.stdout, '', 'nothing on stdout');
      assert.ok(st.stderr.includes(`state file ${file1} is unusable`), `the error names the file: ${st.stderr}`);
      assert.match(st.stderr, c.reason);
      assert.match(st.stderr, /It was kept as .*\.corrupt-.*; no data was overwritten/);
      const kept1 = corruptFileNames(p).filter((f) => !before.includes(f) && f.startsWith(`orchestration-${id1}.json.corrupt-`));
      assert.equal(kept1.length, 1, 'kept under a .corrupt- name');
      assert.ok(st.stderr.includes(join(workflows(p), kept1[0]!)), 'the error says where it was kept');
      assert.deepEqual(readFileSync(join(workflows(p), kept1[0]!)), bytes1, 'bytes intact');
      assert.equal(existsSync(file1), false, 'moved aside, not left to fail again');

      // list with a broken file among healthy ones: the healthy run is listed, the broken one reported.
      const id2 = fakeId(i + 10, i % 2 === 1);
      const file2 = join(workflows(p), `orchestration-${id2}.json`);
      const bytes2 = c.bytes(healthy, id2);
      writeFileSync(file2, bytes2);
      const ls = runCli(['list', '--project', p.dir, '--json'], { env: p.env });
      assert.equal(ls.code, 0, ls.stderr);
      const listed = JSON.parse(ls.stdout) as { id: string; status: string }[];
      assert.deepEqual(
        listed.map((e) => e.id),
        [healthyId],
        'only the healthy run is listed, and it is',
      );
      assert.ok(ls.stderr.includes(`state file ${file2} is unusable`), `list names the broken file: ${ls.stderr}`);
      assert.match(ls.stderr, c.reason);
      const kept2 = corruptFileNames(p).filter((f) => f.startsWith(`orchestration-${id2}.json.corrupt-`));
      assert.equal(kept2.length, 1);
      assert.deepEqual(readFileSync(join(workflows(p), kept2[0]!)), bytes2, 'bytes intact');
      corruptFigures.reported++;
      corruptFigures.keptIntact++;

      // The healthy run is untouched, byte for byte (list above read it and listed it).
      assert.equal(readFileSync(healthyFile, 'utf8'), healthy);
      assert.equal(listed[0]!.status, 'paused');
    });
  });

  it('with every kind of broken file around, the healthy run resumes and merges', () => {
    // One more of each kind, not yet seen by anyone: resume and merge must work through them.
    const healthy = readFileSync(healthyFile, 'utf8');
    const broken = CASES.map((c, i) => {
      const id = fakeId(i + 20, i % 2 === 0);
      const file = join(workflows(p), `orchestration-${id}.json`);
      const bytes = c.bytes(healthy, id);
      writeFileSync(file, bytes);
      return { file, bytes };
    });
    // start reports a broken file it comes across, too (then refuses: the healthy run holds the project).
    const st = runCli(['start', '--project', p.dir, ...claude], { env: p.env });
    assert.equal(st.code, 3, st.stderr);
    for (const b of broken) assert.ok(st.stderr.includes(`state file ${b.file} is unusable`), `start names ${b.file}: ${st.stderr}`);
    assert.equal(status(p, healthyId).status, 'paused');
    assert.equal(status(p).id, healthyId, 'status without --id finds the run holding the project');
    const resumed = runCli(['resume', '--project', p.dir, '--id', healthyId, ...claude], { env: p.env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(status(p, healthyId).status, 'merge_ready');
    const batch1 = status(p, healthyId).batches[0]!;
    assert.equal(callsForBatch(p, batch1.taskIds).length, 1, 'the confirmed batch 1 did not run again');
    const merged = runCli(['merge', '--project', p.dir, '--id', healthyId, ...claude], { env: p.env });
    assert.equal(merged.code, 0, merged.stderr);
    assert.equal(status(p, healthyId).status, 'completed');
    const ls = runCli(['list', '--project', p.dir, '--json'], { env: p.env });
    assert.equal(ls.code, 0);
    assert.deepEqual(
      (JSON.parse(ls.stdout) as { id: string }[]).map((e) => e.id),
      [healthyId],
    );
    for (const b of broken) {
      const kept = corruptFileNames(p).find((f) => b.file.endsWith(f.replace(/\.corrupt-.*$/, '')));
      assert.ok(kept, `${b.file} was kept aside`);
      assert.deepEqual(readFileSync(join(workflows(p), kept)), b.bytes, 'with its bytes intact');
    }
    // Every broken file is kept aside, none was overwritten or deleted.
    assert.equal(corruptFileNames(p).length, CASES.length * 3);
    const names = readdirSync(workflows(p)).filter((f) => /^orchestration-.*\.json$/.test(f));
    assert.deepEqual(names, [`orchestration-${healthyId}.json`]);
  });
});
