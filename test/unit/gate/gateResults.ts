// GateResult values for the pure tests: a passing run by default, changed where a test says so.
import type { GateResult } from '../../../src/core/model/gate';

export function gateResult(over: Partial<GateResult> = {}): GateResult {
  return {
    command: 'npm test',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 4200,
    exitCode: 0,
    signal: null,
    timedOut: false,
    timeoutMs: 20 * 60_000,
    aborted: false,
    logPath: '/p/.specflow/runs/r1.gate.log',
    failingTests: [],
    outputTail: '',
    ...over,
  };
}

/** A failing run whose output a parser read: exit 1 and these failing tests. */
export function failing(names: string[], over: Partial<GateResult> = {}): GateResult {
  return gateResult({ exitCode: 1, format: 'mocha', counts: { passed: 10, failed: names.length }, failingTests: names, ...over });
}
