// The usage-limit countdown, ticking on the local clock from `run.limit.until`: "resumes at 04:24 (in 3h
// 12m)". The same wording the host uses on every other surface (src/protocol/timeText.ts). Pure.
import { formatDuration, whenText } from '../../src/protocol/timeText';

export interface LimitCountdown {
  /** When the limit resets, as a clock time (with the date when it is not today). */
  at: string;
  /** How long until then: "3h 12m", "4m 05s", "0s" once it is due. */
  left: string;
}

/** The countdown to a limit's reset, or undefined when the host does not know when it resets. */
export function limitCountdown(limit: { until?: string | undefined }, now: number): LimitCountdown | undefined {
  const at = limit.until ? Date.parse(limit.until) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return { at: whenText(at, now), left: formatDuration(Math.max(0, at - now)) };
}
