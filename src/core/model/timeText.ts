// Durations and reset times in the words every surface uses — the CLI, the tree, the status bar, the report and
// (through src/protocol) the webview — so a countdown reads the same everywhere. Pure, no imports.

/** 45s · 3m 07s · 1h 05m · 3d 0h (from 48 hours on, days read better than "72h 00m"). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h >= 48) return `${Math.floor(h / 24)}d ${h % 24}h`;
  return h ? `${h}h ${String(m).padStart(2, '0')}m` : m ? `${m}m ${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "04:24" today (local time), or "Tue 9 Dec 17:00" when it is further away: the date is always shown when it matters. */
export function whenText(at: number, now: number): string {
  const d = new Date(at);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return at - now < 20 * 3_600_000 && d.getDate() === new Date(now).getDate() ? hm : `${DAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${hm}`;
}
