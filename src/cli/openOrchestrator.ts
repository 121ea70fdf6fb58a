// The engine's front door for the project a command names (--project, else the current directory), with a
// logger that writes to stderr (quiet with --json, so stdout stays one JSON document).
import { existsSync, statSync } from 'node:fs';
import type { EngineLogger } from '../core/engine/ports';
import { ProjectOrchestrator } from '../core/service/projectOrchestrator';
import type { CliIo } from './io';
import { projectDir } from './options';
import { UsageError } from './usageError';

type Values = Record<string, string | boolean | string[] | undefined>;

export function openOrchestrator(values: Values, io: CliIo): ProjectOrchestrator {
  const project = projectDir(values);
  if (!existsSync(project) || !statSync(project).isDirectory()) throw new UsageError(`project directory not found: ${project}`);
  const logger = cliLogger(io, Boolean(values.json));
  return new ProjectOrchestrator(project, {
    owner: 'specflow-orchestrate',
    ...(typeof values.claude === 'string' ? { claudePath: values.claude } : {}),
    ...(typeof values.specflow === 'string' ? { specflowPath: values.specflow } : {}),
    logger,
  });
}

/** The engine's log lines on stderr; `quiet` (--json) keeps only warnings and errors. */
export function cliLogger(io: CliIo, quiet: boolean): EngineLogger {
  return {
    info: (m) => (quiet ? undefined : io.err(`specflow: ${m}`)),
    warn: (m) => io.err(`specflow: warning: ${m}`),
    error: (m) => io.err(`specflow: error: ${m}`),
  };
}
