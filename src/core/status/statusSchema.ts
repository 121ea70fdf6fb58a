// The shape of `specflow status --json` (specflow-formats §3). The built-in provider produces the same
// shape, so the engine never cares which one answered. Unknown extra fields are tolerated.
import * as z from 'zod';
import type { SpecLayout } from './specLayouts';

export const StatusOutputSchema = z
  .object({
    phase: z
      .object({
        number: z.string().nullable(),
        name: z.string().nullable(),
        branch: z.string().nullable(),
        status: z.string().nullable(),
        hasUserGate: z.boolean(),
      })
      .passthrough(),
    step: z.object({ current: z.string().nullable(), index: z.number(), status: z.string().nullable() }).passthrough(),
    progress: z.object({ tasksCompleted: z.number(), tasksTotal: z.number(), tasksBlocked: z.number(), percentage: z.number() }).passthrough(),
    health: z
      .object({
        status: z.string(),
        issues: z.array(z.object({ code: z.string(), severity: z.string().optional(), message: z.string() }).passthrough()),
      })
      .passthrough(),
    nextAction: z.string(),
    blockers: z.array(z.string()),
    context: z.object({ featureDir: z.string().nullable(), hasSpec: z.boolean(), hasPlan: z.boolean(), hasTasks: z.boolean() }).passthrough(),
  })
  .passthrough();

export type StatusOutput = z.infer<typeof StatusOutputSchema>;

/** What the engine reads from a status, whoever produced it. */
export interface StatusSnapshot {
  source: 'specflow-cli' | 'built-in';
  featureDir: string | null;
  /** Where the spec lives: spec-kit's specs/, Kiro's .kiro/specs/ or OpenSpec's openspec/changes/. */
  layout: SpecLayout;
  hasSpec: boolean;
  hasPlan: boolean;
  hasTasks: boolean;
  tasksCompleted: number;
  tasksTotal: number;
  tasksBlocked: number;
  hasUserGate: boolean;
  /** `confirmed`/`skipped` once the user answered the gate (from .specflow/orchestration-state.json). */
  userGateStatus: string | null;
  nextAction: string;
  /** The phase's own status (complete once merged and closed), when the source knows it. */
  phaseStatus: string | null;
  /** The current step and its status (`analyze` / `complete`), when the source knows them. */
  stepCurrent: string | null;
  stepStatus: string | null;
  /** When /flow.analyze last recorded a finished analysis (orchestration.analyze.completedAt). */
  analyzeCompletedAt: string | null;
  phaseName: string | null;
  phaseNumber: string | null;
  warnings: string[];
}
