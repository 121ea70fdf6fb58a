import assert from 'node:assert/strict';
import { GateCommandError, formatArgv, parseGateCommand } from '../../../src/core/gate/parseGateCommand';

describe('parseGateCommand', () => {
  it('a plain command line is argv, split on whitespace', () => {
    assert.deepEqual(parseGateCommand('  npm   test  '), { command: 'npm   test', argv: ['npm', 'test'] });
    assert.deepEqual(parseGateCommand('go test ./...'), { command: 'go test ./...', argv: ['go', 'test', './...'] });
    assert.deepEqual(parseGateCommand('npx mocha --timeout=5000 test/unit'), {
      command: 'npx mocha --timeout=5000 test/unit',
      argv: ['npx', 'mocha', '--timeout=5000', 'test/unit'],
    });
  });

  it('quotes group words and are removed; metacharacters inside single quotes are literal', () => {
    assert.deepEqual(parseGateCommand(`pytest -k "not slow" 'tests/a b.py' x""y ''`)?.argv, ['pytest', '-k', 'not slow', 'tests/a b.py', 'xy', '']);
    assert.deepEqual(parseGateCommand(`npm test -- --grep 'a|b && $HOME *'`)?.argv, ['npm', 'test', '--', '--grep', 'a|b && $HOME *']);
    assert.deepEqual(parseGateCommand(`node -e "process.exit(3)"`)?.argv, ['node', '-e', 'process.exit(3)']);
  });

  it('shell syntax runs through the shell, exactly as written', () => {
    for (const text of [
      'npm test && npm run lint',
      'npm test | tee out.log',
      'npm test; echo done',
      'npm test > out.log',
      'pytest $PYTEST_ARGS',
      'echo "$HOME"',
      'echo `date`',
      'cargo test $(cat flags)',
      'pytest tests/*.py',
      'ls file?.txt',
      'echo {a,b}',
      '~/bin/run-tests',
      'CI=1 npm test',
      'npm test # all of them',
      'echo a\\ b',
      'make test\nmake lint',
    ]) {
      assert.deepEqual(parseGateCommand(text), { command: text.trim(), shell: text.trim() }, text);
    }
  });

  it('"none" in any case turns the gate off', () => {
    assert.equal(parseGateCommand('none'), null);
    assert.equal(parseGateCommand(' NONE '), null);
    assert.notEqual(parseGateCommand('none-such'), null);
  });

  it('an empty command or an unclosed quote is a clear error', () => {
    assert.throws(
      () => parseGateCommand('   '),
      (e: unknown) => e instanceof GateCommandError && /empty/.test(e.message) && /"none"/.test(e.message),
    );
    assert.throws(
      () => parseGateCommand(`pytest -k "not slow`),
      (e: unknown) => e instanceof GateCommandError && /unclosed double quote/.test(e.message),
    );
    assert.throws(() => parseGateCommand(`pytest -k 'x`), /unclosed single quote/);
  });

  it('formatArgv quotes what needs it, and reads back to the same argv', () => {
    const argv = ['.venv/bin/python', '-m', 'pytest', 'a b', "it's", '', 'x|y', '--k=v'];
    const text = formatArgv(argv);
    assert.equal(text, `.venv/bin/python -m pytest 'a b' 'it'"'"'s' '' 'x|y' --k=v`);
    assert.deepEqual(parseGateCommand(text), { command: text, argv });
  });
});
