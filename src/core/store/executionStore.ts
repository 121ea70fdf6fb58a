// Reads and writes `orchestration-{id}.json` for one project. Writes are atomic; a file that cannot be
// decoded is moved aside as `*.corrupt-{time}` and reported, never overwritten.
import { appendFile, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { DecisionLogEntry, OrchestrationExecution } from '../model/execution';
import { isValidId } from '../model/ids';
import { writeJsonAtomic } from './atomicJson';
import { decodeState } from './decodeState';
import { archivedLogFile, stateFile, STATE_FILE_PATTERN, workflowsDir } from './paths';
import { ensureRuntimeIgnored } from './runtimeIgnore';
import { StateFileError } from './stateFileError';

/** Decision-log entries kept inline; older ones go to the side file so every save stays small. */
export const INLINE_LOG_LIMIT = 500;

export class OrchestrationNotFoundError extends Error {
  constructor(
    readonly projectPath: string,
    readonly id?: string,
  ) {
    super(id ? `no orchestration ${id} in ${projectPath}` : `no orchestration found in ${projectPath}`);
    this.name = 'OrchestrationNotFoundError';
  }
}

function stampForName(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

export class ExecutionStore {
  constructor(readonly projectPath: string) {}

  async load(id: string): Promise<OrchestrationExecution> {
    return this.loadFile(stateFile(this.projectPath, id));
  }

  private ignored = false;

  async save(execution: OrchestrationExecution): Promise<number> {
    const file = stateFile(this.projectPath, execution.id);
    if (!this.ignored) {
      ensureRuntimeIgnored(workflowsDir(this.projectPath));
      this.ignored = true;
    }
    if (execution.decisionLog.length > INLINE_LOG_LIMIT) {
      const overflow = execution.decisionLog.length - INLINE_LOG_LIMIT;
      const moved = execution.decisionLog.slice(0, overflow);
      // Archive first, then drop from the state: a crash in between leaves an entry in both places, which
      // readers dedupe by seq, instead of losing it.
      await mkdir(workflowsDir(this.projectPath), { recursive: true });
      await appendFile(archivedLogFile(this.projectPath, execution.id), moved.map((e) => JSON.stringify(e)).join('\n') + '\n');
      execution.decisionLog = execution.decisionLog.slice(overflow);
      execution.decisionLogArchived += moved.length;
    }
    return writeJsonAtomic(file, execution);
  }

  /** Every orchestration of the project, newest first. Broken files are quarantined and listed in `errors`. */
  async list(): Promise<{ executions: OrchestrationExecution[]; errors: StateFileError[] }> {
    let names: string[];
    try {
      names = await readdir(workflowsDir(this.projectPath));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { executions: [], errors: [] };
      throw e;
    }
    const executions: OrchestrationExecution[] = [];
    const errors: StateFileError[] = [];
    for (const name of names.sort().reverse()) {
      const m = name.match(STATE_FILE_PATTERN);
      if (!m || !isValidId(m[1]!)) continue;
      try {
        executions.push(await this.loadFile(join(workflowsDir(this.projectPath), name)));
      } catch (e) {
        if (e instanceof StateFileError) errors.push(e);
        else if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    return { executions, errors };
  }

  /** The whole decision log: archived entries first, deduplicated by seq. */
  async fullDecisionLog(execution: OrchestrationExecution): Promise<DecisionLogEntry[]> {
    const seen = new Set<number>();
    const out: DecisionLogEntry[] = [];
    if (execution.decisionLogArchived > 0) {
      const text = await readFile(archivedLogFile(this.projectPath, execution.id), 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as DecisionLogEntry;
          if (!seen.has(e.seq)) {
            seen.add(e.seq);
            out.push(e);
          }
        } catch {
          // a torn last line from a crash mid-append; the entry is still inline in the state file
        }
      }
    }
    for (const e of execution.decisionLog) {
      if (seen.has(e.seq)) continue;
      seen.add(e.seq);
      out.push(e);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  private async loadFile(file: string): Promise<OrchestrationExecution> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const id = file.match(/orchestration-(.+)\.json$/)?.[1];
        throw Object.assign(new OrchestrationNotFoundError(this.projectPath, id), { code: 'ENOENT' });
      }
      throw new StateFileError(`cannot read state file ${file}: ${(e as Error).message}`, file, undefined, 'unreadable');
    }
    const decoded = decodeState(text);
    if (decoded.ok) return decoded.execution;
    const aside = `${file}.corrupt-${stampForName()}`;
    let quarantinedAs: string | undefined = aside;
    try {
      await rename(file, aside);
    } catch {
      quarantinedAs = undefined; // another process moved it first; it is still preserved
    }
    throw new StateFileError(
      `state file ${file} is unusable: ${decoded.message}. ` +
        (quarantinedAs ? `It was kept as ${aside}; no data was overwritten.` : 'It was left where it is.'),
      file,
      quarantinedAs,
      decoded.reason,
    );
  }
}
