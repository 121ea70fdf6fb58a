// A subscriber's usage limit, recognised the way claude 2.1.197 reports it (claude-cli.md §10): a
// `rate_limit_event` with status "rejected" and `resetsAt`, and a result text from the family "You've
// hit your session limit · resets 4:24am (UTC)". A limit is a wait, never a failure. An API key's
// "Request rejected (429)" is not a usage limit: that is a plain rate limit with back-off. Pure.
import type { RateLimitInfo } from './streamEvents';

export interface UsageLimit {
  /** five_hour, seven_day, seven_day_opus, seven_day_sonnet, overage… */
  type: string;
  /** When the limit lifts (epoch ms), if the CLI said. */
  resetsAt?: number;
  /** What the CLI said, for the decision log. */
  text: string;
}

const LIMIT_TEXT = /(You've hit your|You've reached your|You're out of extra usage|You're out of usage credits|Your org is out of usage)/i;
const LEGACY = /usage limit reached\|(\d{9,})/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function typeFromText(text: string): string {
  if (/session limit/i.test(text)) return 'five_hour';
  if (/opus limit/i.test(text)) return 'seven_day_opus';
  if (/sonnet limit/i.test(text)) return 'seven_day_sonnet';
  if (/weekly limit/i.test(text)) return 'seven_day';
  if (/extra usage|usage credits|org is out/i.test(text)) return 'overage';
  return 'usage';
}

/** Milliseconds to add to a wall-clock time in `timeZone` to get UTC, at about `at`. */
function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  })
    .formatToParts(new Date(at))
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {});
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute);
  return Math.floor(at / 60_000) * 60_000 - wall;
}

/** "resets 4:24am (UTC)", "resets Dec 9, 5pm (Europe/Paris)": the next such moment after `now`. */
export function parseResetTime(text: string, now: number): number | undefined {
  const m = text.match(/resets\s+(?:([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(?:at\s+)?)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*(?:\(([^)]+)\))?/i);
  if (!m) return undefined;
  let hour = Number(m[3]);
  const minute = Number(m[4] ?? 0);
  const ampm = m[5]?.toLowerCase();
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  const zone = m[6] ?? 'UTC';
  let offset: number;
  try {
    offset = zoneOffsetMs(zone, now);
  } catch {
    return undefined; // an unknown time zone: better no time than a wrong one
  }
  const local = new Date(now - offset);
  const month = m[1] ? MONTHS.indexOf(m[1].toLowerCase()) : local.getUTCMonth();
  if (month < 0) return undefined;
  const day = m[2] ? Number(m[2]) : local.getUTCDate();
  let at = Date.UTC(local.getUTCFullYear(), month, day, hour, minute) + offset;
  // A time without a date is the next one; a date already past is next year's.
  while (at <= now) at = m[1] ? Date.UTC(new Date(at - offset).getUTCFullYear() + 1, month, day, hour, minute) + offset : at + 86_400_000;
  return at;
}

export function usageLimitOf(resultText: string, rateLimit: RateLimitInfo | undefined, now: number): UsageLimit | undefined {
  if (rateLimit?.status === 'rejected') {
    const fromText = LIMIT_TEXT.test(resultText) ? parseResetTime(resultText, now) : undefined;
    const resetsAt = rateLimit.resetsAt ?? fromText;
    return { type: rateLimit.type ?? typeFromText(resultText), ...(resetsAt ? { resetsAt } : {}), text: resultText };
  }
  const legacy = resultText.match(LEGACY);
  if (legacy) return { type: 'usage', resetsAt: Number(legacy[1]) * 1000, text: resultText };
  if (!LIMIT_TEXT.test(resultText)) return undefined;
  const resetsAt = parseResetTime(resultText, now);
  return { type: typeFromText(resultText), ...(resetsAt ? { resetsAt } : {}), text: resultText };
}

const TYPE_LABELS: Record<string, string> = {
  five_hour: 'five-hour session limit',
  seven_day: 'weekly limit',
  seven_day_opus: 'weekly Opus limit',
  seven_day_sonnet: 'weekly Sonnet limit',
  overage: 'extra-usage limit',
  usage: 'usage limit',
};

export function limitLabel(type: string): string {
  return TYPE_LABELS[type] ?? `${type.replace(/_/g, ' ')} limit`;
}
