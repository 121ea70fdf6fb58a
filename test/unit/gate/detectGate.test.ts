// detectGate in temp project folders, one per ecosystem.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectGate } from '../../../src/core/gate/detectGate';
import { GateSpecSchema } from '../../../src/core/model/gate';
import { parseGateCommand } from '../../../src/core/gate/parseGateCommand';

describe('detectGate', () => {
  let dir: string;
  const put = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'p', version: '1.0.0', scripts, ...extra });
  const commands = () => detectGate(dir).map((c) => c.command);

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'specflow-detect-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('nothing to run: no candidates', () => {
    put({ 'README.md': '# hi', 'src/main.c': 'int main(){}' });
    assert.deepEqual(detectGate(dir), []);
  });

  it('package.json "test" script without a lockfile: npm test, argv, with the reason', () => {
    put({ 'package.json': pkg({ test: 'mocha "test/**/*.test.js"' }) });
    assert.deepEqual(detectGate(dir), [
      {
        command: 'npm test',
        argv: ['npm', 'test'],
        source: 'package.json',
        reason: 'package.json has a "test" script (mocha "test/**/*.test.js"); no lockfile → npm',
      },
    ]);
  });

  it('the package manager follows the lockfile', () => {
    for (const [lockfile, command] of [
      ['package-lock.json', 'npm test'],
      ['pnpm-lock.yaml', 'pnpm test'],
      ['yarn.lock', 'yarn test'],
      ['bun.lock', 'bun run test'],
    ]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      put({ 'package.json': pkg({ test: 'vitest run' }), [lockfile as string]: '' });
      const [first] = detectGate(dir);
      assert.equal(first?.command, command, lockfile);
      assert.match(first?.reason ?? '', new RegExp(`${lockfile} → `));
    }
  });

  it('a "packageManager" field beats the lockfile', () => {
    put({ 'package.json': pkg({ test: 'jest' }, { packageManager: 'pnpm@9.1.0' }), 'package-lock.json': '{}' });
    assert.deepEqual(commands(), ['pnpm test']);
    assert.match(detectGate(dir)[0]?.reason ?? '', /"packageManager" is pnpm@9\.1\.0/);
  });

  it("npm init's placeholder script, a missing script or a broken package.json is no candidate", () => {
    put({ 'package.json': pkg({ test: 'echo "Error: no test specified" && exit 1' }) });
    assert.deepEqual(detectGate(dir), []);
    put({ 'package.json': pkg({ build: 'tsc' }) });
    assert.deepEqual(detectGate(dir), []);
    put({ 'package.json': '{ "scripts": { "test": ' });
    assert.deepEqual(detectGate(dir), []);
  });

  it('pytest from its config files', () => {
    for (const [file, text, why] of [
      ['pytest.ini', '[pytest]\naddopts = -q\n', 'pytest.ini exists'],
      ['pyproject.toml', '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n', 'pyproject.toml mentions pytest'],
      ['setup.cfg', '[tool:pytest]\ntestpaths = tests\n', 'setup.cfg mentions pytest'],
      ['tox.ini', '[testenv]\ncommands = pytest {posargs}\n', 'tox.ini mentions pytest'],
    ]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      put({ [file as string]: text as string });
      assert.deepEqual(
        detectGate(dir),
        [{ command: 'python3 -m pytest', argv: ['python3', '-m', 'pytest'], source: 'pytest', reason: `${why}; python3 on PATH runs it` }],
        file,
      );
    }
  });

  it('pytest from a tests/ folder of test_*.py files, run by the project virtualenv when there is one', () => {
    put({ 'tests/unit/test_calc.py': 'def test_add(): assert 1 + 1 == 2\n' });
    assert.deepEqual(commands(), ['python3 -m pytest']);
    put({ '.venv/bin/python': '' });
    const [c] = detectGate(dir);
    assert.deepEqual(c?.argv, ['.venv/bin/python', '-m', 'pytest']);
    assert.equal(c?.reason, "tests/ holds test_*.py files; the project's .venv runs it");
  });

  it('pytest through uv or poetry when their lockfile is there', () => {
    put({ 'pyproject.toml': '[project]\ndependencies = []\n[dependency-groups]\ndev = ["pytest>=8"]\n', 'uv.lock': '' });
    assert.deepEqual(commands(), ['uv run pytest']);
    rmSync(join(dir, 'uv.lock'));
    put({ 'poetry.lock': '' });
    assert.deepEqual(commands(), ['poetry run pytest']);
  });

  it('a tests/ folder without Python tests is not pytest', () => {
    put({ 'tests/calc.test.js': '', 'pyproject.toml': '[project]\nname = "x"\n' });
    assert.deepEqual(detectGate(dir), []);
  });

  it('cargo, go and make', () => {
    put({ 'Cargo.toml': '[package]\nname = "calc"\n' });
    assert.deepEqual(detectGate(dir), [{ command: 'cargo test', argv: ['cargo', 'test'], source: 'cargo', reason: 'Cargo.toml exists (a Rust crate)' }]);
    rmSync(join(dir, 'Cargo.toml'));
    put({ 'go.mod': 'module example.com/calc\n\ngo 1.22\n' });
    assert.deepEqual(commands(), ['go test ./...']);
    rmSync(join(dir, 'go.mod'));
    put({ Makefile: 'build:\n\tgo build\n\ncheck test: build\n\tgo test ./...\n' });
    assert.deepEqual(detectGate(dir), [{ command: 'make test', argv: ['make', 'test'], source: 'make', reason: 'Makefile has a "test" target' }]);
  });

  it('a Makefile without a test target (a variable, a prerequisite, a recipe line) is no candidate', () => {
    put({ Makefile: 'test := unit\nall: test\n\techo test: done\n.PHONY: test\n' });
    assert.deepEqual(detectGate(dir), []);
  });

  it('several ecosystems: all of them, package.json first, then pytest, cargo, go, make', () => {
    put({ 'package.json': pkg({ test: 'node --test' }), 'yarn.lock': '', 'pytest.ini': '', 'Cargo.toml': '', 'go.mod': '', Makefile: 'test:\n\t./run\n' });
    assert.deepEqual(
      detectGate(dir).map((c) => c.source),
      ['package.json', 'pytest', 'cargo', 'go', 'make'],
    );
  });

  it('every candidate command reads back as the same argv', () => {
    put({ 'package.json': pkg({ test: 'x' }), 'pytest.ini': '', 'Cargo.toml': '', 'go.mod': '', Makefile: 'test:\n' });
    for (const c of detectGate(dir)) {
      assert.ok(c.argv);
      assert.deepEqual(GateSpecSchema.parse(c), { command: c.command, argv: c.argv }, 'a candidate is a storable GateSpec');
      assert.deepEqual(parseGateCommand(c.command), { command: c.command, argv: c.argv });
    }
  });
});
