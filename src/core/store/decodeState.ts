// Turns the text of a state file into a validated execution, or says precisely why it cannot. Pure.
import { formatIssues } from '../model/config';
import { OrchestrationExecutionSchema, SCHEMA_VERSION, type OrchestrationExecution } from '../model/execution';

export type DecodeResult =
  { ok: true; execution: OrchestrationExecution } | { ok: false; reason: 'corrupt' | 'schema' | 'future-version' | 'empty'; message: string };

/** Older layouts are upgraded here, one step per version. */
const migrations: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: `runs` (one entry per claude process) became `agentRuns`, so "run" names one thing only.
  1: ({ runs, ...rest }) => ({ ...rest, agentRuns: runs ?? [], schemaVersion: 2 }),
};

export function decodeState(text: string): DecodeResult {
  if (text.trim() === '') return { ok: false, reason: 'empty', message: 'the file is empty' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'corrupt', message: `it is not valid JSON (${(e as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'schema', message: 'it does not hold an orchestration object' };
  }
  let record = raw as Record<string, unknown>;
  const version = record.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    return {
      ok: false,
      reason: 'future-version',
      message: `it was written by a newer SpecFlow (schema version ${version}; this version reads up to ${SCHEMA_VERSION})`,
    };
  }
  if (typeof version === 'number') {
    for (let v = version; v < SCHEMA_VERSION; v++) {
      const step = migrations[v];
      if (!step) return { ok: false, reason: 'schema', message: `no migration from schema version ${v}` };
      record = step(record);
    }
  }
  const parsed = OrchestrationExecutionSchema.safeParse(record);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    const shown = issues.slice(0, 3).join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '');
    return { ok: false, reason: 'schema', message: `it does not match the orchestration schema (${shown})` };
  }
  return { ok: true, execution: parsed.data };
}
