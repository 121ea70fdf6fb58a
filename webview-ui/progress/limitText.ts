// The usage-limit countdown, ticking on the local clock from `run.limit.until`: "resumes at 04:24 (in 3h
// 12m)". The same wording the host uses (src/core/engine/progress.ts) on every other surface. Pure.
import { formatDuration } from '../shared/format';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "04:24" today (local time), or "Tue 9 Dec 17:00" when it is further away: the date shows when it matters. */
export function whenText(at: number, now: number): string {
  const d = new Date(at);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return at - now < 20 * 3_600_000 && d.getDate() === new Date(now).getDate() ? hm : `${DAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${hm}`;
}

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
