import assert from 'node:assert/strict';
import { CliUsageError, parseArgs, splitToolList, type CliArgs } from '../../../src/simulated/args';

function args(argv: string[]): CliArgs {
  const r = parseArgs(argv);
  assert.equal(r.type, 'run');
  return (r as { args: CliArgs }).args;
}

function usageError(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (e) {
    assert.ok(e instanceof CliUsageError, String(e));
    return e.message;
  }
  assert.fail(`no error for ${JSON.stringify(argv)}`);
}

describe('simulated claude: command-line parsing (commander semantics)', () => {
  it('takes options before or after the prompt; only the first operand is the prompt', () => {
    const a = args(['hello', '-p', '--output-format', 'json', 'ignored']);
    assert.equal(a.prompt, 'hello');
    assert.equal(a.print, true);
    assert.equal(a.outputFormat, 'json');
  });

  it('lets a variadic option swallow the following words, including the prompt', () => {
    const a = args(['-p', '--allowedTools', 'Read', 'my prompt']);
    assert.equal(a.prompt, undefined);
    assert.deepEqual(a.allowedTools, ['Read', 'my', 'prompt']);
  });

  it('ends a variadic list at the next -option so a later word is the prompt', () => {
    const a = args(['-p', '--tools', 'Read', 'Edit', '--verbose', 'hi']);
    assert.deepEqual(a.tools, ['Read', 'Edit']);
    assert.equal(a.verbose, true);
    assert.equal(a.prompt, 'hi');
  });

  it('does not swallow after --flag=value', () => {
    const a = args(['-p', '--allowedTools=Read,Edit', 'do it']);
    assert.deepEqual(a.allowedTools, ['Read', 'Edit']);
    assert.equal(a.prompt, 'do it');
  });

  it('treats everything after -- as operands', () => {
    const a = args(['-p', '--tools', 'Read', '--', '--not-an-option', 'x']);
    assert.deepEqual(a.tools, ['Read']);
    assert.equal(a.prompt, '--not-an-option');
  });

  it('accepts both spellings of allowed/disallowed tools and merges repeats', () => {
    const a = args(['-p', '--allowed-tools=Read', '--allowedTools', 'Bash(git *)', 'Edit', '--disallowed-tools', 'Write', '--', 'x']);
    assert.deepEqual(a.allowedTools, ['Read', 'Bash(git *)', 'Edit']);
    assert.deepEqual(a.disallowedTools, ['Write']);
  });

  it('splits tool lists on commas and spaces but not inside parentheses', () => {
    assert.deepEqual(splitToolList(['Read,Edit', 'Bash(git commit:*) Write', '']), ['Read', 'Edit', 'Bash(git commit:*)', 'Write']);
    assert.deepEqual(args(['-p', '--tools', '', '--', 'x']).tools, []);
  });

  it('rejects unknown options like commander, with its suggestion', () => {
    assert.equal(usageError(['-p', '--bogus', 'x']), "error: unknown option '--bogus'");
    assert.equal(usageError(['--print=x']), "error: unknown option '--print=x'\n(Did you mean --print?)");
    assert.equal(usageError(['-p', '--verbose=1', 'hi']), "error: unknown option '--verbose=1'\n(Did you mean --verbose?)");
    assert.equal(usageError(['-p', '--allowedtool', 'x']), "error: unknown option '--allowedtool'\n(Did you mean --allowed-tools?)");
  });

  it('reports invalid choices in commander format, even before an unknown option', () => {
    assert.equal(
      usageError(['-p', '--output-format', 'xml', 'hi']),
      "error: option '--output-format <format>' argument 'xml' is invalid. Allowed choices are text, json, stream-json.",
    );
    assert.equal(
      usageError(['-p', '--bogus', '--permission-mode=yolo']),
      "error: option '--permission-mode <mode>' argument 'yolo' is invalid. Allowed choices are acceptEdits, auto, bypassPermissions, default, dontAsk, plan.",
    );
  });

  it('reports a missing option argument', () => {
    assert.equal(usageError(['-p', '--model']), "error: option '--model <model>' argument missing");
    assert.equal(usageError(['-p', '--tools']), "error: option '--tools <tools...>' argument missing");
  });

  it('validates --max-budget-usd at parse time', () => {
    for (const bad of ['0', '-1', 'abc', '']) {
      assert.equal(usageError(['-p', `--max-budget-usd=${bad}`, 'x']), 'error: --max-budget-usd must be a positive number greater than 0');
    }
    assert.equal(args(['-p', '--max-budget-usd', '0.5', 'x']).maxBudgetUsd, 0.5);
  });

  it('handles version, help, combined short flags and optional values', () => {
    assert.deepEqual(parseArgs(['--version']), { type: 'version' });
    assert.deepEqual(parseArgs(['-p', '-v', '--bogus']), { type: 'version' });
    assert.deepEqual(parseArgs(['-p', '--help', '--bogus']), { type: 'help' });
    const a = args(['-pc', 'x']);
    assert.equal(a.print, true);
    assert.equal(a.continue, true);
    assert.equal(args(['-p', '-r']).resume, true);
    assert.equal(args(['-p', '--resume', '--verbose', 'x']).resume, true);
    assert.equal(args(['-p', '-r', 'abc', 'x']).resume, 'abc');
    assert.equal(args(['-p', '--no-session-persistence', 'x']).sessionPersistence, false);
  });

  it('dispatches a sub-command only without -p and before --', () => {
    assert.deepEqual(parseArgs(['doctor']), { type: 'subcommand', name: 'doctor' });
    assert.equal(args(['-p', 'doctor']).prompt, 'doctor');
    assert.equal(args(['--', 'doctor']).prompt, 'doctor');
  });

  it('accepts every documented and hidden option', () => {
    const a = args([
      '-p',
      '--add-dir',
      '/tmp',
      '--agent',
      'x',
      '--agents',
      '{}',
      '--allow-dangerously-skip-permissions',
      '--append-system-prompt=s',
      '--ax-screen-reader',
      '--bg',
      '--bare',
      '--betas',
      'b1',
      '--brief',
      '--chrome',
      '--no-chrome',
      '-d',
      '--debug-file',
      'f',
      '--disable-slash-commands',
      '--effort',
      'high',
      '--exclude-dynamic-system-prompt-sections',
      '--fallback-model',
      'sonnet',
      '--file',
      'f:a',
      '--fork-session',
      '--from-pr',
      '--ide',
      '--include-hook-events',
      '--include-partial-messages',
      '--input-format',
      'text',
      '--json-schema',
      '{}',
      '--mcp-config',
      '{}',
      '--model',
      'opus',
      '-n',
      'name',
      '--plugin-dir',
      'a',
      '--plugin-dir',
      'b',
      '--plugin-url',
      'u',
      '--prompt-suggestions',
      '--remote-control',
      '--replay-user-messages',
      '--safe-mode',
      '--setting-sources',
      'user,project',
      '--settings',
      '{}',
      '--strict-mcp-config',
      '--system-prompt',
      's',
      '--tmux',
      '--verbose',
      '-w',
      '--max-turns',
      '3',
      '--system-prompt-file',
      'f',
      '--append-system-prompt-file',
      'f',
      '--permission-prompt-tool',
      'stdio',
      '--resume-session-at',
      'm',
      '--max-thinking-tokens',
      '5',
      '--thinking',
      'adaptive',
      '--task-budget',
      '1',
      '--init',
      '--init-only',
      '--maintenance',
      '-d2e',
      '--',
      'the prompt',
    ]);
    assert.equal(a.prompt, 'the prompt');
    assert.equal(a.maxTurns, 3);
    assert.deepEqual(a.settingSources, ['user', 'project']);
    assert.deepEqual(a.raw.pluginDir, ['a', 'b']);
    assert.equal(a.raw.chrome, false);
  });
});
