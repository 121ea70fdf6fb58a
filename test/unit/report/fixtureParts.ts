// Builders for realistic run states: agent runs, decision-log entries, gate evidence and checkpoints, with
// times given as minutes after the run's start (2026-01-01 22:00 UTC).
import type * as z from 'zod';
import type { AgentRunSchema, DecisionLogEntrySchema, GateEvidence, StateRef } from '../../../src/core/model/execution';
import type { BatchCheckpoint, ChangedFile } from '../../../src/core/model/checkpoint';
import type { GateResult } from '../../../src/core/model/gate';

const RUN_START = Date.parse('2026-01-01T22:00:00.000Z');

/** The time `min` minutes and `sec` seconds after the run started. */
export function at(min: number, sec = 0): string {
  return new Date(RUN_START + (min * 60 + sec) * 1000).toISOString();
}

/** A valid execution id for an agent run started at that time. */
function execId(when: string, n: number): string {
  const d = when.replace(/[-:]/g, '');
  return `${d.slice(0, 8)}-${d.slice(9, 15)}-000-${n.toString(16).padStart(6, '0')}`;
}

type RunInput = z.input<typeof AgentRunSchema>;

export interface RunSpec {
  kind: RunInput['kind'];
  batch?: number;
  heal?: number;
  skill?: string;
  from: string;
  to?: string;
  outcome?: RunInput['outcome'];
  costUsd: number;
  result?: string;
  message?: string;
}

export function agentRun(s: RunSpec): RunInput {
  const id = execId(s.from, (s.batch ?? 0) * 100 + (s.heal ?? 0) * 10 + s.kind.length);
  return {
    executionId: id,
    kind: s.kind,
    ...(s.batch !== undefined ? { batchIndex: s.batch } : {}),
    ...(s.heal !== undefined ? { healAttempt: s.heal } : {}),
    ...(s.skill ? { skill: s.skill } : {}),
    state: s.to ? 'exited' : 'running',
    startedAt: s.from,
    ...(s.to ? { endedAt: s.to, durationMs: Date.parse(s.to) - Date.parse(s.from), exitCode: s.outcome === 'success' ? 0 : 1 } : {}),
    costUsd: s.costUsd,
    ...(s.outcome ? { outcome: s.outcome } : {}),
    ...(s.result ? { resultText: s.result } : {}),
    ...(s.message ? { outcomeMessage: s.message } : {}),
    applied: !!s.to,
    logPath: `.specflow/workflows/runs/${id}.jsonl`,
    stderrPath: `.specflow/workflows/runs/${id}.stderr.log`,
  };
}

type EntryInput = z.input<typeof DecisionLogEntrySchema>;

export function entry(when: string, kind: EntryInput['kind'], ref: StateRef, reason: string, evidence: Record<string, unknown> = {}): Omit<EntryInput, 'seq'> {
  return { at: when, kind, from: ref, to: ref, reason, evidence };
}

/** Numbers the entries in order, as the engine does. */
export function numbered(entries: Omit<EntryInput, 'seq'>[]): EntryInput[] {
  return entries.map((e, i) => ({ seq: i + 1, ...e }));
}

export function gateRun(when: string, over: Partial<GateResult> = {}): GateResult {
  return {
    command: 'npm test',
    startedAt: when,
    durationMs: 8400,
    exitCode: 0,
    signal: null,
    timedOut: false,
    timeoutMs: 20 * 60_000,
    aborted: false,
    logPath: '.specflow/workflows/runs/20260101-220000-a1b2c3.gate.log',
    format: 'node-spec',
    counts: { passed: 12, failed: 0 },
    failingTests: [],
    outputTail: '',
    ...over,
  };
}

export function passingGate(when: string, passed: number, runs = 1): GateEvidence {
  return {
    result: gateRun(when, { counts: { passed, failed: 0 } }),
    comparison: { verdict: 'pass', reason: `exit 0 · ${passed} passed`, newFailures: [] },
    runs,
  };
}

export function file(path: string, status: ChangedFile['status'], additions: number, deletions: number, over: Partial<ChangedFile> = {}): ChangedFile {
  return { path, status, additions, deletions, binary: false, ...over };
}

export function committed(batch: number, sha: string, files: ChangedFile[]): BatchCheckpoint {
  return {
    status: 'committed',
    beforeRef: `refs/specflow/20260101-220000-a1b2c3/${batch}/before`,
    beforeSha: `${batch}`.repeat(40),
    afterSha: sha.split('').reverse().join(''),
    commitSha: sha,
    files,
    skippedPaths: [],
  };
}

export function task(id: string, line: number, words: string) {
  return { id, line, text: `${id} ${words}` };
}
