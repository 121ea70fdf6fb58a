// SpecFlow's own test gate (issue 16): the project's tests, run by SpecFlow itself rather than reported by
// an agent. A baseline before batch 1 records how the tests stood before any agent work; a batch is
// confirmed only when the gate is no worse than that; verify runs it too, and merge is refused while it
// is worse. Output goes to runs/<id>.gate.log.
import { compareToBaseline } from '../gate/compareToBaseline';
import { detectGate } from '../gate/detectGate';
import { GateCommandError, parseGateCommand } from '../gate/parseGateCommand';
import { runGate } from '../gate/runGate';
import { describeGate } from '../gate/gateText';
import type { OrchestrationConfig } from '../model/config';
import type { GateEvidence, RunGate } from '../model/execution';
import type { GateResult } from '../model/gate';
import { gateLogFile, projectRelative } from '../store/paths';
import type { DriveContext } from './context';
import { logEntry } from './decisionLog';

export class GateConfigError extends Error {}

/** '' detects the project's test command, 'none' turns the gate off, anything else is the user's command. */
export function resolveGate(projectPath: string, config: Pick<OrchestrationConfig, 'gate'>): RunGate {
  const text = config.gate.trim();
  if (!text) {
    const found = detectGate(projectPath)[0];
    if (!found) return { spec: null, source: 'none' };
    const { source: _s, reason: _r, ...spec } = found;
    return { spec, source: 'detected' };
  }
  try {
    const spec = parseGateCommand(text);
    return spec ? { spec, source: 'config' } : { spec: null, source: 'none' };
  } catch (e) {
    if (e instanceof GateCommandError) throw new GateConfigError(`the gate command is not usable: ${e.message}`);
    throw e;
  }
}

async function runNow(ctx: DriveContext, label: string): Promise<GateResult> {
  const spec = ctx.orch.gate!.spec!;
  const logPath = gateLogFile(ctx.projectPath, ctx.orch.id);
  const result = await runGate({ cwd: ctx.projectPath, spec, timeoutMs: ctx.orch.config.gateTimeoutMinutes * 60_000, logPath, signal: ctx.signal, label });
  return { ...result, logPath: projectRelative(ctx.projectPath, logPath) };
}

/** Before batch 1: how the tests stand before any agent work. */
export async function ensureBaseline(ctx: DriveContext): Promise<void> {
  const gate = ctx.orch.gate;
  if (!gate?.spec || gate.baseline) return;
  logEntry(ctx.orch, 'note', `running the test gate for a baseline: ${gate.spec.command}`);
  await ctx.save();
  gate.baseline = await runNow(ctx, 'baseline');
  const b = gate.baseline;
  const note = b.startError ? `the gate could not start (${b.startError}): every later gate run will be compared with that` : describeGate(b);
  logEntry(ctx.orch, 'note', `test gate baseline: ${note}`, {
    command: b.command,
    exitCode: b.exitCode,
    counts: b.counts,
    failingTests: b.failingTests.slice(0, 20),
  });
  await ctx.save();
}

/** Runs the gate and compares it with the baseline; undefined when the run has no gate. */
export async function gateVerdict(ctx: DriveContext, label: string, previous?: GateEvidence): Promise<GateEvidence | undefined> {
  const gate = ctx.orch.gate;
  if (!gate?.spec) return undefined;
  const result = await runNow(ctx, label);
  const comparison = compareToBaseline(gate.baseline, result);
  logEntry(
    ctx.orch,
    'note',
    `test gate after ${label}: ${describeGate(result)} — ${comparison.verdict === 'worse' ? 'worse than the baseline' : 'no worse than the baseline'} (${comparison.reason})`,
    {
      command: result.command,
      exitCode: result.exitCode,
      counts: result.counts,
      verdict: comparison.verdict,
      newFailures: comparison.newFailures.slice(0, 20),
      logPath: result.logPath,
    },
  );
  return { result, comparison, runs: (previous?.runs ?? 0) + 1 };
}
