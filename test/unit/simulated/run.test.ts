// runClaudeCompatible in-process with custom behaviours: the Behaviour contract and the result shapes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Behaviour } from '../../../src/simulated/behaviour';
import { runClaudeCompatible } from '../../../src/simulated/run';
import { createSimulatedBehaviour } from '../../../src/simulated/simulatedBehaviour';
import type { CliEvent, CliResult } from '../../realcli/streamJson';
import { cleanupTempDirs, implementPrompt, makeProject, parseLines, SPECFLOW_FLAGS, TASKS_MD } from './helpers';

class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

async function runWith(behaviour: Behaviour, argv: string[], cwd: string, home: string) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runClaudeCompatible({ argv, cwd, env: { HOME: home }, stdin: null, stdout, stderr, behaviour, isRoot: false });
  return { code, stdout: stdout.text, stderr: stderr.text, lines: parseLines(stdout.text) };
}

describe('runClaudeCompatible (in-process)', () => {
  after(cleanupTempDirs);

  it('runs the simulated behaviour with captured streams', async () => {
    const p = makeProject(TASKS_MD);
    const r = await runWith(
      createSimulatedBehaviour({ delayMsPerTask: 0 }),
      [...SPECFLOW_FLAGS, '--', implementPrompt([['T003', 'Wire everything']])],
      p.cwd,
      p.home,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(fs.readFileSync(p.tasksFile, 'utf8'), /1\. \[x\] T003/);
    assert.equal(r.lines.at(-1)!.result, 'Completed 1 of 1 task(s): T003.');
  });

  it('turns an api_error outcome into a synthetic assistant line and an is_error success result', async () => {
    const p = makeProject();
    const behaviour: Behaviour = {
      run: () => Promise.resolve({ type: 'api_error', status: 401, text: 'Invalid API key · Fix external API key', error: 'authentication_failed' }),
    };
    const r = await runWith(behaviour, ['-p', '--output-format=stream-json', '--verbose', 'hi'], p.cwd, p.home);
    assert.equal(r.code, 1);
    const [init, synthetic, result] = r.lines as [CliEvent, CliEvent, CliEvent];
    assert.equal(init.model, 'claude-opus-4-8[1m]');
    assert.equal(synthetic.error, 'authentication_failed');
    assert.equal(synthetic.message?.model, '<synthetic>');
    assert.deepEqual(
      [result.subtype, result.is_error, result.api_error_status, result.num_turns, result.stop_reason, result.total_cost_usd],
      ['success', true, 401, 1, 'stop_sequence', 0],
    );
    assert.deepEqual(result.modelUsage, {});
  });

  it('reports a behaviour that throws as error_during_execution', async () => {
    const p = makeProject();
    const behaviour: Behaviour = {
      run: () => Promise.reject(new Error('disk on fire')),
    };
    const r = await runWith(behaviour, ['-p', '--output-format=json', 'hi'], p.cwd, p.home);
    assert.equal(r.code, 1);
    const res = JSON.parse(r.stdout) as CliResult;
    assert.equal(res.subtype, 'error_during_execution');
    assert.deepEqual(res.errors, ['disk on fire']);
    const text = await runWith(behaviour, ['-p', 'hi'], p.cwd, p.home);
    assert.equal(text.stdout, 'Execution error');
  });

  it('calls onUsageError for a rejected command line and prints nothing on stdout', async () => {
    const p = makeProject();
    const seen: string[] = [];
    const behaviour: Behaviour = { run: () => Promise.resolve({ type: 'success', text: 'x' }), onUsageError: (i) => seen.push(i.message) };
    const r = await runWith(behaviour, ['-p', '--output-format=stream-json', 'hi'], p.cwd, p.home);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.deepEqual(seen, ['Error: When using --print, --output-format=stream-json requires --verbose']);
  });
});
