// Shared by the engine tests of issue 5 (healing, budgets, decisions): read a run's state through the CLI
// or straight from its state file, wait for things, and the fixture projects that really fail (SC-003).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OrchestrationExecution } from '../../src/core/model/execution';
import type { LogEntry } from '../fixtures/fakeClaude/callLog';
import { runCli } from './cli';
import type { TestProject } from './projects';

/** `status --json` through the built CLI. */
export function status(p: TestProject): OrchestrationExecution {
  const r = runCli(['status', '--project', p.dir, '--json'], { env: p.env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as OrchestrationExecution;
}

/** The state file as it is on disk right now (for watching a run from outside while it goes). */
export function stateOnDisk(p: TestProject): OrchestrationExecution | undefined {
  const dir = join(p.dir, '.specflow', 'workflows');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^orchestration-.*\.json$/.test(f));
  } catch {
    return undefined;
  }
  if (!files.length) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, files.sort().at(-1)!), 'utf8')) as OrchestrationExecution;
  } catch {
    return undefined; // caught between writes: try again
  }
}

export function writeProjectFiles(p: TestProject, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(p.dir, rel)), { recursive: true });
    writeFileSync(join(p.dir, rel), content);
  }
}

/** The `--max-budget-usd=` value of a recorded call's argv (undefined when it has none). */
export function maxBudgetArg(call: LogEntry): number | undefined {
  const arg = (call.argv as string[]).find((a) => a.startsWith('--max-budget-usd='));
  return arg === undefined ? undefined : Number(arg.slice('--max-budget-usd='.length));
}

/** `--flag=value` of a recorded call's argv, split on commas. */
export function listArg(call: LogEntry, flag: string): string[] | undefined {
  const arg = (call.argv as string[]).find((a) => a.startsWith(`${flag}=`));
  return arg === undefined ? undefined : arg.slice(flag.length + 1).split(',');
}

/**
 * A project that really fails in one of the four SC-003 ways: `command` exits non-zero in it with `expected`
 * in its output until `fix` is written. The agent runs the command (fake `runCommand`), as an agent checks its work.
 */
export interface FailureFixture {
  kind: 'missing_file' | 'syntax_error' | 'failing_test' | 'dependency';
  files: Record<string, string>;
  command: string;
  /** What the real tool prints: the missing path, the parser's message, the failing test's name, the missing package. */
  expected: string[];
  fix: Record<string, string>;
}

export const FAILURE_FIXTURES: readonly FailureFixture[] = [
  {
    kind: 'missing_file',
    files: { 'src/app.js': "const db = require('./config/db.js');\nconsole.log('connected to', db.name);\n" },
    command: 'node src/app.js',
    expected: ["Cannot find module './config/db.js'"],
    fix: { 'src/config/db.js': "module.exports = { name: 'test-db' };\n" },
  },
  {
    kind: 'syntax_error',
    files: { 'src/util.js': 'function add(a, b) {\n  return a + ;\n}\nmodule.exports = { add };\n' },
    command: 'node --check src/util.js',
    expected: ["SyntaxError: Unexpected token ';'", 'src/util.js:2'],
    fix: { 'src/util.js': 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n' },
  },
  {
    kind: 'failing_test',
    files: {
      'src/math.js': 'exports.add = (a, b) => a - b;\n',
      'test/math.test.js':
        "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/math.js');\n" +
        "test('add() sums two numbers', () => {\n  assert.strictEqual(add(2, 3), 5);\n});\n",
    },
    command: 'node --test test/math.test.js',
    expected: ['not ok 1 - add() sums two numbers', 'Expected values to be strictly equal'],
    fix: { 'src/math.js': 'exports.add = (a, b) => a + b;\n' },
  },
  {
    kind: 'dependency',
    files: { 'src/format.js': "const pad = require('left-pad-missing-pkg');\nconsole.log(pad('x', 4));\n" },
    command: 'node src/format.js',
    expected: ["Cannot find module 'left-pad-missing-pkg'"],
    fix: {
      'node_modules/left-pad-missing-pkg/package.json': '{ "name": "left-pad-missing-pkg", "version": "1.0.0", "main": "index.js" }\n',
      'node_modules/left-pad-missing-pkg/index.js': "module.exports = (s, n) => String(s).padStart(n, ' ');\n",
    },
  },
];

export function fixture(kind: FailureFixture['kind']): FailureFixture {
  return FAILURE_FIXTURES.find((f) => f.kind === kind)!;
}
