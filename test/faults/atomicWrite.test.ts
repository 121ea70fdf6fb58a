// Issue 7, fault 6: the disk-write path. A process killed between writing the temp file and renaming it
// over the state file, or in the middle of writing it, leaves the previous state intact; a leftover temp
// file is never taken for state; a failing rename or fsync leaves the old file and cleans up.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import sinon from 'sinon';
import { OrchestrationExecutionSchema, SCHEMA_VERSION, type OrchestrationExecution } from '../../src/core/model/execution';
import { writeJsonAtomic } from '../../src/core/store/atomicJson';
import { ExecutionStore } from '../../src/core/store/executionStore';
import { stateFile, workflowsDir } from '../../src/core/store/paths';
import { ROOT } from '../support/cli';
import { mulberry32 } from '../support/tasksGenerator';
import { sleep } from './support';

const CHILD = join(__dirname, 'children', 'crashingSave.ts');
const ID = '20261125-120000-abcdef';

/** A valid execution, big enough (~200 KB) that writing it takes more than one write of the kernel's. */
function sampleExecution(projectPath: string): OrchestrationExecution {
  const now = new Date().toISOString();
  const step = { status: 'pending' };
  const batches = Array.from({ length: 60 }, (_, b) => ({
    index: b + 1,
    name: `Phase ${b + 1}: Section ${b + 1}`,
    taskIds: Array.from({ length: 20 }, (_, t) => `T${b * 20 + t + 1}`),
    tasks: Array.from({ length: 20 }, (_, t) => ({
      id: `T${b * 20 + t + 1}`,
      line: b * 25 + t + 3,
      text: `Implement part ${b * 20 + t + 1} in src/part${b * 20 + t + 1}.ts with care`,
    })),
    status: 'pending',
  }));
  return OrchestrationExecutionSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id: ID,
    projectPath,
    projectName: 'project',
    status: 'running',
    phase: 'implement',
    config: {},
    createdAt: now,
    startedAt: now,
    updatedAt: now,
    steps: { design: step, analyze: step, verify: step, merge: step },
    batches,
    totalCostUsd: 1.5,
  });
}

/** The child, bundled once with esbuild: a plain node process starts in a fraction of tsx's time. */
let childJs: string | undefined;
function bundleChild(dir: string): string {
  childJs ??= (() => {
    const out = join(dir, 'crashingSave.js');
    buildSync({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'silent' });
    return out;
  })();
  return childJs;
}

