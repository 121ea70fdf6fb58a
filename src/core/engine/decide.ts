// What the run does next, from its state and the project's status. Pure: the driver performs it.
// Order (FR-020): design → analyze → implement (batch by batch) → verify → merge.
import { type OrchestrationExecution } from '../model/execution';
import { type StepName } from '../model/statuses';
import type { StatusSnapshot } from '../status/statusSchema';
import type { SpecLayout } from '../status/specLayouts';

const SPEC_FILE: Record<SpecLayout, string> = { 'spec-kit': 'spec.md', kiro: "the Kiro spec's requirements", openspec: 'the OpenSpec proposal' };

export type NextStep =
  | { kind: 'step'; step: StepName }
  | { kind: 'skip'; step: StepName; reason: string }
  | { kind: 'plan' }
  | { kind: 'batch'; index: number }
  | { kind: 'gate' }
  | { kind: 'merge_ready' }
  | { kind: 'done' };

export function gateOpen(snap: Pick<StatusSnapshot, 'hasUserGate' | 'userGateStatus'>): boolean {
  return !snap.hasUserGate || snap.userGateStatus === 'confirmed' || snap.userGateStatus === 'skipped';
}

export function decideNext(
  exec: Pick<OrchestrationExecution, 'steps' | 'batches' | 'config' | 'tasksPath'> & { planned: boolean },
  snap: Pick<StatusSnapshot, 'hasSpec' | 'hasTasks' | 'hasUserGate' | 'userGateStatus'> & { layout?: SpecLayout },
  opts: { mergeRequested?: boolean } = {},
): NextStep {
  const { steps, config } = exec;
  if (steps.design.status === 'pending') {
    if (config.skipDesign) return { kind: 'skip', step: 'design', reason: 'skipDesign is set' };
    if (snap.hasSpec && snap.hasTasks) return { kind: 'skip', step: 'design', reason: `${SPEC_FILE[snap.layout ?? 'spec-kit']} and tasks.md already exist` };
    return { kind: 'step', step: 'design' };
  }
  if (steps.design.status === 'running') return { kind: 'step', step: 'design' };
  if (steps.analyze.status === 'pending' || steps.analyze.status === 'running') {
    if (steps.analyze.status === 'pending' && config.skipAnalyze) return { kind: 'skip', step: 'analyze', reason: 'skipAnalyze is set' };
    // Kiro and OpenSpec have no analyze skill: their written spec is taken as analyzed
    if (steps.analyze.status === 'pending' && config.skillProfile === 'plain' && snap.hasSpec && snap.hasTasks)
      return { kind: 'skip', step: 'analyze', reason: "the spec's files exist and the plain profile has no analyze skill" };
    return { kind: 'step', step: 'analyze' };
  }
  if (!exec.planned) return { kind: 'plan' };
  const batch = exec.batches.find((b) => b.status === 'pending' || b.status === 'running');
  if (batch) return { kind: 'batch', index: batch.index };
  if (steps.verify.status === 'pending' || steps.verify.status === 'running') return { kind: 'step', step: 'verify' };
  if (steps.merge.status === 'completed' || steps.merge.status === 'skipped') return { kind: 'done' };
  if (steps.merge.status === 'running') return { kind: 'step', step: 'merge' };
  if (opts.mergeRequested) return { kind: 'step', step: 'merge' };
  if (!gateOpen(snap)) return { kind: 'gate' };
  if (config.autoMerge) return { kind: 'step', step: 'merge' };
  return { kind: 'merge_ready' };
}
