// Scripted faults of the simulated agent (SPECFLOW_SIMULATED_FAULTS), so a demo can show SpecFlow's test gate
// catching a bug and a healer fixing it. `T009:test` makes the implement call that does T009 write a module
// with a bug its own test catches; healer calls never inject faults, so the heal that follows fixes it.

export type FaultKind = 'test';

export interface SimulatedFault {
  taskId: string;
  kind: FaultKind;
}

export interface ParsedFaults {
  faults: SimulatedFault[];
  /** Entries that are not `TASK:KIND` with a known kind, as written. */
  ignored: string[];
}

const KINDS: readonly FaultKind[] = ['test'];

/** `T009:test, T014:test` (commas or spaces between entries); an empty or missing value means no faults. */
export function parseFaults(text: string | undefined): ParsedFaults {
  const out: ParsedFaults = { faults: [], ignored: [] };
  for (const entry of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const m = /^([^:\s]+):([a-z]+)$/i.exec(entry);
    const kind = m?.[2]?.toLowerCase() as FaultKind | undefined;
    if (m && kind && KINDS.includes(kind)) out.faults.push({ taskId: m[1]!, kind });
    else out.ignored.push(entry);
  }
  return out;
}

export function faultFor(faults: readonly SimulatedFault[] | undefined, taskId: string, kind: FaultKind): SimulatedFault | undefined {
  return faults?.find((f) => f.taskId === taskId && f.kind === kind);
}

/** What `--help` adds for the simulated agent (its environment variables). */
export const SIMULATED_HELP = `
Simulated agent (SpecFlow, no AI): environment variables
  SPECFLOW_SIMULATED_DELAY_MS=<ms>      Pause before each task (default 250).
  SPECFLOW_SIMULATED_FAULTS=<faults>    Scripted faults, comma-separated
                                        TASK:KIND entries. T009:test makes the
                                        implement call for task T009 write a
                                        module with a bug its own test catches,
                                        so SpecFlow's test gate turns red and a
                                        healer run fixes it. Healer runs never
                                        inject faults. Empty: none.
`;
