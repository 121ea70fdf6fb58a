// Answers "where is the project now?" between every step (FR-021): `specflow status --json` when the
// specflow CLI exists, else the built-in provider. Both produce the same snapshot.
import { loadExeca } from '../process/execa';
import { computeBuiltinStatus } from './builtinStatus';
import { readSpecflowState } from './featureDir';
import { StatusOutputSchema, type StatusOutput, type StatusSnapshot } from './statusSchema';
import { resolveExecutable } from '../agent/resolveExecutable';
import { layoutOf } from './specLayouts';

export interface StatusProvider {
  readonly source: StatusSnapshot['source'];
  readonly executable?: string;
  snapshot(projectPath: string): Promise<StatusSnapshot>;
}

function toSnapshot(out: StatusOutput, source: StatusSnapshot['source'], projectPath: string, warnings: string[] = []): StatusSnapshot {
  const gate = readSpecflowState(projectPath);
  const phase = out.phase as StatusOutput['phase'] & { userGateStatus?: unknown };
  return {
    source,
    featureDir: out.context.featureDir,
    layout: layoutOf(projectPath, out.context.featureDir),
    hasSpec: out.context.hasSpec,
    hasPlan: out.context.hasPlan,
    hasTasks: out.context.hasTasks,
    tasksCompleted: out.progress.tasksCompleted,
    tasksTotal: out.progress.tasksTotal,
    tasksBlocked: out.progress.tasksBlocked,
    hasUserGate: out.phase.hasUserGate,
    userGateStatus: typeof phase.userGateStatus === 'string' ? phase.userGateStatus : (gate?.userGateStatus ?? null),
    nextAction: out.nextAction,
    phaseStatus: out.phase.status,
    stepCurrent: out.step.current,
    stepStatus: out.step.status,
    analyzeCompletedAt: gate?.analyzeCompletedAt ?? null,
    phaseName: out.phase.name,
    phaseNumber: out.phase.number,
    warnings,
  };
}

export const builtinStatusProvider: StatusProvider = {
  source: 'built-in',
  async snapshot(projectPath) {
    return toSnapshot(await computeBuiltinStatus(projectPath), 'built-in', projectPath);
  },
};

export class SpecflowCliStatusProvider implements StatusProvider {
  readonly source = 'specflow-cli' as const;
  constructor(readonly executable: string) {}

  async snapshot(projectPath: string): Promise<StatusSnapshot> {
    let stdout: string;
    try {
      const execa = await loadExeca();
      ({ stdout } = await execa(this.executable, ['status', '--json'], { cwd: projectPath, timeout: 30_000, reject: true, stdin: 'ignore' }));
    } catch (e) {
      // A broken specflow install must not stop the run: the built-in facts are the same, say so.
      const reason = String((e as { shortMessage?: string }).shortMessage ?? (e as Error).message).split('\n')[0];
      return { ...(await builtinStatusProvider.snapshot(projectPath)), warnings: [`specflow status failed (${reason}); used the built-in status`] };
    }
    let parsed;
    try {
      parsed = StatusOutputSchema.safeParse(JSON.parse(stdout));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      return {
        ...(await builtinStatusProvider.snapshot(projectPath)),
        warnings: ['specflow status --json printed an unexpected shape; used the built-in status'],
      };
    }
    return toSnapshot(parsed.data, 'specflow-cli', projectPath);
  }
}

/** `--specflow PATH`, else `$SPECFLOW_CLI_PATH`, else `specflow` on PATH; the built-in provider when none exists. */
export async function createStatusProvider(explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<StatusProvider> {
  const requested = explicit || env.SPECFLOW_CLI_PATH;
  const found = await resolveExecutable(requested || 'specflow', env);
  if (found) return new SpecflowCliStatusProvider(found);
  if (requested) throw new Error(`specflow CLI not found at ${requested}: fix --specflow / SPECFLOW_CLI_PATH or unset it to use the built-in status`);
  return builtinStatusProvider;
}
