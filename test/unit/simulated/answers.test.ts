// What the simulated agent says outside file work: its --help footer, and its answer to SpecFlow's
// "classify why an implement batch failed" decision (valid for the engine's own schema).
import assert from 'node:assert/strict';
import * as z from 'zod';
import { FailureClassificationSchema } from '../../../src/core/engine/decisions';
import { decisionValue } from '../../../src/simulated/decisionAnswer';
import { runClaudeCompatible } from '../../../src/simulated/run';
import { createSimulatedBehaviour } from '../../../src/simulated/simulatedBehaviour';
import { cleanupTempDirs } from './helpers';
import { workspace } from './inProcess';

const SCHEMA = z.toJSONSchema(FailureClassificationSchema, { target: 'draft-7', unrepresentable: 'any' });

function classifyPrompt(failure: string, tasks: string, open: string): string {
  return [
    'SpecFlow decision: classify why an implement batch failed. You may only read files (Read, Grep, Glob); change nothing.',
    'Tasks file: specs/001-photo-albums/tasks.md',
    `Batch 2: "Phase 2: Core" with tasks ${tasks}; still open: ${open}.`,
    `Failure: ${failure}`,
    'Answer with: recoverable (can another agent run fix it?), kind (…), a one-paragraph summary, tasksDone, tasksLeft, and a concrete suggestion for the fix.',
  ].join('\n');
}

describe('simulated agent: help and decision answers', () => {
  after(cleanupTempDirs);

  it('--help is the real CLI text followed by the simulated agent environment variables', async () => {
    const ws = workspace({});
    let out = '';
    const code = await runClaudeCompatible({
      argv: ['--help'],
      cwd: ws.cwd,
      env: ws.env,
      stdin: null,
      stdout: { write: (c: string) => ((out += c), true) },
      stderr: { write: () => true },
      behaviour: createSimulatedBehaviour(),
    });
    assert.equal(code, 0);
    assert.match(out, /^Usage: claude \[options\] \[command\] \[prompt\]/);
    assert.match(out, /\n {2}SPECFLOW_SIMULATED_FAULTS=<faults> {4}Scripted faults, comma-separated\n[\s\S]*T009:test makes the\n/);
    assert.match(out, /SPECFLOW_SIMULATED_DELAY_MS=<ms>/);
  });

  it('classifies a worse test gate as a recoverable failing test, with the tasks read off the prompt', () => {
    const failure =
      'the test gate is worse than before the run: the baseline passed; now exit 1 with 2 failing tests: src/services/photoImport.js (T009): photoImport() lists each item once, src/services/photoImport.js (T009): slugify lower-cases words';
    const answer = decisionValue(classifyPrompt(failure, 'T005, T006, T009', 'none'), SCHEMA);
    assert.deepEqual(FailureClassificationSchema.parse(answer), {
      recoverable: true,
      kind: 'failing_test',
      summary: "The project's tests are worse than before the run: 2 failing test(s) in src/services/photoImport.js.",
      tasksDone: ['T005', 'T006', 'T009'],
      tasksLeft: [],
      suggestion: 'Fix the code the failing tests exercise so they pass again, without weakening the tests.',
    });
  });

  it('names other failures by their words, and answers any other decision minimally', () => {
    const missing = decisionValue(classifyPrompt("ENOENT: no such file or directory, open 'src/db.js'", 'T001, T002', 'T002'), SCHEMA);
    assert.deepEqual([FailureClassificationSchema.parse(missing).kind, FailureClassificationSchema.parse(missing).tasksLeft], ['missing_file', ['T002']]);
    const other = { type: 'object', properties: { action: { enum: ['continue', 'stop'] }, reason: { type: 'string' } }, required: ['action'] };
    assert.deepEqual(decisionValue('SpecFlow decision: continue?', other), { action: 'continue', reason: 'simulated' });
  });
});
