// Is this a pytest project, and which Python runs it? pytest must run in the project's environment, so a
// virtualenv in the project, or the uv/poetry that manages it, beats whatever python3 is on PATH.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function mentions(path: string, pattern: RegExp): boolean {
  try {
    return pattern.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}

const TEST_FILE = /^(test_.*|.*_test)\.py$/;

/** A test file in `dir` or one level below it. */
function holdsTestFiles(dir: string, depth = 1): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => (e.isFile() && TEST_FILE.test(e.name)) || (e.isDirectory() && depth > 0 && holdsTestFiles(join(dir, e.name), depth - 1)));
}

function why(dir: string): string | undefined {
  if (existsSync(join(dir, 'pytest.ini'))) return 'pytest.ini exists';
  if (mentions(join(dir, 'pyproject.toml'), /\bpytest\b/)) return 'pyproject.toml mentions pytest';
  if (mentions(join(dir, 'setup.cfg'), /\bpytest\b/)) return 'setup.cfg mentions pytest';
  if (mentions(join(dir, 'tox.ini'), /\bpytest\b/)) return 'tox.ini mentions pytest';
  if (existsSync(join(dir, 'conftest.py'))) return 'conftest.py exists';
  for (const tests of ['tests', 'test']) if (holdsTestFiles(join(dir, tests))) return `${tests}/ holds test_*.py files`;
  return undefined;
}

function runner(dir: string): { argv: string[]; why: string } {
  for (const venv of ['.venv', 'venv']) {
    const python = join(venv, 'bin', 'python');
    if (existsSync(join(dir, python))) return { argv: [python, '-m', 'pytest'], why: `the project's ${venv} runs it` };
  }
  if (existsSync(join(dir, 'uv.lock'))) return { argv: ['uv', 'run', 'pytest'], why: 'uv.lock → uv' };
  if (existsSync(join(dir, 'poetry.lock'))) return { argv: ['poetry', 'run', 'pytest'], why: 'poetry.lock → poetry' };
  return { argv: ['python3', '-m', 'pytest'], why: 'python3 on PATH runs it' };
}

export function detectPytest(dir: string): { argv: string[]; reason: string } | undefined {
  const found = why(dir);
  if (!found) return undefined;
  const run = runner(dir);
  return { argv: run.argv, reason: `${found}; ${run.why}` };
}
