// specflow-orchestrate: the SpecFlow engine without VS Code (mirrors the seed's API routes FR-080…085).
import { batchesCommand } from './commands/batches';
import { demoCommand } from './commands/demo';
import { pauseCommand } from './commands/pause';
import { revertCommand } from './commands/revert';
import { reportCommand } from './commands/report';
import { serveCommand } from './commands/serve';
import { cancelCommand, listCommand, mergeCommand, resumeCommand, startCommand, statusCommand } from './commands/orchestrate';
import { AlreadyInProgressError, InputError } from '../core/service/errors';
import { StateFileError } from '../core/store/stateFileError';
import { ExitCode } from './exitCodes';
import { commandHelp } from './help';
import { processIo, type CliIo } from './io';
import { UsageError } from './usageError';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, Command> = {
  batches: batchesCommand,
  start: startCommand,
  status: statusCommand,
  list: listCommand,
  cancel: cancelCommand,
  pause: pauseCommand,
  resume: resumeCommand,
  merge: mergeCommand,
  revert: revertCommand,
  report: reportCommand,
  demo: demoCommand,
  serve: serveCommand,
};

export const USAGE = `Usage:
  specflow-orchestrate batches <tasks.md> [--batch-size N] [--json]
  specflow-orchestrate start   [--project DIR] [--config FILE | option flags] [--json]
  specflow-orchestrate status  [--project DIR] [--id ID] [--json]
  specflow-orchestrate list    [--project DIR] [--json]
  specflow-orchestrate cancel|resume|merge [--project DIR] [--id ID] [--json]
  specflow-orchestrate pause   [--project DIR] [--id ID] [--json]             # pause at the next step or batch boundary
  specflow-orchestrate revert  --batch N [--project DIR] [--id ID] [--json]   # undo one batch: its changes and checkmarks
  specflow-orchestrate report  [--project DIR] [--id ID] [--json]             # the morning-after report
  specflow-orchestrate demo    [--dir DIR]   # the demo project, completed by the simulated agent
  specflow-orchestrate serve   [--project DIR]… [--port N] [--host H] [--cors ORIGIN]   # the HTTP API

Run "specflow-orchestrate <command> --help" for the options of a command.`;

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    if (verb) {
      io.out(USAGE);
      return ExitCode.ok;
    }
    io.err(USAGE);
    return ExitCode.usage;
  }
  const command = commands[verb];
  if (command && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(commandHelp(verb) ?? USAGE);
    return ExitCode.ok;
  }
  try {
    if (!command) throw new UsageError(`unknown command "${verb}" (expected one of: ${Object.keys(commands).join(', ')})`);
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError || e instanceof StateFileError) {
      io.err(`specflow-orchestrate: ${e.message}`);
      return ExitCode.usage;
    }
    if (e instanceof AlreadyInProgressError) {
      io.err(`specflow-orchestrate: ${e.message}`);
      return ExitCode.alreadyRunning;
    }
    io.err(`specflow-orchestrate: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.SPECFLOW_DEBUG) io.err(String((e as Error)?.stack));
    return ExitCode.failed;
  }
}

/** Exit once stdout and stderr are flushed; nothing left over (a watcher, a timer) may keep a finished command alive. */
function exitAfterFlush(code: number): void {
  if (process.env.SPECFLOW_DEBUG_HANDLES) {
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
    process.stderr.write(`active handles at exit: ${handles.map((h) => (h as object)?.constructor?.name).join(', ')}\n`);
  }
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => exitAfterFlush(code),
    (e) => {
      process.stderr.write(`specflow-orchestrate: ${String(e)}\n`);
      exitAfterFlush(ExitCode.failed);
    },
  );
}