function runChild(projectDir: string, stateJson: string, mode: string) {
  const child = spawn(process.execPath, [childJs!, projectDir, stateJson, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
  return { child, exited, out: () => out, err: () => err };
}

async function waitForLine(c: ReturnType<typeof runChild>, re: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = c.out().match(re);
    if (m) return m[0];
    if (c.child.exitCode !== null) break;
    await sleep(10);
  }
  throw new Error(`the child never printed ${re} (stdout: ${c.out()}; stderr: ${c.err()})`);
}

describe('faults: the disk-write path', function () {
  this.timeout(60_000);
  let root: string;
  let project: string;
  let store: ExecutionStore;
  let previous: OrchestrationExecution;
  let previousBytes: Buffer;
  let stateJson: string;
  const bundleDir = mkdtempSync(join(tmpdir(), 'specflow-atomic-child-'));

  before(() => bundleChild(bundleDir));
  after(() => rmSync(bundleDir, { recursive: true, force: true }));

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'specflow-atomic-'));
    project = join(root, 'project');
    store = new ExecutionStore(project);
    previous = sampleExecution(project);
    await store.save(previous);
    previousBytes = readFileSync(stateFile(project, ID));
    stateJson = join(root, 'next.json');
    writeFileSync(stateJson, JSON.stringify(previous));
  });

  afterEach(() => {
    sinon.restore();
    rmSync(root, { recursive: true, force: true });
  });

  /** The state file holds exactly the previous save, and only it is taken for state. */
  async function assertPreviousIntact(): Promise<void> {
    assert.deepEqual(readFileSync(stateFile(project, ID)), previousBytes, 'the state file is byte-for-byte the previous save');
    const loaded = await store.load(ID);
    assert.equal(loaded.totalCostUsd, 1.5);
    assert.equal(loaded.status, 'running');
    const { executions, errors } = await store.list();
    assert.deepEqual(errors, [], 'no file was taken for a broken state');
    assert.deepEqual(
      executions.map((e) => e.id),
      [ID],
      'a leftover temp file is not taken for state',
    );
    assert.deepEqual(
      readdirSync(workflowsDir(project)).filter((f) => f.includes('.corrupt-')),
      [],
    );
  }

  it('SIGKILL between the temp write (fsynced) and the rename leaves the previous state', async () => {
    const c = runChild(project, stateJson, 'before-rename');
    const line = await waitForLine(c, /AT_RENAME (\S+)/);
    const temp = line.split(' ')[1]!;
    // The new state is complete in the temp file at this point: only the rename is missing.
    assert.equal(OrchestrationExecutionSchema.parse(JSON.parse(readFileSync(temp, 'utf8'))).totalCostUsd, 999);
    c.child.kill('SIGKILL');
    assert.equal((await c.exited).signal, 'SIGKILL');
    await assertPreviousIntact();
  });

  it('SIGKILL in the middle of writing the temp file leaves the previous state', async () => {
    const c = runChild(project, stateJson, 'mid-write');
    await waitForLine(c, /MID_WRITE \d+\/\d+/);
    c.child.kill('SIGKILL');
    assert.equal((await c.exited).signal, 'SIGKILL');
    const temps = readdirSync(workflowsDir(project)).filter((f) => f.startsWith(`orchestration-${ID}.json.`));
    assert.equal(temps.length, 1, 'the torn temp file is still there');
    assert.throws(() => JSON.parse(readFileSync(join(workflowsDir(project), temps[0]!), 'utf8')), 'and it is torn');
    await assertPreviousIntact();
  });

  it('SIGKILL at 8 seeded random moments of a save loop always leaves a whole state file', async () => {
    const rand = mulberry32(606);
    let lastSeen = 0;
    for (let i = 0; i < 8; i++) {
      const c = runChild(project, stateJson, 'loop');
      await waitForLine(c, /SAVED \d+/);
      await sleep(Math.round(rand() * 60));
      c.child.kill('SIGKILL');
      await c.exited;
      const text = readFileSync(stateFile(project, ID), 'utf8');
      const loaded = await store.load(ID); // throws (and quarantines) if the file were torn
      assert.equal(JSON.stringify(loaded, null, 2) + '\n', text, 'the file is one whole save');
      assert.ok(loaded.totalCostUsd >= 1, `a save of the loop (n=${loaded.totalCostUsd})`);
      lastSeen = loaded.totalCostUsd;
      const { executions, errors } = await store.list();
      assert.deepEqual(errors, []);
      assert.equal(executions.length, 1, 'temp files left by the kills are never taken for state');
    }
    assert.ok(lastSeen >= 1);
  });

  it('a rename that fails leaves the previous state and no temp file', async () => {
    const next = { ...previous, totalCostUsd: 999 };
    sinon
      .stub(fs, 'rename')
      .callsFake((_from: fs.PathLike, _to: fs.PathLike, cb: fs.NoParamCallback) => cb(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' })));
    await assert.rejects(store.save(next), /EIO/);
    sinon.restore();
    await assertPreviousIntact();
    assert.deepEqual(
      readdirSync(workflowsDir(project)).filter((f) => f !== '.gitignore'),
      [`orchestration-${ID}.json`],
      'the temp file was removed',
    );
  });

  it('an fsync or write that fails (disk full) leaves the previous state and no temp file', async () => {
    sinon
      .stub(fs, 'fsync')
      .callsFake((_fd: number, cb: fs.NoParamCallback) => cb(Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' })));
    await assert.rejects(writeJsonAtomic(stateFile(project, ID), { ...previous, totalCostUsd: 999 }), /ENOSPC/);
    sinon.restore();
    await assertPreviousIntact();
    assert.deepEqual(
      readdirSync(workflowsDir(project)).filter((f) => f !== '.gitignore'),
      [`orchestration-${ID}.json`],
      'the temp file was removed',
    );
  });
});
