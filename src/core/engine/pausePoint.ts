// Where a run may pause: at a boundary, never in the middle of an agent's work. A pause asked for while an
// agent works (pauseRequested) and "pause between batches" both take effect here.
import type { DriveContext } from './context';
import { change } from './lifecycle';
import { beginWait } from './waits';

/** True when the run paused (the drive must stop). */
export async function pauseAtBatchBoundary(ctx: DriveContext, finishedIndex: number): Promise<boolean> {
  const orch = ctx.orch;
  const morePending = orch.batches.some((b) => b.status === 'pending');
  if (!orch.pauseRequested && !(orch.config.pauseBetweenBatches && morePending)) return false;
  const byUser = orch.pauseRequested;
  orch.pauseRequested = false;
  beginWait(
    orch,
    {
      reason: byUser ? 'user_pause' : 'pause_between_batches',
      message: byUser ? 'Paused by the user: resume to continue' : `Paused after batch ${finishedIndex} (pause between batches): resume to continue`,
      since: new Date(ctx.clock.now()).toISOString(),
    },
    ctx.clock.now(),
  );
  change(orch, { status: 'paused' }, byUser ? 'paused at the batch boundary as the user asked' : 'pauseBetweenBatches is on: paused until resume', {
    nextBatch: orch.batches.find((b) => b.status === 'pending')?.index,
  });
  await ctx.save();
  return true;
}

/** A pause asked for while an agent worked takes effect at the next step boundary (design, analyze, each
 * batch, verify, merge). True when the run paused. */
export async function pauseAtStepBoundary(ctx: DriveContext, after: string): Promise<boolean> {
  const orch = ctx.orch;
  if (!orch.pauseRequested) return false;
  orch.pauseRequested = false;
  beginWait(
    orch,
    { reason: 'user_pause', message: `Paused by the user after ${after}: resume to continue`, since: new Date(ctx.clock.now()).toISOString() },
    ctx.clock.now(),
  );
  change(orch, { status: 'paused' }, `paused after ${after} as the user asked`);
  await ctx.save();
  return true;
}
