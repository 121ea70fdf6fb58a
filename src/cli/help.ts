// `specflow-orchestrate <command> --help`: what the command does and every option it takes.

const PROJECT = [
  ['--project DIR', 'the project (default: the current directory)'],
  ['--id ID', 'the orchestration (default: the one holding the project, else the newest)'],
  ['--json', 'print JSON only'],
  ['--claude PATH', 'the claude executable (else $SPECFLOW_CLAUDE_PATH, else claude on PATH)'],
  ['--specflow PATH', 'the specflow CLI for `specflow status --json` (else $SPECFLOW_CLI_PATH, else PATH, else built-in)'],
] as const;

const CONFIG = [
  ['--config FILE', 'a JSON file with the run options (the flags below override it)'],
  ['--auto-merge', 'merge after verify (else the run stops at merge ready)'],
  ['--skip-design / --skip-analyze', 'skip those steps'],
  ['--context TEXT', 'additional context for every implement prompt'],
  ['--no-auto-heal, --max-heal-attempts N', 'healing of failed batches (default on, 1 attempt)'],
  ['--batch-size N', 'tasks per batch when tasks.md has no ## sections (15)'],
  ['--max-batch-tasks N', 'split a bigger section into parts (20)'],
  ['--include-optional', "run Kiro's optional `- [ ]*` tasks too"],
  ['--checklists-are-tasks', 'treat ID-less checklist sections as work'],
  ['--pause-between-batches', 'pause after every batch'],
  ['--budget-batch/-total/-heal/-decision USD', 'money caps (5, 50, 2, 0.5); a batch covers its heals and decisions'],
  ['--model M, --fallback-model M, --decision-model M', 'models'],
  ['--profile specflow|spec-kit|plain|custom', 'which skills run each step (Kiro/OpenSpec: plain)'],
  ['--permission-mode MODE, --allowed-tools a,b', 'agent permissions'],
  ['--stale-minutes N, --retry-backoff-seconds N', 'stale agents and API back-off'],
  ['--max-limit-wait-hours N', 'a usage limit resetting later than this pauses the run (6)'],
  ['--gate CMD', "SpecFlow's test gate: a command, or none (default: detected)"],
  ['--gate-timeout-minutes N', 'the gate is killed after this long (20)'],
  ['--checkpoints commit|refs|off', 'git checkpoint per batch (commit)'],
  ['--parallel N', 'agents for a wave of [P] tasks, 1-8 (1)'],
  ['--serial-pattern TEXT', 'tasks matching it never run in parallel (repeatable)'],
  ['--no-decisions', 'no read-only Claude calls to classify failures'],
  ['--agent-env NAME=value', 'extra environment for every agent (repeatable)'],
] as const;

const OUTPUT = [
  ['--ci', 'GitHub Actions output: log groups, annotations, the report as the job summary'],
  ['--notify-webhook URL', 'post outcomes to Slack, Discord, ntfy or JSON (or $SPECFLOW_NOTIFY_WEBHOOK)'],
  ['--notify-format F', 'slack | discord | ntfy | json (default: by the URL)'],
  ['--notify-desktop', 'desktop notifications'],
] as const;

type Rows = readonly (readonly [string, string])[];

const COMMANDS: Record<string, { usage: string; what: string; options: Rows[] }> = {
  batches: {
    usage: 'batches <tasks.md> [--batch-size N] [--max-batch-tasks N] [--include-optional] [--checklists-are-tasks] [--json]',
    what: 'Shows the batches a run would make of tasks.md (the format, splits, warnings).',
    options: [
      [
        ['--batch-size N', 'fixed batch size without ## sections (15)'],
        ['--max-batch-tasks N', 'split bigger sections (20)'],
        ['--include-optional', 'plan optional tasks'],
        ['--checklists-are-tasks', 'checklists are work'],
        ['--json', 'print JSON'],
      ],
    ],
  },
  start: {
    usage: 'start [--project DIR] [options]',
    what: 'Starts a run and drives it in the foreground until it rests.',
    options: [PROJECT.filter(([f]) => f !== '--id ID'), CONFIG, OUTPUT],
  },
  resume: {
    usage: 'resume [--project DIR] [--id ID] [options]',
    what: 'Continues a paused, failed, cancelled or orphaned run; options change it (a higher budget).',
    options: [PROJECT, CONFIG, OUTPUT],
  },
  merge: { usage: 'merge [--project DIR] [--id ID]', what: 'Runs merge for a merge-ready run (or past a USER GATE).', options: [PROJECT, OUTPUT] },
  status: { usage: 'status [--project DIR] [--id ID] [--json]', what: 'The run: its state file exactly as stored with --json.', options: [PROJECT] },
  list: { usage: 'list [--project DIR] [--json]', what: 'Every run of the project, newest first.', options: [PROJECT] },
  cancel: { usage: 'cancel [--project DIR] [--id ID] [--json]', what: 'Cancels a run wherever it is driven from (its agent is stopped).', options: [PROJECT] },
  pause: {
    usage: 'pause [--project DIR] [--id ID] [--json]',
    what: 'Pauses a run at its next step or batch boundary, or at once while it waits (a usage limit).',
    options: [PROJECT],
  },
  revert: {
    usage: 'revert --batch N [--project DIR] [--id ID] [--json]',
    what: 'Undoes one batch from its git checkpoint: its changes and its checkmarks.',
    options: [[['--batch N', 'the batch to undo']], PROJECT],
  },
  report: { usage: 'report [--project DIR] [--id ID] [--json]', what: 'Prints the morning-after report.', options: [PROJECT] },
  serve: {
    usage: 'serve --project DIR [--project DIR …] [--port N] [--host H] [--cors ORIGIN]',
    what: "Serves the seed's HTTP API (token in .specflow/api-token).",
    options: [
      [
        ['--project DIR', 'a project to serve (repeatable)'],
        ['--port N', 'port (7433; 0 picks one)'],
        ['--host H', 'address (127.0.0.1)'],
        ['--cors ORIGIN', 'allow one browser origin'],
        ['--claude PATH', 'the claude executable'],
      ],
    ],
  },
  demo: {
    usage: 'demo [--dir DIR]',
    what: 'Writes the demo project and completes its phase with the simulated agent (no account, no network).',
    options: [[['--dir DIR', 'where (demo-project/)']]],
  },
};

export function commandHelp(command: string): string | undefined {
  const c = COMMANDS[command];
  if (!c) return undefined;
  const rows = c.options.flat();
  const width = Math.min(44, Math.max(...rows.map(([f]) => f.length)));
  return [`Usage: specflow-orchestrate ${c.usage}`, '', c.what, '', 'Options:', ...rows.map(([f, t]) => `  ${f.padEnd(width)}  ${t}`)].join('\n');
}
